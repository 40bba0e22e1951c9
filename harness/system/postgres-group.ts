/**
 * PostgreSQL as a process group of the system under test (see group.ts): a fresh cluster from
 * the target's installation (the sid root's PostgreSQL 18, or the host's), pinned where the
 * scenario places it, filled with `items`, exporting DATABASE_URL and DB_ROWS to the server, and
 * measured per repetition: CPU and PSS over every PostgreSQL process (its backends are not one
 * session), the peak of client connections and of active ones (pg_stat_activity), and the
 * connection attempts it refused (its log).
 */
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import type { BenchDatabase } from '../../src/bench/database-schema.ts';
import {
  GroupStartError,
  type GroupSampler,
  type GroupSpec,
  type Placement,
  type RunningGroup,
} from './group.ts';
import {
  DEFAULT_ROWS,
  PostgresError,
  startPostgres,
  type PostgresFacts,
  type RunningPostgres,
} from './postgres.ts';

/** The group's name in datasets: `groups[].name` and the key of its usage per repetition. */
export const POSTGRES_GROUP = 'postgres';

/** What the command line and `bench` options choose about the database. */
export interface PostgresRunOptions {
  /** Directory of postgres, initdb and psql as the target sees it (`--pg-bin`). */
  binDir?: string | undefined;
  /** A fixed port (`--pg-port`); it must be free. */
  port?: number | undefined;
  /** How long the server may take to accept connections (`--pg-ready-timeout`). */
  readyTimeoutMs?: number | undefined;
  /** Rows in `items`; default DEFAULT_ROWS (QUICK_ROWS for the quick scenario). */
  rows?: number | undefined;
}

/** One database for one scenario. */
export interface PostgresGroupOptions extends PostgresRunOptions {
  placement: Placement;
  /** Why the database runs on those CPUs and what that implies: recorded in the dataset. */
  placementNote: string;
  /** max_connections; default PostgreSQL's own 100. */
  maxConnections?: number;
}

/** Refused connection attempts among PostgreSQL's log lines (FATAL at connection start). */
const REFUSAL =
  /FATAL: {2}(sorry, too many clients already|too many connections for role|remaining connection slots are reserved)/g;

/** How many connection attempts a stretch of PostgreSQL's log shows it refused. */
export function countRefusals(logText: string): number {
  return [...logText.matchAll(REFUSAL)].length;
}

/** Bytes of a file written after `offset` (the log of one window). */
function readFrom(path: string, offset: number): string {
  const size = statSync(path).size;
  if (size <= offset) return '';
  const buffer = Buffer.alloc(size - offset);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}

/** Peak connections from pg_stat_activity every 250 ms, and refusals from the log, per window. */
function sampleDatabase(pg: RunningPostgres): GroupSampler {
  const logOffset = statSync(pg.logPath).size;
  const connections = pg.startConnectionSampler(250);
  return {
    async stop() {
      const { peak, peakActive, samples } = await connections.stop();
      return {
        peakConnections: peak,
        peakActiveConnections: peakActive,
        connectionSamples: samples,
        refusedConnections: countRefusals(readFrom(pg.logPath, logOffset)),
      };
    },
  };
}

/** The typed description a dataset keeps of the database (`groups[].database`). */
export function describeDatabase(facts: PostgresFacts, placementNote: string): BenchDatabase {
  const reserved = facts.superuserReservedConnections + facts.reservedConnections;
  return {
    engine: 'postgresql',
    serverVersion: facts.serverVersion,
    serverVersionNum: facts.serverVersionNum,
    maxConnections: facts.maxConnections,
    superuserReservedConnections: facts.superuserReservedConnections,
    reservedConnections: facts.reservedConnections,
    appConnectionLimit: facts.maxConnections - reserved,
    sharedBuffers: facts.sharedBuffers,
    rows: facts.rows,
    tableBytes: facts.tableBytes,
    indexBytes: facts.indexBytes,
    locale: facts.locale,
    placementNote,
  };
}

/**
 * The recorded command: the run's directory and port change every run, so they are written
 * `{dir}` and `{port}`, as the other groups write theirs.
 */
export function templateArgv(argv: readonly string[], runDir: string, port: number): string[] {
  return argv.map((a) => a.split(runDir).join('{dir}').replace(`port=${port}`, 'port={port}'));
}

/**
 * Seconds a start and stop take, measured on the recording machine (2 shared cores, the sid
 * root's PostgreSQL 18): initdb, start and stop about 8 s, filling and vacuuming `items` about
 * 20 s per million rows.
 */
export function estimatePostgresStartS(rows: number): number {
  return 8 + (20 * rows) / 1_000_000;
}

/** A PostgreSQL beside the server under test, pinned to the server or the client CPUs. */
export function postgresGroup(options: PostgresGroupOptions): GroupSpec {
  return {
    name: POSTGRES_GROUP,
    role: 'service',
    placement: options.placement,
    estimatedStartS: estimatePostgresStartS(options.rows ?? DEFAULT_ROWS),
    async start(context): Promise<RunningGroup> {
      let pg: RunningPostgres;
      try {
        pg = await startPostgres({
          cpus: context.cpus,
          rootfs: context.target.rootfs,
          binDir: options.binDir,
          port: options.port,
          readyTimeoutMs: options.readyTimeoutMs,
          rows: options.rows ?? DEFAULT_ROWS,
          maxConnections: options.maxConnections,
        });
      } catch (error) {
        if (!(error instanceof PostgresError)) throw error;
        throw new GroupStartError(`the postgres group did not start: ${error.message}`);
      }
      const runDir = pg.facts.dataDir.replace(/\/data$/, '');
      return {
        pid: pg.pid,
        argv: templateArgv(pg.argv, runDir, pg.port),
        logPath: pg.logPath,
        versions: { postgresql: pg.facts.serverVersion.split(' ')[0] ?? pg.facts.serverVersion },
        facts: {
          binDir: pg.facts.binDir,
          fillSeconds: Math.round(pg.facts.fillSeconds * 10) / 10,
        },
        exports: pg.env,
        database: describeDatabase(pg.facts, options.placementNote),
        listProcesses: pg.listProcesses,
        startSampler: () => sampleDatabase(pg),
        exited: pg.exited,
        stop: pg.stop,
      };
    },
  };
}
