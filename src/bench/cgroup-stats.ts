/**
 * What a cgroup reports about the system under test in one measured window, in one shape for
 * cgroup v1 and v2: CFS bandwidth control (a container's CPU limit) and the memory controller
 * (its memory limit). The harness reads the control files (harness/system/cgroup-stats.ts) and
 * records the difference over each window; the site charts it.
 *
 * Kernel references: https://docs.kernel.org/scheduler/sched-bwc.html (cpu.stat),
 * https://docs.kernel.org/admin-guide/cgroup-v1/memory.html and
 * https://docs.kernel.org/admin-guide/cgroup-v2.html (memory files).
 */
import { z } from 'zod';

const count = z.number().int().nonnegative();

/** CFS bandwidth control counters (cpu.stat). */
export const CpuStatsSchema = z.object({
  /** Enforcement periods in which the cgroup had runnable tasks (`nr_periods`). */
  periods: count,
  /** Periods that ended with the quota used up, the tasks made to wait (`nr_throttled`). */
  throttledPeriods: count,
  /** Total time the tasks waited for the next period, µs (v1 `throttled_time` ns, v2 `throttled_usec`). */
  throttledUs: count,
  /** CPU time the cgroup used, µs (v2 `usage_usec`, v1 `cpuacct.usage`); null without cpuacct. */
  usageUs: count.nullable(),
});

/** Memory controller readings. */
export const MemoryStatsSchema = z.object({
  /** The limit in force, bytes; null for none (v1 `memory.limit_in_bytes`, v2 `memory.max`). */
  limitBytes: count.nullable(),
  /** Memory charged to the cgroup now, bytes (v1 `memory.usage_in_bytes`, v2 `memory.current`). */
  usageBytes: count,
  /**
   * Highest usage since the cgroup was created, bytes (v1 `memory.max_usage_in_bytes`, v2
   * `memory.peak`); null on v2 kernels before 5.19, which do not have it.
   */
  peakBytes: count.nullable(),
  /** Processes the OOM killer killed in the cgroup (v1 `oom_kill` of memory.oom_control, v2 memory.events). */
  oomKills: count,
  /** Times usage ran into the limit (v1 `memory.failcnt`, v2 `max` of memory.events). */
  limitHits: count,
});

/**
 * One reading of a cgroup; a part is null when the cgroup does not have that controller. In a
 * dataset, counters are over the measured window; limit, usage and peak are as of its end.
 */
export const CgroupStatsSchema = z.object({
  cpu: CpuStatsSchema.nullable(),
  memory: MemoryStatsSchema.nullable(),
});

export type CpuStats = z.infer<typeof CpuStatsSchema>;
export type MemoryStats = z.infer<typeof MemoryStatsSchema>;
export type CgroupStats = z.infer<typeof CgroupStatsSchema>;
