/**
 * Child processes the harness starts (the groups of the system under test, wrk, the probe), each
 * in its own session and process group, tracked so that Ctrl-C, SIGTERM or an error leaves none
 * of them behind, and clean-ups for what the groups create besides processes (data directories).
 *
 * Every child carries BENCH_HARNESS_RUN=<id> in its environment. Process groups cover the normal
 * case; the marker is the safety net for anything that escaped its group (e.g. setsid in a child).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';

export const RUN_MARKER_VAR = 'BENCH_HARNESS_RUN';
/** Unique per harness process; tests look for it in /proc/PID/environ. */
export const RUN_ID = process.env[RUN_MARKER_VAR + '_ID'] ?? randomUUID();

const liveGroups = new Set<number>();
const cleanups = new Set<() => void>();
const stopsBeforeKill = new Set<() => void>();

/** How a process ended: its exit code, or the signal that ended it. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Spawn a command as the leader of a new session, tracked until it exits. */
export function spawnTracked(argv: readonly string[], options: SpawnOptions = {}): ChildProcess {
  const [command, ...args] = argv;
  if (!command) throw new Error('spawnTracked: empty argv');
  const child = spawn(command, args, {
    ...options,
    detached: true, // setsid(): own session and process group, killable as a whole
    env: { ...process.env, ...options.env, [RUN_MARKER_VAR]: RUN_ID },
  });
  const pid = child.pid;
  if (pid !== undefined) {
    liveGroups.add(pid);
    child.once('exit', () => liveGroups.delete(pid));
  }
  return child;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function isGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stop a process group: SIGTERM, then SIGKILL after `graceMs`. gunicorn's master would outlive a
 * killed parent, so the whole group is always signalled, never just the leader.
 */
export async function stopGroup(pgid: number, graceMs = 3000): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isGroupAlive(pgid) && Date.now() < deadline) await sleep(50);
  if (isGroupAlive(pgid)) signalGroup(pgid, 'SIGKILL');
  liveGroups.delete(pgid);
}

/** What a command printed and how it ended. */
export interface CommandResult extends ProcessExit {
  stdout: string;
  stderr: string;
}

/**
 * Run a command to completion as a tracked group, collecting what it prints. Resolves once its
 * output is complete, whatever its exit code; rejects only when it cannot be spawned. `env` is
 * added to the harness's environment.
 */
export function runTracked(
  argv: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawnTracked(argv, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    // 'close', not 'exit': the output streams may still hold data when the process exits.
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Settles when `child` exits, however it ends; attach it right after spawning. */
export function watchExit(child: ChildProcess): Promise<ProcessExit> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode });
      return;
    }
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** Say how a process ended, e.g. `exit code 1` or `signal SIGKILL`. */
export function describeExit(exit: ProcessExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code ?? '?'}`;
}

/**
 * Register a synchronous clean-up of something a group created besides processes (a data
 * directory, a cgroup). `killEverythingNow` runs it after killing every process, so it also runs
 * on Ctrl-C; the group's own `stop()` runs it on the graceful path and unregisters it with the
 * function returned here.
 *
 * `when: 'before-kill'` is for a service that must shut itself down before its processes are
 * killed: PostgreSQL's postmaster stops its backends and releases its shared memory on an
 * immediate shutdown, which a SIGKILL would not let it do.
 */
export function registerCleanup(
  cleanup: () => void,
  when: 'before-kill' | 'after-kill' = 'after-kill',
): () => void {
  const set = when === 'before-kill' ? stopsBeforeKill : cleanups;
  set.add(cleanup);
  return () => set.delete(cleanup);
}

/** Run each clean-up once, each even if another throws; best effort on the way out. */
function runAll(set: Set<() => void>): void {
  for (const cleanup of set) {
    try {
      cleanup();
    } catch {
      // One failed clean-up must not stop the others.
    }
  }
  set.clear();
}

/** PIDs of live processes carrying this run's marker (zombies excluded: they hold nothing). */
export function findMarkedProcesses(runId: string = RUN_ID): number[] {
  const needle = `${RUN_MARKER_VAR}=${runId}`;
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${name}/environ`, 'latin1');
      if (!environ.split('\0').includes(needle)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      if (/\) Z /.test(stat)) continue;
      pids.push(Number(name));
    } catch {
      // The process exited while we looked.
    }
  }
  return pids;
}

/**
 * Kill everything this run started and run the registered clean-ups, synchronously, for signal
 * handlers and `exit`.
 */
export function killEverythingNow(): void {
  runAll(stopsBeforeKill);
  for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
  liveGroups.clear();
  for (const pid of findMarkedProcesses()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  runAll(cleanups);
}

/** Resolve after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
