/**
 * Removing cgroups: the kernel refuses to rmdir a cgroup that still holds a live process, so
 * whatever is inside is killed first. Also the sweep that removes leftovers of crashed runs.
 * Synchronous, so it can run from an `exit` handler.
 */
import { readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CGROUP_PARENT,
  CgroupError,
  errorCode,
  parseCgroupMounts,
  parseCgroupName,
  parseStartTicks,
  type CgroupOwner,
} from './cgroup-files.ts';

/** Block the thread for `ms`: removal runs in `exit` handlers, where nothing async runs. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** PIDs in a cgroup directory, or null when the directory is gone. Zombies are not listed. */
export function readCgroupPids(dir: string): number[] | null {
  try {
    return readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
}

function killAll(dir: string, pids: readonly number[]): void {
  try {
    // v2 (Linux 5.14+) kills the whole subtree at once, so a process forking right now cannot slip out.
    writeFileSync(join(dir, 'cgroup.kill'), '1', { flag: 'r+' });
    return;
  } catch {
    // v1, or an older kernel: one by one; the caller loops until the cgroup is empty.
  }
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/**
 * Kill what is left in each directory and remove it, waiting at most `graceMs` in all. A zombie
 * does not hold a cgroup, so processes need only be dead, not reaped. Throws a CgroupError
 * naming each directory that could not be removed and why.
 */
export function removeCgroupDirectories(dirs: readonly string[], graceMs = 5_000): void {
  const deadline = Date.now() + graceMs;
  const problems: string[] = [];
  for (const dir of dirs) {
    for (;;) {
      const pids = readCgroupPids(dir);
      if (pids === null) break;
      if (pids.length === 0) {
        try {
          rmdirSync(dir);
          break;
        } catch (error) {
          const code = errorCode(error);
          if (code === 'ENOENT') break;
          if (code !== 'EBUSY') {
            problems.push(`cannot remove ${dir}: ${code ?? String(error)}`);
            break;
          }
          // EBUSY: a process joined after we looked; kill it on the next round.
        }
      } else {
        killAll(dir, pids);
      }
      if (Date.now() > deadline) {
        problems.push(
          `cannot remove ${dir}: processes ${pids.join(', ')} still inside after SIGKILL`,
        );
        break;
      }
      sleepSync(10);
    }
    removeParentIfEmpty(dir);
  }
  if (problems.length) throw new CgroupError(problems.join('\n'));
}

/** Remove `worker-models-bench` when its last child is gone; another run may still use it. */
function removeParentIfEmpty(dir: string): void {
  const parent = dirname(dir);
  if (!parent.endsWith(`/${CGROUP_PARENT}`)) return;
  try {
    rmdirSync(parent);
  } catch {
    // Not empty (another run), or already gone: both fine.
  }
}

/** Whether the harness process that made a cgroup is still running (same pid, same start time). */
export function isOwnerAlive(owner: CgroupOwner): boolean {
  try {
    return parseStartTicks(readFileSync(`/proc/${owner.pid}/stat`, 'utf8')) === owner.startTicks;
  } catch {
    return false;
  }
}

/**
 * cgroups left by harness runs that are no longer running: only directories inside
 * `worker-models-bench` whose name the harness gives (so nothing anyone else made) and whose
 * owner process is gone (so never a run in progress, whatever its run id).
 */
export function findStaleCgroups(
  mountinfo = readFileSync('/proc/self/mountinfo', 'utf8'),
): string[] {
  const stale: string[] = [];
  for (const mount of parseCgroupMounts(mountinfo)) {
    const parent = join(mount.mountPoint, CGROUP_PARENT);
    let names: string[];
    try {
      names = readdirSync(parent);
    } catch {
      continue;
    }
    for (const name of names) {
      const owner = parseCgroupName(name);
      const dir = join(parent, name);
      if (owner && !isOwnerAlive(owner) && statSync(dir).isDirectory()) stale.push(dir);
    }
  }
  return stale;
}

/** What a sweep did. */
export interface StaleSweep {
  /** Directories removed. */
  removed: string[];
  /** Processes of crashed runs that were still inside and were killed. */
  killed: number[];
}

/** Remove the cgroups of crashed runs, killing what they still hold (a stray server skews a run). */
export function removeStaleCgroups(): StaleSweep {
  const removed: string[] = [];
  const killed: number[] = [];
  for (const dir of findStaleCgroups()) {
    killed.push(...(readCgroupPids(dir) ?? []));
    removeCgroupDirectories([dir]);
    removed.push(dir);
  }
  return { removed, killed: [...new Set(killed)] };
}
