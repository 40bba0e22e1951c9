/**
 * What a cgroup reports, in one shape for v1 and v2 (the schemas: src/bench/cgroup-stats.ts),
 * and the parsers that produce it from the control files' text; counters are cumulative,
 * `diffCgroupStats` turns two readings into one window.
 */
import {
  CgroupError,
  parseKeyedValues,
  parseLimitBytes,
  type CgroupVersion,
} from './cgroup-files.ts';
import type { CgroupStats, CpuStats, MemoryStats } from '../../src/bench/cgroup-stats.ts';

// The schemas live in src/bench, beside the dataset schema that records them.
export {
  CgroupStatsSchema,
  CpuStatsSchema,
  MemoryStatsSchema,
  type CgroupStats,
  type CpuStats,
  type MemoryStats,
} from '../../src/bench/cgroup-stats.ts';

function pick(values: Map<string, number>, key: string, file: string): number {
  const value = values.get(key);
  if (value === undefined) throw new CgroupError(`${file} has no ${key} line`);
  return value;
}

/** cpu.stat, plus v1's cpuacct.usage (ns) where the cpuacct controller is mounted. */
export function parseCpuStats(
  version: CgroupVersion,
  cpuStat: string,
  cpuacctUsage: string | null = null,
): CpuStats {
  const values = parseKeyedValues(cpuStat);
  if (version === 2)
    return {
      periods: pick(values, 'nr_periods', 'cpu.stat'),
      throttledPeriods: pick(values, 'nr_throttled', 'cpu.stat'),
      throttledUs: pick(values, 'throttled_usec', 'cpu.stat'),
      usageUs: pick(values, 'usage_usec', 'cpu.stat'),
    };
  const usageNs = cpuacctUsage === null ? null : Number(cpuacctUsage.trim());
  if (usageNs !== null && !Number.isFinite(usageNs))
    throw new CgroupError(`cpuacct.usage is not a number: ${JSON.stringify(cpuacctUsage)}`);
  return {
    periods: pick(values, 'nr_periods', 'cpu.stat'),
    throttledPeriods: pick(values, 'nr_throttled', 'cpu.stat'),
    throttledUs: Math.floor(pick(values, 'throttled_time', 'cpu.stat') / 1000),
    usageUs: usageNs === null ? null : Math.floor(usageNs / 1000),
  };
}

/** The texts of v1's memory files. */
export interface MemoryFilesV1 {
  limit: string;
  usage: string;
  maxUsage: string;
  failcnt: string;
  oomControl: string;
}

/** The texts of v2's memory files; `peak` is null where the kernel has no memory.peak. */
export interface MemoryFilesV2 {
  max: string;
  current: string;
  peak: string | null;
  events: string;
}

/** Memory readings from v1's or v2's files. */
export function parseMemoryStats(files: MemoryFilesV1 | MemoryFilesV2): MemoryStats {
  const bytes = (text: string, file: string): number => {
    const value = parseLimitBytes(text);
    if (value === null)
      throw new CgroupError(`${file} is not a byte count: ${JSON.stringify(text)}`);
    return value;
  };
  if ('events' in files) {
    const events = parseKeyedValues(files.events);
    return {
      limitBytes: parseLimitBytes(files.max),
      usageBytes: bytes(files.current, 'memory.current'),
      peakBytes: files.peak === null ? null : bytes(files.peak, 'memory.peak'),
      oomKills: pick(events, 'oom_kill', 'memory.events'),
      limitHits: pick(events, 'max', 'memory.events'),
    };
  }
  return {
    limitBytes: parseLimitBytes(files.limit),
    usageBytes: bytes(files.usage, 'memory.usage_in_bytes'),
    peakBytes: bytes(files.maxUsage, 'memory.max_usage_in_bytes'),
    // oom_kill exists since Linux 4.13; older kernels report under_oom only.
    oomKills: parseKeyedValues(files.oomControl).get('oom_kill') ?? 0,
    limitHits: bytes(files.failcnt, 'memory.failcnt'),
  };
}

/**
 * What happened between two readings (e.g. one repetition): counters subtracted; limit, usage
 * and peak as of `after` (the peak is since creation, so it covers the window and what came before).
 */
export function diffCgroupStats(before: CgroupStats, after: CgroupStats): CgroupStats {
  const cpu =
    before.cpu && after.cpu
      ? {
          periods: after.cpu.periods - before.cpu.periods,
          throttledPeriods: after.cpu.throttledPeriods - before.cpu.throttledPeriods,
          throttledUs: after.cpu.throttledUs - before.cpu.throttledUs,
          usageUs:
            after.cpu.usageUs === null || before.cpu.usageUs === null
              ? null
              : after.cpu.usageUs - before.cpu.usageUs,
        }
      : null;
  const memory =
    before.memory && after.memory
      ? {
          ...after.memory,
          oomKills: after.memory.oomKills - before.memory.oomKills,
          limitHits: after.memory.limitHits - before.memory.limitHits,
        }
      : null;
  return { cpu, memory };
}
