/**
 * PgBouncer in front of the scenario's PostgreSQL, as a process group (see group.ts): the
 * target's pgbouncer (Debian's package; the sid root has 1.26), run as the postgres user (it
 * refuses to run as root), listening on 127.0.0.1 at its own port, with its own configuration
 * in a temporary folder removed at stop. It exports PGBOUNCER_DATABASE_URL; a point whose
 * `dbRoute` is `pgbouncer` gets that as its DATABASE_URL.
 *
 * Transaction pooling, as its docs describe it: "Server is released back to pool after
 * transaction finishes" (https://www.pgbouncer.org/config.html#pool_mode). Prepared statements
 * need no setting: PgBouncer >= 1.24 tracks protocol-level ones by default
 * (max_prepared_statements = 200); asyncpg's statement cache and psycopg's automatic prepares
 * worked through it in a trial with 1.26.1, and Django disables prepares by itself.
 */
import { chownSync, closeSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import {
  describeWithLog,
  findFreePort,
  GroupStartError,
  waitForReady,
  type GroupContext,
  type GroupSpec,
  type Placement,
  type RunningGroup,
} from './group.ts';
import {
  buildAsPostgresArgv,
  buildClientArgv,
  findPostgresInstall,
  PostgresError,
} from './postgres-install.ts';
import { registerCleanup, runTracked, spawnTracked, stopGroup, watchExit } from './processes.ts';
import { buildPostgresEnv, runPsql } from './psql.ts';
import { makeTargetTempDir } from './target.ts';

/** The group's name in datasets. */
export const PGBOUNCER_GROUP = 'pgbouncer';
/** The variable that carries its address to the server. */
export const PGBOUNCER_URL_VAR = 'PGBOUNCER_DATABASE_URL';
/** Where Debian's pgbouncer package puts the program. */
export const PGBOUNCER_PROGRAM = '/usr/sbin/pgbouncer';
const PGBOUNCER = PGBOUNCER_PROGRAM;

/** What to run. */
export interface PgbouncerOptions {
  placement: Placement;
  /** Server connections per user and database pair (PgBouncer's own default is 20). */
  defaultPoolSize: number;
  /** Client connections it accepts (its default, 100, is fewer than the scenarios open). */
  maxClientConn: number;
}

/** Host, port, database and user of a postgresql:// URL. */
export function parseDatabaseUrl(url: string): {
  host: string;
  port: number;
  database: string;
  user: string;
} {
  const parsed = new URL(url);
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:')
    throw new Error(`not a postgresql:// URL: ${url}`);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')),
    user: decodeURIComponent(parsed.username),
  };
}

/** pgbouncer.ini: one database, transaction pooling, trust on loopback, quiet logs. */
export function buildPgbouncerIni(options: {
  upstream: ReturnType<typeof parseDatabaseUrl>;
  port: number;
  authFile: string;
  defaultPoolSize: number;
  maxClientConn: number;
}): string {
  const { upstream } = options;
  return `[databases]
${upstream.database} = host=${upstream.host} port=${upstream.port} dbname=${upstream.database} user=${upstream.user}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${options.port}
unix_socket_dir =
; Trust, like the database behind it: password hashing is no part of what is measured.
auth_type = trust
auth_file = ${options.authFile}
admin_users = postgres
pool_mode = transaction
default_pool_size = ${options.defaultPoolSize}
max_client_conn = ${options.maxClientConn}
; A line per connection would cost CPU in the middle of the measurement.
log_connections = 0
log_disconnections = 0
`;
}

async function startPgbouncer(
  options: PgbouncerOptions,
  context: GroupContext,
): Promise<RunningGroup> {
  const fail = (what: string): GroupStartError =>
    new GroupStartError(`the pgbouncer group did not start: ${what}`);
  const url = context.env['DATABASE_URL'];
  if (!url) throw fail('no DATABASE_URL: start a postgres group before it');
  const { target } = context;
  let install;
  try {
    install = findPostgresInstall(target.rootfs);
  } catch (error) {
    if (error instanceof PostgresError) throw fail(error.message);
    throw error;
  }
  const version = await runTracked(buildClientArgv(install, [PGBOUNCER, '--version']));
  if (version.code !== 0)
    throw fail(
      `no ${PGBOUNCER}${target.rootfs ? ` in ${target.rootfs}` : ''}: ${target.rootfs ? `sh harness/env/prepare-sid.sh ${target.rootfs}` : 'apt-get install -y pgbouncer'}`,
    );
  const upstream = parseDatabaseUrl(url);
  const port = await findFreePort();
  const dir = makeTargetTempDir(target, 'worker-models-pgbouncer-');
  const removeDir = (): void => rmSync(dir.hostPath, { recursive: true, force: true });
  const unregister = registerCleanup(removeDir);
  chownSync(dir.hostPath, install.uid, install.gid);
  writeFileSync(join(dir.hostPath, 'userlist.txt'), `"${upstream.user}" ""\n"postgres" ""\n`);
  const ini = buildPgbouncerIni({
    upstream,
    port,
    authFile: `${dir.targetPath}/userlist.txt`,
    defaultPoolSize: options.defaultPoolSize,
    maxClientConn: options.maxClientConn,
  });
  writeFileSync(join(dir.hostPath, 'pgbouncer.ini'), ini);
  const argv = buildAsPostgresArgv(install, context.cpus, [
    PGBOUNCER,
    `${dir.targetPath}/pgbouncer.ini`,
  ]);
  const logPath = join(context.logDir, `pgbouncer-${port}.log`);
  const logFd = openSync(logPath, 'a');
  let child: ChildProcess;
  try {
    child = spawnTracked(argv, { stdio: ['ignore', logFd, logFd], env: buildPostgresEnv() });
  } finally {
    closeSync(logFd);
  }
  const pid = child.pid;
  const exited = watchExit(child);
  const stop = async (): Promise<void> => {
    if (pid !== undefined) await stopGroup(pid);
    removeDir();
    unregister();
  };
  const failWithLog = async (what: string): Promise<never> => {
    await stop();
    throw new GroupStartError(describeWithLog(`the pgbouncer group ${what}`, argv, logPath));
  };
  if (pid === undefined) return failWithLog('could not be spawned');
  // Ready when a query goes through it to the database.
  const through = {
    prefix: buildClientArgv(install, []),
    binDir: install.binDir,
    socketDir: '127.0.0.1',
    port,
    user: upstream.user,
    database: upstream.database,
  };
  const answer = await waitForReady(
    child,
    () =>
      runPsql(through, 'SELECT 1', 5000).then(
        () => true,
        () => null,
      ),
    30_000,
  );
  if (answer === 'exited') return failWithLog('exited before answering');
  if (answer === 'timeout') return failWithLog(`did not answer on 127.0.0.1:${port}`);
  const [, number = version.stdout.trim()] = /PgBouncer (\S+)/.exec(version.stdout) ?? [];
  return {
    pid,
    argv: buildAsPostgresArgv(install, context.cpus, [PGBOUNCER, '{dir}/pgbouncer.ini']),
    logPath,
    versions: { pgbouncer: number },
    facts: {
      poolMode: 'transaction',
      defaultPoolSize: options.defaultPoolSize,
      maxClientConn: options.maxClientConn,
      authType: 'trust',
    },
    exports: {
      [PGBOUNCER_URL_VAR]: `postgresql://${upstream.user}@127.0.0.1:${port}/${upstream.database}`,
    },
    exited,
    stop,
  };
}

/** PgBouncer in transaction mode in front of the postgres group started before it. */
export function pgbouncerGroup(options: PgbouncerOptions): GroupSpec {
  return {
    name: PGBOUNCER_GROUP,
    role: 'service',
    placement: options.placement,
    estimatedStartS: 3,
    start: (context) => startPgbouncer(options, context),
  };
}
