/**
 * Reading and writing cgroupfs for cgroup.ts: finding the hierarchies, making directories,
 * writing limits, reading counters. Every failed write becomes a CgroupError that says why.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CGROUP_PARENT,
  CgroupError,
  errorCode,
  formatCpuMax,
  parseCgroupMounts,
  parseStartTicks,
  type CgroupVersion,
  type Controller,
  type CpuQuota,
} from './cgroup-files.ts';
import {
  choosePlacement,
  explainWriteError,
  type LimitController,
  type Placement,
  type V2Controllers,
} from './cgroup-placement.ts';
import { parseCpuStats, parseMemoryStats, type CgroupStats } from './cgroup-stats.ts';

/** The limits written, for the dataset. */
export interface CgroupLimits {
  cpu: CpuQuota | null;
  memoryBytes: number | null;
  /** null: not set, because the machine has no swap to limit. */
  swapBytes: number | null;
}

function writeControl(path: string, value: string, action: string): void {
  try {
    // r+: a control file the kernel lacks is ENOENT, not an attempt to create it.
    writeFileSync(path, value, { flag: 'r+' });
  } catch (error) {
    throw new CgroupError(explainWriteError(action, path, errorCode(error)));
  }
}

function readIfPresent(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
}

function readWords(path: string): string[] {
  return (readIfPresent(path) ?? '').split(/\s+/).filter(Boolean);
}

/** Where the wanted controllers are, from /proc/self/mountinfo and the v2 controller lists. */
export function locateControllers(wanted: readonly LimitController[]): Placement {
  const mounts = parseCgroupMounts(readFileSync('/proc/self/mountinfo', 'utf8'));
  const v2 = new Map<string, V2Controllers | null>();
  for (const m of mounts.filter((m) => m.version === 2)) {
    const available = readIfPresent(join(m.mountPoint, 'cgroup.controllers'));
    v2.set(
      m.mountPoint,
      available === null
        ? null
        : {
            available: available.split(/\s+/).filter(Boolean),
            enabledForChildren: readWords(join(m.mountPoint, 'cgroup.subtree_control')),
          },
    );
  }
  return choosePlacement(mounts, v2, wanted);
}

/** When this process started, in clock ticks after boot (for the cgroup name). */
export function readOwnStartTicks(): number {
  return parseStartTicks(readFileSync('/proc/self/stat', 'utf8'));
}

/** Whether the machine has swap (else there is no swap limit to set). */
export function machineHasSwap(): boolean {
  const match = /^SwapTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'));
  return Number(match?.[1] ?? 0) > 0;
}

/** Make `<mount>/worker-models-bench` and its child; v2 passes the controllers down to it. */
export function makeDirectory(mountPoint: string, dir: string, placement: Placement): void {
  const parent = join(mountPoint, CGROUP_PARENT);
  // Another run may remove the empty parent between the two mkdirs: try once more.
  for (let attempt = 0; ; attempt++) {
    try {
      mkdirSync(parent, { recursive: true });
      if (placement.version === 2) {
        const controllers = Object.keys(placement.mountPoints).map((c) => `+${c}`);
        writeControl(
          join(parent, 'cgroup.subtree_control'),
          controllers.join(' '),
          'enable controllers in',
        );
      }
      mkdirSync(dir);
      return;
    } catch (error) {
      if (error instanceof CgroupError) throw error;
      const code = errorCode(error);
      if (code === 'ENOENT' && attempt === 0) continue;
      if (code === 'EEXIST')
        throw new CgroupError(`cgroup ${dir} already exists: labels must be unique within a run`);
      // Name the directory that failed: the shared parent or this cgroup's own.
      const failed = error instanceof Error && 'path' in error ? String(error.path) : dir;
      throw new CgroupError(explainWriteError('create', failed, code));
    }
  }
}

/** Write the limits into the cgroup's directories (v1: one per controller). */
export function writeLimits(
  version: CgroupVersion,
  dirOf: Partial<Record<Controller, string>>,
  limits: CgroupLimits,
): void {
  const { cpu: quota, memoryBytes, swapBytes } = limits;
  if (quota && dirOf.cpu) {
    if (version === 2)
      writeControl(join(dirOf.cpu, 'cpu.max'), formatCpuMax(quota), 'set the CPU limit in');
    else {
      writeControl(
        join(dirOf.cpu, 'cpu.cfs_period_us'),
        String(quota.periodUs),
        'set the CFS period in',
      );
      writeControl(
        join(dirOf.cpu, 'cpu.cfs_quota_us'),
        String(quota.quotaUs ?? -1),
        'set the CFS quota in',
      );
    }
  }
  if (memoryBytes !== null && dirOf.memory) {
    const dir = dirOf.memory;
    if (version === 2) {
      writeControl(join(dir, 'memory.max'), String(memoryBytes), 'set the memory limit in');
      if (swapBytes !== null)
        writeControl(join(dir, 'memory.swap.max'), String(swapBytes), 'set the swap limit in');
    } else {
      writeControl(
        join(dir, 'memory.limit_in_bytes'),
        String(memoryBytes),
        'set the memory limit in',
      );
      // memsw is memory plus swap, so it is written after the memory limit it must not undercut.
      if (swapBytes !== null)
        writeControl(
          join(dir, 'memory.memsw.limit_in_bytes'),
          String(memoryBytes + swapBytes),
          'set the memory+swap limit in',
        );
    }
  }
}

/** The cgroup's counters; `dirOf` maps each controller to its directory. */
export function readCgroupStats(
  version: CgroupVersion,
  dirOf: Partial<Record<Controller, string>>,
): CgroupStats {
  const read = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');
  return {
    cpu: dirOf.cpu
      ? parseCpuStats(
          version,
          read(dirOf.cpu, 'cpu.stat'),
          version === 1 && dirOf.cpuacct ? read(dirOf.cpuacct, 'cpuacct.usage') : null,
        )
      : null,
    memory: dirOf.memory ? readMemoryStats(version, dirOf.memory) : null,
  };
}

function readMemoryStats(version: CgroupVersion, dir: string): CgroupStats['memory'] {
  const read = (file: string): string => readFileSync(join(dir, file), 'utf8');
  if (version === 2)
    return parseMemoryStats({
      max: read('memory.max'),
      current: read('memory.current'),
      peak: readIfPresent(join(dir, 'memory.peak')),
      events: read('memory.events'),
    });
  return parseMemoryStats({
    limit: read('memory.limit_in_bytes'),
    usage: read('memory.usage_in_bytes'),
    maxUsage: read('memory.max_usage_in_bytes'),
    failcnt: read('memory.failcnt'),
    oomControl: read('memory.oom_control'),
  });
}
