/**
 * The metrics a chart can show: where each is read in a dataset point and repetition (schema
 * field names carry the unit), how it is labelled, and its display unit and precision.
 * `to-chart-data.ts` reads values through these accessors; tables, CSV and text use the labels.
 */
import type { BenchPoint, BenchRepetition, Stat } from '../../bench/schema.ts';
import { toStat } from '../../bench/stats.ts';
import { readOkThroughput } from '../../bench/summary.ts';
import { CONTAINER_METRIC_IDS, CONTAINER_METRICS } from './container-metrics.ts';
import { OPEN_LOOP_METRIC_IDS, OPEN_LOOP_METRICS } from './open-loop-metrics.ts';
import { SPREAD_METRIC_IDS, SPREAD_METRICS } from './spread-metrics.ts';
import { PERCENT, summarizeMetric } from './summarize-metric.ts';

/** The metrics a chart can show, in the order the metric switch lists them. */
export const METRIC_IDS = [
  'throughput',
  'p50',
  'p99',
  'errors',
  'memory',
  'idleMemory',
  'rss',
  'cpu',
  'cpuSlowdown',
  'betweenRuns',
  'withinRuns',
  'okThroughput',
  'dbConnections',
  'poolTimeouts',
  'dbRefused',
  'dbCpu',
  ...OPEN_LOOP_METRIC_IDS,
  ...CONTAINER_METRIC_IDS,
  ...SPREAD_METRIC_IDS,
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

/** How one metric is read from a point and how it is labelled. */
export interface MetricSpec {
  /** Short name for controls and tooltips. */
  label: string;
  /** Axis title. */
  axisLabel: string;
  /** Unit shown after every value. */
  unit: string;
  /** Column name stem for CSV files (ASCII, no spaces). */
  csvName: string;
  /** Divides the recorded value, e.g. bytes to MiB; the result is what the chart shows. */
  divisor: number;
  /**
   * Fraction digits shown: the recorded resolution (wrk reports latency in microseconds), so a
   * tooltip shows the value as measured; CSV and JSON keep full precision.
   */
  digits: number;
  /** The metric's median, min and max across a point's repetitions; null when none measured it. */
  summary: (point: BenchPoint) => Stat | null;
  /**
   * The metric in one repetition of `point`; null when nothing was measured. Most read the
   * repetition alone; a few need the point's configuration too (its threads, its endpoint).
   */
  repetition: (repetition: BenchRepetition, point: BenchPoint) => number | null;
  /**
   * The metric over every repetition's requests together, where the point records it (an
   * open-loop point's merged histograms); charted instead of the median when not null, since
   * it rests on all the requests a window was sized for, where one repetition holds a third.
   */
  pooled?: (point: BenchPoint) => number | null;
  /** One number for the point as a whole (computed over its runs), none per repetition. */
  perPoint?: true;
}

const MIB = 1024 * 1024;

/** The database group's name in datasets with a database (harness/system/postgres.ts). */
const DATABASE_GROUP = 'postgres';

/** A database app's answers of one status and kind in a repetition; null where not counted. */
function countStatus(key: string) {
  return (r: BenchRepetition): number | null =>
    r.statusCounts ? (r.statusCounts[key] ?? 0) : null;
}

const readDbConnections = (r: BenchRepetition): number | null =>
  r.groups?.[DATABASE_GROUP]?.metrics['peakConnections'] ?? null;
const readDbCpu = (r: BenchRepetition): number | null =>
  r.groups?.[DATABASE_GROUP]?.cpuCores ?? null;
/**
 * How much slower the server CPU ran around a window than at the run's start: the CPU-speed
 * probe's slowdown (harness/measure/cpu-probe.ts), null where the run had no probe.
 */
const readCpuSlowdown = (r: BenchRepetition): number | null => r.cpuProbe?.slowdown ?? null;

/**
 * A spread of a point's runs (`--append`), one number per point: the summary the harness
 * stores in `summary.runs`, absent for a point recorded in one run.
 */
function runSpreadMetric(
  field: 'throughputSpreadBetweenRuns' | 'throughputSpreadWithinRuns',
  names: Pick<MetricSpec, 'label' | 'axisLabel' | 'csvName'>,
): MetricSpec {
  return {
    ...names,
    ...PERCENT,
    perPoint: true,
    summary: (p) => toStat(p.summary.runs ? [p.summary.runs[field]] : []),
    repetition: () => null,
  };
}

const readPoolTimeouts = countStatus('503 pool-timeout');
const readDbRefused = countStatus('503 database-unavailable');

/** Every metric: where it is in the dataset (schema field names carry the unit) and its label. */
export const METRICS: Record<MetricId, MetricSpec> = {
  throughput: {
    label: 'Throughput',
    axisLabel: 'Throughput (req/s)',
    unit: 'req/s',
    csvName: 'throughput_rps',
    divisor: 1,
    digits: 2,
    summary: (p) => p.summary.throughputRps,
    repetition: (r) => r.throughputRps,
  },
  p50: {
    label: 'Median latency (p50)',
    axisLabel: 'p50 latency (ms)',
    unit: 'ms',
    csvName: 'p50_ms',
    divisor: 1,
    digits: 3,
    summary: (p) => p.summary.latencyMs.p50,
    pooled: (p) => p.openLoop?.latencyMs.p50 ?? null,
    repetition: (r) => r.latencyMs.p50,
  },
  p99: {
    label: 'Tail latency (p99)',
    axisLabel: 'p99 latency (ms)',
    unit: 'ms',
    csvName: 'p99_ms',
    divisor: 1,
    digits: 3,
    summary: (p) => p.summary.latencyMs.p99,
    pooled: (p) => p.openLoop?.latencyMs.p99 ?? null,
    repetition: (r) => r.latencyMs.p99,
  },
  errors: {
    label: 'Errors',
    axisLabel: 'Errors per measured window',
    unit: 'errors',
    csvName: 'errors',
    divisor: 1,
    digits: 0,
    summary: (p) => p.summary.errorsTotal,
    repetition: (r) => r.errorsTotal,
  },
  memory: {
    label: 'Memory under load (peak PSS)',
    axisLabel: 'Peak PSS of the server tree (MiB)',
    unit: 'MiB',
    csvName: 'peak_pss_mib',
    divisor: MIB,
    digits: 2,
    summary: (p) => p.summary.pssBytesMax,
    repetition: (r) => r.pssBytesMax,
  },
  idleMemory: {
    label: 'Memory at rest (PSS)',
    axisLabel: 'PSS of the server tree at rest (MiB)',
    unit: 'MiB',
    csvName: 'idle_pss_mib',
    divisor: MIB,
    digits: 2,
    summary: (p) => p.summary.idlePssBytes,
    repetition: (r) => r.idlePssBytes,
  },
  rss: {
    label: 'Memory under load (summed peak RSS)',
    axisLabel: 'Summed peak RSS of the server tree (MiB)',
    unit: 'MiB',
    csvName: 'peak_rss_mib',
    divisor: MIB,
    digits: 2,
    // The harness keeps RSS per repetition only (to show how it double-counts shared pages);
    // its spread is computed here the way the harness computes every other summary.
    summary: (p) => toStat(p.repetitions.map((r) => r.rssBytesMax)),
    repetition: (r) => r.rssBytesMax,
  },
  cpu: {
    label: 'Server CPU',
    axisLabel: 'Server CPU (cores busy)',
    unit: 'cores',
    csvName: 'server_cpu_cores',
    divisor: 1,
    digits: 3,
    summary: (p) => p.summary.serverCpuCores,
    repetition: (r) => r.serverCpuCores,
  },
  cpuSlowdown: {
    label: 'CPU slowdown (probe)',
    axisLabel: "Probe loop's extra CPU time against the run's baseline (%)",
    csvName: 'cpu_probe_slowdown_pct',
    ...PERCENT,
    summary: summarizeMetric(readCpuSlowdown),
    repetition: readCpuSlowdown,
  },
  betweenRuns: runSpreadMetric('throughputSpreadBetweenRuns', {
    label: 'Throughput spread between runs',
    axisLabel: "Spread of the runs' median throughputs (%)",
    csvName: 'throughput_spread_between_runs_pct',
  }),
  withinRuns: runSpreadMetric('throughputSpreadWithinRuns', {
    label: 'Throughput spread within a run',
    axisLabel: "Spread of one run's throughputs (%)",
    csvName: 'throughput_spread_within_runs_pct',
  }),
  okThroughput: {
    label: 'Successful throughput (200)',
    axisLabel: 'Answers 200 per second (req/s)',
    unit: 'req/s',
    csvName: 'ok_throughput_rps',
    divisor: 1,
    digits: 2,
    summary: summarizeMetric(readOkThroughput),
    repetition: readOkThroughput,
  },
  dbConnections: {
    label: 'Database connections (peak)',
    axisLabel: 'Peak client connections seen by PostgreSQL',
    unit: 'connections',
    csvName: 'peak_db_connections',
    divisor: 1,
    digits: 0,
    summary: summarizeMetric(readDbConnections),
    repetition: readDbConnections,
  },
  poolTimeouts: {
    label: 'Pool timeouts (503)',
    axisLabel: 'Answers 503 pool-timeout per measured window',
    unit: 'answers',
    csvName: 'pool_timeouts',
    divisor: 1,
    digits: 0,
    summary: summarizeMetric(readPoolTimeouts),
    repetition: readPoolTimeouts,
  },
  dbRefused: {
    label: 'Refused by the database (503)',
    axisLabel: 'Answers 503 database-unavailable per measured window',
    unit: 'answers',
    csvName: 'db_refused',
    divisor: 1,
    digits: 0,
    summary: summarizeMetric(readDbRefused),
    repetition: readDbRefused,
  },
  dbCpu: {
    label: 'Database CPU',
    axisLabel: 'PostgreSQL CPU (cores busy)',
    unit: 'cores',
    csvName: 'database_cpu_cores',
    divisor: 1,
    digits: 3,
    summary: summarizeMetric(readDbCpu),
    repetition: readDbCpu,
  },
  ...OPEN_LOOP_METRICS,
  ...CONTAINER_METRICS,
  ...SPREAD_METRICS,
};
