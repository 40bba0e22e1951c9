import { describe, expect, it } from 'vitest';
import {
  buildInitdbArgs,
  buildPostgresArgs,
  buildServerSettings,
  buildSetupSql,
  DEFAULT_ROWS,
  parseFacts,
  parsePostmasterPid,
  validatePostgresOptions,
  type PostgresOptions,
} from '../../../../harness/system/postgres-config.ts';

describe('validatePostgresOptions', () => {
  it('applies the defaults', () => {
    expect(validatePostgresOptions({ cpus: [0] })).toEqual({
      cpus: [0],
      rows: DEFAULT_ROWS,
      maxConnections: 100,
      extraSettings: {},
      locale: 'C',
      readyTimeoutMs: 60_000,
      setupTimeoutMs: 600_000,
    });
  });

  describe.each<{ name: string; options: PostgresOptions; message: string }>([
    { name: 'no CPU', options: { cpus: [] }, message: 'cpus must name at least one CPU' },
    {
      name: 'a negative CPU',
      options: { cpus: [-1] },
      message: 'every CPU number must be a whole number >= 0, got -1',
    },
    {
      name: 'zero rows',
      options: { cpus: [0], rows: 0 },
      message: 'rows must be a whole number >= 1, got 0',
    },
    {
      name: 'a fractional row count',
      options: { cpus: [0], rows: 1.5 },
      message: 'rows must be a whole number >= 1, got 1.5',
    },
    {
      name: 'a port out of range',
      options: { cpus: [0], port: 70_000 },
      message: 'port must be <= 65535, got 70000',
    },
    {
      name: 'a locale with a space',
      options: { cpus: [0], locale: 'en US' },
      message: 'locale "en US" is not a locale name',
    },
    {
      name: 'a setting that could inject arguments',
      options: { cpus: [0], settings: { 'work_mem -D /': '1' } },
      message: 'setting "work_mem -D /" is not a PostgreSQL parameter name',
    },
  ])('with $name', ({ options, message }) => {
    it('says what is wrong', () => expect(() => validatePostgresOptions(options)).toThrow(message));
  });
});

describe('command lines', () => {
  it('initdb: trust, UTF8, the locale, no fsync of a throwaway cluster', () => {
    expect(buildInitdbArgs('/pg/bin', '/tmp/r/data', 'C').join(' ')).toMatchInlineSnapshot(
      `"/pg/bin/initdb --pgdata /tmp/r/data --username postgres --auth trust --encoding UTF8 --locale C --no-sync"`,
    );
  });

  it('postgres: loopback only, own port and socket dir, every setting on the command line', () => {
    const settings = buildServerSettings({
      port: 5555,
      socketDir: '/tmp/r/socket',
      maxConnections: 50,
      extraSettings: { shared_buffers: '256MB' },
    });
    expect(buildPostgresArgs('/pg/bin', '/tmp/r/data', settings).join(' ')).toMatchInlineSnapshot(
      `"/pg/bin/postgres -D /tmp/r/data -c listen_addresses=127.0.0.1 -c port=5555 -c unix_socket_directories=/tmp/r/socket -c max_connections=50 -c timezone=UTC -c shared_buffers=256MB"`,
    );
  });

  it('setup SQL creates the role, database and table, fills, vacuums and checkpoints', () => {
    expect(buildSetupSql(1000)).toMatchInlineSnapshot(`
      "CREATE ROLE bench LOGIN;
      CREATE DATABASE bench OWNER bench;
      \\connect bench bench
      CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL);
      INSERT INTO items (id, name) SELECT i, md5(i::text) FROM generate_series(1, 1000) AS i;
      VACUUM (ANALYZE) items;
      \\connect bench postgres
      CHECKPOINT;
      "
    `);
  });
});

describe('parseFacts', () => {
  const known = {
    dataDir: '/tmp/r/data',
    binDir: '/pg/bin',
    rootfs: null,
    port: 5555,
    cpus: [0],
    settings: {},
    locale: 'C',
    fillSeconds: 1.5,
  };
  it('reads the facts row', () => {
    const facts = parseFacts(
      '18.6 (Debian 18.6-3)\t180006\t100\t3\t0\t128MB\t1000000\t68272128\t22487040\n',
      known,
    );
    expect(facts).toEqual({
      serverVersion: '18.6 (Debian 18.6-3)',
      serverVersionNum: 180006,
      maxConnections: 100,
      superuserReservedConnections: 3,
      reservedConnections: 0,
      sharedBuffers: '128MB',
      rows: 1_000_000,
      tableBytes: 68_272_128,
      indexBytes: 22_487_040,
      ...known,
    });
  });
  describe.each([
    { name: 'nothing', stdout: '', message: 'unexpected answer to the facts query: ""' },
    {
      name: 'a short row',
      stdout: '18.6\t180006\n',
      message: 'unexpected answer to the facts query: "18.6\\t180006\\n"',
    },
    {
      name: 'a non-number',
      stdout: '18.6\t180006\tlots\t3\t0\t128MB\t1\t2\t3\n',
      message: 'max_connections is not a number: "lots"',
    },
  ])('given $name', ({ stdout, message }) => {
    it('fails with what it got', () => expect(() => parseFacts(stdout, known)).toThrow(message));
  });
});

describe.each([
  {
    name: 'ready',
    text: '4321\n/d\n1796191758\n5555\n/tmp/r/socket\n127.0.0.1\n  2154996        14\nready   \n',
    parsed: { pid: 4321, port: 5555, status: 'ready' },
  },
  {
    name: 'starting',
    text: '4321\n/d\n1796191758\n5555\n/tmp/r/socket\n127.0.0.1\n  2154996        14\nstarting\n',
    parsed: { pid: 4321, port: 5555, status: 'starting' },
  },
  { name: 'half-written', text: '4321\n/d\n1796191758\n', parsed: null },
  { name: 'garbage', text: 'x\ny\nz\nw\n\n\n\n\n', parsed: null },
])('parsePostmasterPid: $name', ({ text, parsed }) => {
  it('reads pid, port and status', () => expect(parsePostmasterPid(text)).toEqual(parsed));
});
