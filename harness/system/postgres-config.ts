/**
 * The pure parts of a PostgreSQL run: options and their defaults, the exact command lines, the
 * SQL that creates and fills `items`, and the parsing of what psql prints back.
 */
import { PostgresError } from './postgres-install.ts';
import { parsePsqlRows } from './psql.ts';

/** Rows in `items` for a full run: enough that a lookup is a real B-tree index lookup. */
export const DEFAULT_ROWS = 1_000_000;
/** Rows for --quick runs and tests (recorded in the facts like any other count). */
export const QUICK_ROWS = 10_000;

/** What to start. */
export interface PostgresOptions {
  /** CPUs the server (postmaster and every backend) is pinned to with taskset. */
  cpus: readonly number[];
  /** chroot directory holding the installation (e.g. the Debian sid root), or null for the host. */
  rootfs?: string | null;
  /** Directory of postgres, initdb and psql as the target sees it; default the newest /usr/lib/postgresql/N/bin. */
  binDir?: string | undefined;
  /** TCP port on 127.0.0.1; default a free one. A given port must be free. */
  port?: number | undefined;
  /** Rows in `items`; default DEFAULT_ROWS. */
  rows?: number;
  /** max_connections; default 100, PostgreSQL's own default. */
  maxConnections?: number | undefined;
  /** More server settings (`-c name=value`), recorded in the facts. */
  settings?: Readonly<Record<string, string>>;
  /** initdb --locale; default C (byte-order collation, no locale data needed). */
  locale?: string;
  /** Host directory in which the run's directory is made; default /tmp (of the rootfs). */
  tempRoot?: string;
  /** How long the server may take to accept connections; default 60 s. */
  readyTimeoutMs?: number | undefined;
  /** How long creating and filling `items` may take; default 10 min. */
  setupTimeoutMs?: number;
}

/** Options with every default applied. */
export interface ResolvedPostgresOptions {
  cpus: readonly number[];
  rows: number;
  maxConnections: number;
  extraSettings: Readonly<Record<string, string>>;
  locale: string;
  readyTimeoutMs: number;
  setupTimeoutMs: number;
}

/** What a dataset records about the database. */
export interface PostgresFacts {
  serverVersion: string;
  serverVersionNum: number;
  maxConnections: number;
  superuserReservedConnections: number;
  /** reserved_connections (PostgreSQL >= 16; 0 before): slots kept for pg_use_reserved_connections. */
  reservedConnections: number;
  sharedBuffers: string;
  rows: number;
  tableBytes: number;
  indexBytes: number;
  /** As the target sees it (inside the rootfs). Removed by stop(). */
  dataDir: string;
  binDir: string;
  rootfs: string | null;
  port: number;
  cpus: number[];
  /** Every `-c` setting on the server's command line. */
  settings: Record<string, string>;
  locale: string;
  fillSeconds: number;
}

function requireWhole(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new PostgresError(`${name} must be a whole number >= ${min}, got ${value}`);
  }
  return value;
}

/** Apply defaults and reject nonsense before anything is created. */
export function validatePostgresOptions(options: PostgresOptions): ResolvedPostgresOptions {
  if (options.cpus.length === 0) throw new PostgresError('cpus must name at least one CPU');
  options.cpus.forEach((cpu) => requireWhole('every CPU number', cpu, 0));
  if (options.port !== undefined) {
    requireWhole('port', options.port, 1);
    if (options.port > 65_535)
      throw new PostgresError(`port must be <= 65535, got ${options.port}`);
  }
  const locale = options.locale ?? 'C';
  if (!/^[\w.@-]+$/.test(locale))
    throw new PostgresError(`locale ${JSON.stringify(locale)} is not a locale name`);
  for (const name of Object.keys(options.settings ?? {})) {
    if (!/^[a-z_][a-z0-9_.]*$/.test(name))
      throw new PostgresError(`setting ${JSON.stringify(name)} is not a PostgreSQL parameter name`);
  }
  return {
    cpus: options.cpus,
    rows: requireWhole('rows', options.rows ?? DEFAULT_ROWS, 1),
    maxConnections: requireWhole('maxConnections', options.maxConnections ?? 100, 1),
    extraSettings: options.settings ?? {},
    locale,
    readyTimeoutMs: requireWhole('readyTimeoutMs', options.readyTimeoutMs ?? 60_000, 0),
    setupTimeoutMs: requireWhole('setupTimeoutMs', options.setupTimeoutMs ?? 600_000, 1),
  };
}

/** initdb for a throwaway cluster: trust authentication (loopback and a private socket only). */
export function buildInitdbArgs(binDir: string, dataDir: string, locale: string): string[] {
  return [
    `${binDir}/initdb`,
    '--pgdata',
    dataDir,
    '--username',
    'postgres',
    '--auth',
    'trust',
    '--encoding',
    'UTF8',
    '--locale',
    locale,
    // Skip fsync of the new files: the cluster lives for one run and is deleted after it.
    '--no-sync',
  ];
}

/**
 * Server settings. Only what isolates this server from any other (address, port, socket
 * directory) and what the scenarios vary (max_connections) departs from PostgreSQL's defaults,
 * plus timezone UTC: Django (USE_TZ) otherwise sends SET TIME ZONE on every new connection.
 * Trust authentication keeps password hashing out of the per-connection cost being measured.
 */
export function buildServerSettings(options: {
  port: number;
  socketDir: string;
  maxConnections: number;
  extraSettings: Readonly<Record<string, string>>;
}): Record<string, string> {
  return {
    listen_addresses: '127.0.0.1',
    port: String(options.port),
    unix_socket_directories: options.socketDir,
    max_connections: String(options.maxConnections),
    timezone: 'UTC',
    ...options.extraSettings,
  };
}

/** The postmaster's own command line: `postgres -D dir -c name=value ...`. */
export function buildPostgresArgs(
  binDir: string,
  dataDir: string,
  settings: Readonly<Record<string, string>>,
): string[] {
  return [
    `${binDir}/postgres`,
    '-D',
    dataDir,
    ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ];
}

/**
 * Create the app's role, database and table, fill it, and leave it in a steady state: VACUUM
 * sets hint bits and the visibility map now (the first reads would otherwise write), ANALYZE
 * gives the planner statistics, CHECKPOINT writes the dirty pages before anything is measured.
 */
export function buildSetupSql(rows: number): string {
  return `CREATE ROLE bench LOGIN;
CREATE DATABASE bench OWNER bench;
\\connect bench bench
CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO items (id, name) SELECT i, md5(i::text) FROM generate_series(1, ${rows}) AS i;
VACUUM (ANALYZE) items;
\\connect bench postgres
CHECKPOINT;
`;
}

/**
 * One row of facts, in the order parseFacts reads them. reserved_connections exists from
 * PostgreSQL 16 on (missing_ok, so 15 answers NULL: none reserved).
 */
export const FACTS_SQL = `SELECT current_setting('server_version'), current_setting('server_version_num'),
  current_setting('max_connections'), current_setting('superuser_reserved_connections'),
  coalesce(current_setting('reserved_connections', true), '0'),
  current_setting('shared_buffers'), (SELECT count(*) FROM items),
  pg_relation_size('items'), pg_indexes_size('items')`;

type KnownFacts = Omit<
  PostgresFacts,
  | 'serverVersion'
  | 'serverVersionNum'
  | 'maxConnections'
  | 'superuserReservedConnections'
  | 'reservedConnections'
  | 'sharedBuffers'
  | 'rows'
  | 'tableBytes'
  | 'indexBytes'
>;

/** Parse FACTS_SQL's output (psql -A -t) and add what the harness already knows. */
export function parseFacts(stdout: string, known: KnownFacts): PostgresFacts {
  const [row] = parsePsqlRows(stdout);
  if (!row || row.length !== 9) {
    throw new PostgresError(`unexpected answer to the facts query: ${JSON.stringify(stdout)}`);
  }
  const [version = '', ...numbers] = row;
  const [versionNum, maxConnections, superuser, reserved, sharedBuffers = '', rows, table, index] =
    numbers;
  const whole = (text: string | undefined, name: string): number => {
    if (!text || !/^\d+$/.test(text))
      throw new PostgresError(`${name} is not a number: ${JSON.stringify(text)}`);
    return Number(text);
  };
  return {
    serverVersion: version,
    serverVersionNum: whole(versionNum, 'server_version_num'),
    maxConnections: whole(maxConnections, 'max_connections'),
    superuserReservedConnections: whole(superuser, 'superuser_reserved_connections'),
    reservedConnections: whole(reserved, 'reserved_connections'),
    sharedBuffers,
    rows: whole(rows, 'rows'),
    tableBytes: whole(table, 'table size'),
    indexBytes: whole(index, 'index size'),
    ...known,
  };
}

/** The postmaster.pid fields the harness reads: line 4 is the port, line 8 the status. */
export function parsePostmasterPid(
  text: string,
): { pid: number; port: number; status: string } | null {
  const lines = text.split('\n');
  if (lines.length < 8) return null;
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return null;
  return { pid, port, status: (lines[7] ?? '').trim() };
}
