import { describe, expect, it } from 'vitest';
import {
  countRefusals,
  describeDatabase,
  estimatePostgresStartS,
  templateArgv,
} from '../../../../harness/system/postgres-group.ts';
import type { PostgresFacts } from '../../../../harness/system/postgres.ts';

const LOG = `2026-12-02 08:03:32.944 UTC [30565] LOG:  database system is ready to accept connections
2026-12-02 08:04:01.101 UTC [30601] FATAL:  sorry, too many clients already
2026-12-02 08:04:01.102 UTC [30602] FATAL:  remaining connection slots are reserved for roles with the SUPERUSER attribute
2026-12-02 08:04:01.103 UTC [30603] FATAL:  too many connections for role "bench"
2026-12-02 08:04:02.000 UTC [30604] ERROR:  canceling statement due to user request
2026-12-02 08:04:02.001 UTC [30605] FATAL:  terminating connection due to administrator command
`;

describe.each([
  { name: 'the three ways PostgreSQL refuses a connection', text: LOG, refusals: 3 },
  { name: 'a quiet log', text: LOG.split('\n')[0] ?? '', refusals: 0 },
  {
    name: "PostgreSQL 15's reserved-slot message",
    text: 'FATAL:  remaining connection slots are reserved for non-replication superuser connections\n',
    refusals: 1,
  },
])('countRefusals: $name', ({ text, refusals }) => {
  it(`counts ${refusals}`, () => expect(countRefusals(text)).toBe(refusals));
});

it('templateArgv writes the run folder and the port as {dir} and {port}', () => {
  const argv = [
    'postgres',
    '-D',
    '/tmp/r1/data',
    '-c',
    'port=5555',
    '-c',
    'unix_socket_directories=/tmp/r1/socket',
  ];
  expect(templateArgv(argv, '/tmp/r1', 5555)).toEqual([
    'postgres',
    '-D',
    '{dir}/data',
    '-c',
    'port={port}',
    '-c',
    'unix_socket_directories={dir}/socket',
  ]);
});

it('describeDatabase: what the app may open is max_connections minus both reserves', () => {
  const facts = {
    serverVersion: '18.6 (Debian 18.6-3)',
    serverVersionNum: 180006,
    maxConnections: 30,
    superuserReservedConnections: 3,
    reservedConnections: 2,
    sharedBuffers: '128MB',
    rows: 1000,
    tableBytes: 1,
    indexBytes: 2,
    locale: 'C',
  } as PostgresFacts;
  expect(describeDatabase(facts, 'On the client CPU.')).toMatchObject({
    engine: 'postgresql',
    maxConnections: 30,
    appConnectionLimit: 25,
    placementNote: 'On the client CPU.',
  });
});

it('estimatePostgresStartS grows with the rows to fill', () => {
  expect(estimatePostgresStartS(10_000)).toBeLessThan(estimatePostgresStartS(1_000_000));
});
