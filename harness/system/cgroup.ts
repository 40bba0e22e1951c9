/**
 * CPU and memory cgroups for the system under test, set the way a container runtime sets a
 * limit: CFS bandwidth (`--cpus`, a Kubernetes CPU limit) and a memory limit.
 *
 * A process group joins from its very start (`wrap` puts a tiny sh in front that writes its own
 * pid into cgroup.procs and execs the command). Every cgroup is tracked from the moment it is
 * created and removed by `remove`, or by `removeEveryCgroupNow` from the same exit paths that
 * kill the run's processes (Ctrl-C, SIGTERM, errors, `exit`). The directories are
 * `<mount>/worker-models-bench/run-<runId>_pid-<pid>-<start>_<label>`, as Docker's cgroupfs
 * driver keeps its containers under `/docker`: one place to look, names that say who made them.
 * Everything here is synchronous so it can run in an `exit` handler.
 */
import { join } from 'node:path';
import {
  CGROUP_PARENT,
  CgroupError,
  formatCgroupName,
  toCpuQuota,
  wrapArgv,
  type CgroupVersion,
  type Controller,
} from './cgroup-files.ts';
import { readCgroupPids, removeCgroupDirectories } from './cgroup-cleanup.ts';
import {
  locateControllers,
  machineHasSwap,
  makeDirectory,
  readCgroupStats,
  readOwnStartTicks,
  writeLimits,
  type CgroupLimits,
} from './cgroup-io.ts';
import type { LimitController } from './cgroup-placement.ts';
import type { CgroupStats } from './cgroup-stats.ts';

export type { CgroupLimits } from './cgroup-io.ts';
export { CgroupError } from './cgroup-files.ts';
export { findStaleCgroups, removeStaleCgroups, type StaleSweep } from './cgroup-cleanup.ts';
export {
  CgroupStatsSchema,
  diffCgroupStats,
  type CgroupStats,
  type CpuStats,
  type MemoryStats,
} from './cgroup-stats.ts';

/** What to create. At least one of `cpus` and `memoryBytes`. */
export interface CgroupRequest {
  /** The harness run id (RUN_ID of the process module): leftovers name the run that made them. */
  runId: string;
  /** What runs inside, kebab-case, unique within the run, e.g. "server". */
  label: string;
  /** CFS quota in CPUs (0.5: half a CPU per period); null: CPU accounting without a limit. */
  cpus?: number | null;
  /** CFS period, µs; default 100 ms, as Docker and Kubernetes. */
  cpuPeriodUs?: number;
  /** Memory limit, bytes. */
  memoryBytes?: number;
  /** Swap allowed beyond `memoryBytes` where the machine has swap; default 0, as Kubernetes. */
  swapBytes?: number;
}

/** A live cgroup. */
export interface Cgroup {
  name: string;
  version: CgroupVersion;
  /** Its directories: one on v2; on v1 one per hierarchy (cpu, cpuacct, memory). */
  dirs: string[];
  limits: CgroupLimits;
  /** `argv` behind the wrapper that joins this cgroup first: spawn and record this. */
  wrap(argv: readonly string[]): string[];
  /** PIDs inside (the union over the hierarchies). */
  listPids(): number[];
  /** Cumulative counters; diff two readings with diffCgroupStats. */
  readStats(): CgroupStats;
  /** SIGKILL whatever is still inside, wait until it is gone (bounded), delete the directories. */
  remove(): void;
}

const live = new Set<Cgroup>();

function checkRequest(request: CgroupRequest): LimitController[] {
  const wanted: LimitController[] = [];
  if (request.cpus !== undefined) wanted.push('cpu');
  if (request.memoryBytes !== undefined) {
    wanted.push('memory');
    if (!Number.isInteger(request.memoryBytes) || request.memoryBytes < 1 << 20)
      throw new CgroupError(
        `memory limit ${request.memoryBytes} must be a whole number of bytes >= 1 MiB`,
      );
  }
  const swap = request.swapBytes ?? 0;
  if (!Number.isInteger(swap) || swap < 0)
    throw new CgroupError(`swap limit ${swap} must be a whole number of bytes >= 0`);
  if (wanted.length === 0)
    throw new CgroupError(`cgroup "${request.label}" needs cpus or memoryBytes`);
  return wanted;
}

/**
 * Create a cgroup with the requested limits, tracked until removed. Throws a CgroupError that
 * names what is missing (a mount, root, a controller) and leaves nothing behind.
 */
export function createCgroup(request: CgroupRequest): Cgroup {
  const wanted = checkRequest(request);
  const limits: CgroupLimits = {
    cpu: request.cpus === undefined ? null : toCpuQuota(request.cpus, request.cpuPeriodUs),
    memoryBytes: request.memoryBytes ?? null,
    swapBytes:
      request.memoryBytes !== undefined && machineHasSwap() ? (request.swapBytes ?? 0) : null,
  };
  const name = formatCgroupName({
    runId: request.runId,
    pid: process.pid,
    startTicks: readOwnStartTicks(),
    label: request.label,
  });
  const placement = locateControllers(wanted);
  const dirOf: Partial<Record<Controller, string>> = {};
  const mountOfDir = new Map<string, string>();
  for (const [controller, mountPoint] of Object.entries(placement.mountPoints)) {
    const dir = join(mountPoint, CGROUP_PARENT, name);
    dirOf[controller as Controller] = dir;
    mountOfDir.set(dir, mountPoint);
  }
  const cgroup = makeHandle(name, placement.version, dirOf, limits);
  live.add(cgroup);
  try {
    for (const [dir, mountPoint] of mountOfDir) makeDirectory(mountPoint, dir, placement);
    writeLimits(placement.version, dirOf, limits);
  } catch (error) {
    try {
      cgroup.remove();
    } catch {
      // Still tracked: removeEveryCgroupNow tries again. The first error is the one to report.
    }
    throw error;
  }
  return cgroup;
}

function makeHandle(
  name: string,
  version: CgroupVersion,
  dirOf: Partial<Record<Controller, string>>,
  limits: CgroupLimits,
): Cgroup {
  const dirs = [...new Set(Object.values(dirOf))];
  const cgroup: Cgroup = {
    name,
    version,
    dirs,
    limits,
    wrap: (argv) =>
      wrapArgv(
        dirs.map((dir) => join(dir, 'cgroup.procs')),
        argv,
      ),
    listPids: () =>
      [...new Set(dirs.flatMap((dir) => readCgroupPids(dir) ?? []))].sort((a, b) => a - b),
    readStats: () => readCgroupStats(version, dirOf),
    remove: () => {
      removeCgroupDirectories(dirs);
      // Only once it is gone: a cgroup that resisted stays tracked for the exit handler's retry.
      live.delete(cgroup);
    },
  };
  return cgroup;
}

/**
 * Remove every cgroup this process created and has not removed, killing what is inside: for
 * the harness's signal handlers, `exit` handler and error paths, after killEverythingNow.
 * Returns what could not be removed (an exit handler can only report it).
 */
export function removeEveryCgroupNow(): string[] {
  const problems: string[] = [];
  for (const cgroup of [...live]) {
    try {
      cgroup.remove();
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  return problems;
}

/**
 * Preflight: create and remove a small cgroup with a CPU quota and a memory limit. Returns null
 * when that works, else the CgroupError's message (what to mount, which privilege is missing).
 */
export function findCgroupProblem(runId: string): string | null {
  try {
    createCgroup({ runId, label: 'preflight', cpus: 1, memoryBytes: 64 << 20 }).remove();
    return null;
  } catch (error) {
    if (error instanceof CgroupError) return error.message;
    throw error;
  }
}

/** The cgroups this process has created and not yet removed. */
export function listLiveCgroups(): Cgroup[] {
  return [...live];
}
