import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  buildPostgresEnv,
  buildPsqlArgv,
  parsePsqlRows,
  parseSessionReply,
} from '../../../../harness/system/psql.ts';
import { assertPortFree } from '../../../../harness/system/postgres-process.ts';

describe('buildPsqlArgv', () => {
  const target = {
    prefix: ['chroot', '/sid'],
    binDir: '/usr/lib/postgresql/18/bin',
    socketDir: '/tmp/r/socket',
    port: 5555,
    user: 'postgres',
    database: 'bench',
  };
  it('runs the installation’s psql without psqlrc, tuples only, tab-separated', () => {
    expect(buildPsqlArgv(target).join(' ')).toMatchInlineSnapshot(
      `"chroot /sid /usr/lib/postgresql/18/bin/psql -X -q -v ON_ERROR_STOP=1 -A -t -F 	 -h /tmp/r/socket -p 5555 -U postgres -d bench"`,
    );
    expect(buildPsqlArgv(target, false)).toContain('ON_ERROR_STOP=0');
  });
});

describe.each([
  { name: 'nothing', stdout: '', rows: [] },
  { name: 'one value', stdout: '42\n', rows: [['42']] },
  {
    name: 'two rows of two',
    stdout: '1\ta\n2\tb\n',
    rows: [
      ['1', 'a'],
      ['2', 'b'],
    ],
  },
  { name: 'an empty field', stdout: '1\t\n', rows: [['1', '']] },
])('parsePsqlRows: $name', ({ stdout, rows }) => {
  it('splits rows and fields', () => expect(parsePsqlRows(stdout)).toEqual(rows));
});

describe.each([
  { name: 'an unfinished reply', text: '3\t1\n', reply: null },
  { name: 'another query’s marker', text: '3\t1\n--end-1-- false \n', reply: null },
  {
    name: 'rows then the end line',
    text: '3\t1\n--end-2-- false \n',
    reply: { rows: [['3', '1']], error: null, rest: '' },
  },
  {
    name: 'an error',
    text: '--end-2-- true relation "nope" does not exist\nmore',
    reply: { rows: [], error: 'relation "nope" does not exist', rest: 'more' },
  },
])('parseSessionReply: $name', ({ text, reply }) => {
  it('waits for its own end line', () =>
    expect(parseSessionReply(text, '--end-2--')).toEqual(reply));
});

describe('buildPostgresEnv', () => {
  it('clears the caller’s PG* variables and sets the C locale', () => {
    expect(buildPostgresEnv({ PGHOST: 'db.example', PGOPTIONS: '-c x=1', HOME: '/root' })).toEqual({
      PGHOST: undefined,
      PGOPTIONS: undefined,
      LC_ALL: 'C',
      LANG: 'C',
    });
  });
});

describe('assertPortFree', () => {
  it('rejects a taken port with a message naming it', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as { port: number };
    try {
      await expect(assertPortFree(port)).rejects.toThrow(
        `port ${port} on 127.0.0.1 is already in use: choose another port, or none to get a free one`,
      );
    } finally {
      server.close();
    }
    await expect(assertPortFree(port)).resolves.toBeUndefined();
  });
});
