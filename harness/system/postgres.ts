/**
 * A PostgreSQL server as a process group of the system under test: a fresh cluster in a
 * temporary directory (inside the rootfs when chrooted), listening on 127.0.0.1 at its own port
 * with its own socket directory, pinned to given CPUs, filled with `items`, and removed again by
 * stop(). It never touches a PostgreSQL the machine already runs.
 */
import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { formatCommandLine, findFreePort, readLogTail } from './group.ts';
import { registerCleanup, watchExit, type ProcessExit } from './processes.ts';
import {
  buildAsPostgresArgv,
  buildClientArgv,
  findPostgresInstall,
  PostgresError,
  type PostgresInstall,
} from './postgres-install.ts';
import { parsePsqlRows, PsqlSession, runPsql, type PsqlTarget } from './psql.ts';
import {
  buildInitdbArgs,
  buildPostgresArgs,
  buildServerSettings,
  buildSetupSql,
  FACTS_SQL,
  parseFacts,
  validatePostgresOptions,
  type PostgresFacts,
  type PostgresOptions,
} from './postgres-config.ts';
import {
  countConnections,
  sampleConnections,
  type ConnectionCount,
  type ConnectionSampler,
} from './postgres-connections.ts';
import {
  assertPortFree,
  killPostmasterNow,
  listPostgresProcesses,
  indent,
  runInitdb,
  spawnLogged,
  stopPostmaster,
  waitForReady,
} from './postgres-process.ts';

export { PostgresError } from './postgres-install.ts';
export type {
  ConnectionCount,
  ConnectionSample,
  ConnectionSampler,
} from './postgres-connections.ts';
export {
  DEFAULT_ROWS,
  QUICK_ROWS,
  type PostgresFacts,
  type PostgresOptions,
} from './postgres-config.ts';

/** A started, filled server. */
export interface RunningPostgres {
  /** PID of the postmaster, the leader of its process group (see listProcesses for backends). */
  pid: number;
  host: '127.0.0.1';
  port: number;
  database: string;
  /** The role the app connects as (not a superuser, so superuser_reserved_connections stay free). */
  user: string;
  url: string;
  /** What the apps read: DATABASE_URL and DB_ROWS. */
  env: { DATABASE_URL: string; DB_ROWS: string };
  argv: string[];
  /** Server log, on the host filesystem. */
  logPath: string;
  facts: PostgresFacts;
  /**
   * The postmaster and its children. Each backend calls setsid() (InitPostmasterChild), so the
   * database's processes are not one session: sample CPU and PSS over this list.
   */
  listProcesses(): number[];
  /** Run SQL as the superuser in the app's database (e.g. ALTER ROLE bench CONNECTION LIMIT 2). */
  runSql(sql: string): Promise<string[][]>;
  /** Client connections now (the query's own excluded). */
  countConnections(): Promise<ConnectionCount>;
  /** Sample pg_stat_activity every `intervalMs` until stop(); one psql session for all samples. */
  startConnectionSampler(intervalMs?: number): ConnectionSampler;
  /** Settles when the postmaster exits; while the database is needed, that is a crash. */
  exited: Promise<ProcessExit>;
  /** Fast shutdown, then remove the directory. Idempotent. */
  stop(): Promise<void>;
}

/** Run directories (host paths) not yet removed, with their postmaster once it runs. */
const live = new Map<string, { pid: number | null }>();

/** Immediate shutdown of one server this process started, waited for, and its directory removed. */
function stopPostgresNow(dir: string): void {
  const entry = live.get(dir);
  if (!entry) return;
  if (entry.pid !== null) killPostmasterNow(entry.pid);
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
}

/**
 * For signal handlers, synchronously: immediate shutdown (SIGQUIT) of every server this process
 * started, waited for, and removal of their directories. processes.ts killEverythingNow() does
 * this by itself before it kills anything (each server registers it as a 'before-kill'
 * clean-up), so the postmasters stop their backends and release shared memory.
 */
export function stopEveryPostgresNow(): void {
  for (const dir of [...live.keys()]) stopPostgresNow(dir);
}

interface RunDirs {
  /** On the host filesystem. */
  host: string;
  /** As the target sees it (inside the rootfs). */
  target: string;
}

function makeRunDir(install: PostgresInstall, tempRoot: string | undefined): RunDirs {
  const root = tempRoot ?? (install.rootfs ? join(install.rootfs, 'tmp') : tmpdir());
  const inside = install.rootfs ? relative(install.rootfs, root) : root;
  if (install.rootfs && (inside.startsWith('..') || inside.startsWith('/'))) {
    throw new PostgresError(`tempRoot ${root} must be inside the rootfs ${install.rootfs}`);
  }
  const host = mkdtempSync(join(root, 'worker-models-pg-'));
  chownSync(host, install.uid, install.gid); // mkdtemp made it 0700: only postgres gets in
  mkdirSync(join(host, 'socket'), { mode: 0o700 });
  chownSync(join(host, 'socket'), install.uid, install.gid);
  const target = install.rootfs ? `/${relative(install.rootfs, host)}` : host;
  return { host, target };
}

/** Start a fresh PostgreSQL, fill `items`, and return it running; on any failure leave nothing. */
export async function startPostgres(options: PostgresOptions): Promise<RunningPostgres> {
  const settings = validatePostgresOptions(options);
  const install = findPostgresInstall(options.rootfs ?? null, options.binDir);
  if (options.port !== undefined) await assertPortFree(options.port);
  const port = options.port ?? (await findFreePort());
  const dirs = makeRunDir(install, options.tempRoot);
  const entry = { pid: null as number | null };
  live.set(dirs.host, entry);
  const unregister = registerCleanup(() => stopPostgresNow(dirs.host), 'before-kill');
  const dataDir = `${dirs.target}/data`;
  const socketDir = `${dirs.target}/socket`;
  const logPath = join(dirs.host, 'postgres.log');
  let postmaster: ChildProcess | null = null;
  const sessions = new Set<PsqlSession>();
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await Promise.all([...sessions].map((s) => s.close()));
      sessions.clear();
      if (postmaster) await stopPostmaster(postmaster);
      rmSync(dirs.host, { recursive: true, force: true });
      live.delete(dirs.host);
      unregister();
    })());

  try {
    await runInitdb(
      buildAsPostgresArgv(
        install,
        settings.cpus,
        buildInitdbArgs(install.binDir, dataDir, settings.locale),
      ),
      join(dirs.host, 'initdb.log'),
    );
    const serverSettings = buildServerSettings({ port, socketDir, ...settings });
    const argv = buildAsPostgresArgv(
      install,
      settings.cpus,
      buildPostgresArgs(install.binDir, dataDir, serverSettings),
    );
    postmaster = spawnLogged(argv, logPath);
    if (postmaster.pid === undefined) throw new PostgresError(`could not spawn ${argv.join(' ')}`);
    entry.pid = postmaster.pid;
    const exited = watchExit(postmaster);
    await waitForReady(postmaster, join(dirs.host, 'data', 'postmaster.pid'), port, {
      timeoutMs: settings.readyTimeoutMs,
      describe: () =>
        `\n  command: ${formatCommandLine(argv)}\n  last log lines:\n${indent(readLogTail(logPath))}`,
    });

    const admin: PsqlTarget = {
      prefix: buildClientArgv(install, []),
      binDir: install.binDir,
      socketDir,
      port,
      user: 'postgres',
      database: 'postgres',
    };
    const started = Date.now();
    try {
      await runPsql(admin, buildSetupSql(settings.rows), settings.setupTimeoutMs);
    } catch (error) {
      throw new PostgresError(
        `creating and filling items (${settings.rows} rows) failed: ${(error as Error).message}`,
      );
    }
    const fillSeconds = (Date.now() - started) / 1000;
    const bench: PsqlTarget = { ...admin, database: 'bench' };
    const facts = parseFacts(await runPsql(bench, FACTS_SQL, 30_000), {
      dataDir,
      binDir: install.binDir,
      rootfs: install.rootfs,
      port,
      cpus: [...settings.cpus],
      settings: serverSettings,
      locale: settings.locale,
      fillSeconds,
    });
    const pid = postmaster.pid;
    const url = `postgresql://bench@127.0.0.1:${port}/bench`;

    const openSession = (): PsqlSession => {
      const session = new PsqlSession(bench);
      sessions.add(session);
      return session;
    };
    return {
      pid,
      host: '127.0.0.1',
      port,
      database: 'bench',
      user: 'bench',
      url,
      env: { DATABASE_URL: url, DB_ROWS: String(settings.rows) },
      argv,
      logPath,
      facts,
      listProcesses: () => listPostgresProcesses(pid),
      runSql: async (sql) => parsePsqlRows(await runPsql(bench, sql, settings.setupTimeoutMs)),
      countConnections: async () => {
        const session = openSession();
        try {
          return await countConnections(session);
        } finally {
          sessions.delete(session);
          await session.close();
        }
      },
      exited,
      startConnectionSampler: (intervalMs = 250) => {
        const session = openSession();
        const sampler = sampleConnections(session, intervalMs);
        return { stop: () => sampler.stop().finally(() => sessions.delete(session)) };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
