import { describe, expect, it } from 'vitest';
import { buildPgbouncerIni, parseDatabaseUrl } from '../../../../harness/system/pgbouncer.ts';

describe.each([
  {
    url: 'postgresql://bench@127.0.0.1:5555/bench',
    parsed: { host: '127.0.0.1', port: 5555, database: 'bench', user: 'bench' },
  },
  {
    url: 'postgres://app%20user@localhost/my%20db',
    parsed: { host: 'localhost', port: 5432, database: 'my db', user: 'app user' },
  },
])('parseDatabaseUrl($url)', ({ url, parsed }) => {
  it('reads host, port, database and user', () => expect(parseDatabaseUrl(url)).toEqual(parsed));
});

it('parseDatabaseUrl refuses another scheme', () => {
  expect(() => parseDatabaseUrl('mysql://x@h/db')).toThrow(
    'not a postgresql:// URL: mysql://x@h/db',
  );
});

it('buildPgbouncerIni: one database, transaction pooling on loopback, the pool sizes given', () => {
  const ini = buildPgbouncerIni({
    upstream: { host: '127.0.0.1', port: 5555, database: 'bench', user: 'bench' },
    port: 6432,
    authFile: '/tmp/x/userlist.txt',
    defaultPoolSize: 20,
    maxClientConn: 1000,
  });
  expect(ini).toContain('bench = host=127.0.0.1 port=5555 dbname=bench user=bench\n');
  for (const line of [
    'listen_addr = 127.0.0.1',
    'listen_port = 6432',
    'pool_mode = transaction',
    'default_pool_size = 20',
    'max_client_conn = 1000',
    'auth_file = /tmp/x/userlist.txt',
    'log_connections = 0',
  ])
    expect(ini.split('\n')).toContain(line);
});
