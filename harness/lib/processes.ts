/**
 * Child processes the harness starts (servers, wrk), each in its own session and process group,
 * tracked so that Ctrl-C, SIGTERM or an error leaves none of them behind.
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

/** Kill everything this run started, synchronously, for signal handlers and `exit`. */
export function killEverythingNow(): void {
  for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
  liveGroups.clear();
  for (const pid of findMarkedProcesses()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
