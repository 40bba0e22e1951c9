/**
 * The metrics of points measured under a container's limits (`limits`): what the server's
 * cgroup counted over the window (CFS throttling, OOM kills) and what happened to the server's
 * processes (workers started). Read from the repetition's `cgroup` and `groups.server`; null
 * where a point ran without a cgroup, never zero.
 */
import type { BenchRepetition } from '../../bench/schema.ts';
import type { MetricSpec } from './metrics.ts';
import { PERCENT, summarizeMetric } from './summarize-metric.ts';

/** The container metrics, in the order the metric switch lists them. */
export const CONTAINER_METRIC_IDS = [
  'throttledTime',
  'throttledPeriods',
  'oomKills',
  'processesStarted',
] as const;
export type ContainerMetricId = (typeof CONTAINER_METRIC_IDS)[number];

/** The server group's name (harness/system/server.ts). */
const SERVER_GROUP = 'server';

/**
 * The share of the window the cgroup spent throttled: waiting, its quota used up, for the next
 * CFS period (`throttled_time` / `throttled_usec` of cpu.stat over the window's length).
 */
export function readThrottledShare(r: BenchRepetition): number | null {
  const cpu = r.cgroup?.cpu;
  return cpu ? cpu.throttledUs / (r.durationS * 1e6) : null;
}

/**
 * The share of CFS periods that ended with the quota used up (`nr_throttled` / `nr_periods`);
 * 0 where no period ran, as in a cgroup without a quota, which is never throttled.
 */
export function readThrottledPeriodShare(r: BenchRepetition): number | null {
  const cpu = r.cgroup?.cpu;
  if (!cpu) return null;
  return cpu.periods === 0 ? 0 : cpu.throttledPeriods / cpu.periods;
}

/** Processes the OOM killer killed in the server's cgroup during the window. */
export const readOomKills = (r: BenchRepetition): number | null =>
  r.cgroup?.memory?.oomKills ?? null;

/** Processes started in the server's session during the window: workers (re)started. */
export const readProcessesStarted = (r: BenchRepetition): number | null =>
  r.groups?.[SERVER_GROUP]?.metrics['processesStarted'] ?? null;

const COUNT = { divisor: 1, digits: 0 } as const;

/** Every container metric: where it is in the dataset and its label. */
export const CONTAINER_METRICS: Record<ContainerMetricId, MetricSpec> = {
  throttledTime: {
    label: 'Time throttled by the CPU quota',
    axisLabel: 'Time throttled (% of the window)',
    csvName: 'throttled_time_pct',
    ...PERCENT,
    summary: summarizeMetric(readThrottledShare),
    repetition: readThrottledShare,
  },
  throttledPeriods: {
    label: 'CFS periods throttled',
    axisLabel: 'Periods that used up the quota (%)',
    csvName: 'throttled_periods_pct',
    ...PERCENT,
    summary: summarizeMetric(readThrottledPeriodShare),
    repetition: readThrottledPeriodShare,
  },
  oomKills: {
    label: 'OOM kills',
    axisLabel: 'Processes killed by the OOM killer per window',
    unit: 'kills',
    csvName: 'oom_kills',
    ...COUNT,
    summary: summarizeMetric(readOomKills),
    repetition: readOomKills,
  },
  processesStarted: {
    label: 'Processes started (restarts)',
    axisLabel: "Processes started in the server's session per window",
    unit: 'processes',
    csvName: 'processes_started',
    ...COUNT,
    summary: summarizeMetric(readProcessesStarted),
    repetition: readProcessesStarted,
  },
};
