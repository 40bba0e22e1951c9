/**
 * What a process group of the system under test is: the server under test, and each service it
 * needs (a database, a connection pooler). A group file in system/ exports a function that returns
 * a `GroupSpec`; `createSystem` (system.ts) starts the groups in order, passes each the
 * environment the earlier ones export, measures them and stops them. See harness/README.md.
 *
 * Also the helpers every group file needs: a free port, a readiness wait, the tail of a log, a
 * command line for people, and the error a failed start throws.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { sleep, type ProcessExit } from './processes.ts';
import type { BenchDatabase } from '../../src/bench/database-schema.ts';
import type { Target } from './target.ts';

/** Which CPUs a group is pinned to: the server CPUs (`--server-cpus`) or the client CPUs. */
export type Placement = 'server' | 'client';

/** A value recorded about a group in the dataset (`groups[].facts`). */
export type GroupFact = string | number | boolean | null;

/** Where a group runs and what the groups started before it tell it. */
export interface GroupContext {
  /** The Python and root filesystem the system runs in (`--python`, `--rootfs`). */
  target: Target;
  /** The CPUs this group is pinned to, resolved from its placement. */
  cpus: readonly number[];
  /** Folder for the group's log files. */
  logDir: string;
  /** Environment exported by the groups started before this one, e.g. `DATABASE_URL`. */
  env: Readonly<Record<string, string>>;
}

/** A group to start: one of these per service file in system/, chosen by a scenario. */
export interface GroupSpec<Running extends RunningGroup = RunningGroup> {
  /**
   * Unique among a scenario's groups, lower-case (`server`, `postgres`, `pgbouncer`): names its
   * dataset entry, its per-repetition usage and its log.
   */
  name: string;
  /** The server under test (restarted per server configuration) or a service it needs. */
  role: 'server' | 'service';
  /** CPUs to pin it to. */
  placement: Placement;
  /** Seconds its start and stop take on the recording machine, for the run's estimate. */
  estimatedStartS?: number;
  /**
   * Start the group with `spawnTracked` (its own session: every process in that session is the
   * group's), wait until it is ready and return it. A group that fails to start stops what it
   * started and throws `GroupStartError`, naming itself.
   */
  start(context: GroupContext): Promise<Running>;
}

/** What a group measures of itself in one measured window (e.g. peak database connections). */
export interface GroupSampler {
  /** Stop sampling; numbers keyed by name, units in the names (`peakConnections`). */
  stop(): Promise<Record<string, number>>;
}

/** A started, ready group. */
export interface RunningGroup {
  /** PID of the session leader, which is also the session id (spawned with setsid). */
  pid: number;
  /** Its command as recorded: values that change from run to run (ports, temp dirs) as `{port}`… */
  argv: string[];
  /** Its log file, quoted when it fails; null when it has none. */
  logPath: string | null;
  /** Versions of what it runs, e.g. `{ postgres: '18.1' }`. */
  versions: Record<string, string>;
  /** Settings and facts recorded in the dataset, e.g. `{ maxConnections: 100 }`. */
  facts: Record<string, GroupFact>;
  /** Connection details for the groups started after it, e.g. `{ DATABASE_URL: '…' }`. */
  exports: Record<string, string>;
  /** A database group's description, recorded as `groups[].database`. */
  database?: BenchDatabase;
  /**
   * The group's processes, for a group that is not one session: PostgreSQL's backends each call
   * setsid(). Its CPU and PSS are then summed over this list, and its CPU includes the exited
   * children that `pid` (their parent) has reaped. Unset: every process in `pid`'s session.
   */
  listProcesses?(): number[];
  /** Started at the beginning of every measured window, stopped at its end. */
  startSampler?(): GroupSampler;
  /** Settles when the session leader exits; while the run needs the group, that is a crash. */
  exited: Promise<ProcessExit>;
  /**
   * Stop every process of the group (`stopGroup`) and remove what it created (data directories,
   * cgroups; register those with `registerCleanup` too, for Ctrl-C). Safe to call twice.
   */
  stop(): Promise<void>;
}

/** A group that failed to start or to become ready; the message names it and quotes its log. */
export class GroupStartError extends Error {
  override name = 'GroupStartError';
}

/** Ask the kernel for a free loopback port. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Ask `check` every 100 ms until it answers (not null), failing fast when `child` exits.
 * Returns the answer, or why there is none.
 */
export async function waitForReady<T>(
  child: ChildProcess,
  check: () => Promise<T | null>,
  timeoutMs: number,
): Promise<T | 'exited' | 'timeout'> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return 'exited';
    const answer = await check();
    if (answer !== null) return answer;
    await sleep(100);
  }
  return 'timeout';
}

/** Last `lines` lines of a log file, for error messages. */
export function readLogTail(path: string, lines = 20): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Shell-quote argv for display. */
export function formatCommandLine(argv: readonly string[]): string {
  return argv
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

/** `what`, then the command, the log file and its last lines, indented: for start and crash errors. */
export function describeWithLog(
  what: string,
  argv: readonly string[],
  logPath: string | null,
): string {
  if (logPath === null) return `${what}\n  command: ${formatCommandLine(argv)}`;
  const tail = readLogTail(logPath)
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
  return `${what}\n  command: ${formatCommandLine(argv)}\n  log: ${logPath}\n  last log lines:\n${tail}`;
}
