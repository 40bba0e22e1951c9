/**
 * The metrics of open-loop points (`openLoop` in a point and its repetitions): the tail beyond
 * p99, the slowest request, the service time a closed-loop tool would have reported, the rate
 * achieved, the requests that failed or were still outstanding, and the highest rate that
 * meets a latency objective (computed by `sustainable-rate.ts`, never read from one point).
 */
import type { BenchPoint, BenchRepetition } from '../../bench/schema.ts';
import type { MetricSpec } from './metrics.ts';
import { summarizeMetric } from './summarize-metric.ts';

/** The open-loop metrics, in the order the metric switch lists them. */
export const OPEN_LOOP_METRIC_IDS = [
  'p999',
  'maxLatency',
  'serviceP99',
  'achievedRps',
  'failed',
  'outstanding',
  'sustainableRps',
] as const;
export type OpenLoopMetricId = (typeof OPEN_LOOP_METRIC_IDS)[number];

/**
 * Requests a p99.9 must rest on to be charted. The open-loop scenario sizes its windows so
 * that a point's p99 rests on 500 requests, 5 of them beyond it; the same 5 beyond p99.9
 * take 5000. Below that the p99.9 is one of a handful of slowest requests: left out.
 */
export const P999_MIN_REQUESTS = 5000;

/** The requests a point's percentiles rest on: all its repetitions' together when open loop. */
function countPointRequests(point: BenchPoint): number {
  if (point.openLoop) return point.openLoop.completed;
  // wrk's percentiles are per repetition; the point's spread rests on its smallest window.
  return Math.min(...point.repetitions.map((r) => r.requests));
}

/** A repetition's failed window requests: not connected, broken, timed out, other, non-2xx. */
export function countFailed(r: BenchRepetition): number | null {
  if (!r.openLoop) return null;
  const { connect, socket, timeout, other, non2xx } = r.openLoop.errors;
  return connect + socket + timeout + other + non2xx;
}

const latencyMetric = { unit: 'ms', divisor: 1, digits: 3 } as const;
const hasEnoughForP999 = (p: BenchPoint): boolean => countPointRequests(p) >= P999_MIN_REQUESTS;

/** Every open-loop metric: where it is in the dataset and its label. */
export const OPEN_LOOP_METRICS: Record<OpenLoopMetricId, MetricSpec> = {
  p999: {
    label: 'Tail latency (p99.9)',
    axisLabel: 'p99.9 latency (ms)',
    csvName: 'p999_ms',
    ...latencyMetric,
    summary: (p) => (hasEnoughForP999(p) ? p.summary.latencyMs.p999 : null),
    repetition: (r) => r.latencyMs.p999,
    pooled: (p) => (hasEnoughForP999(p) ? (p.openLoop?.latencyMs.p999 ?? null) : null),
  },
  maxLatency: {
    label: 'Slowest request (max)',
    axisLabel: 'Slowest latency (ms)',
    csvName: 'max_latency_ms',
    ...latencyMetric,
    summary: (p) => p.summary.latencyMs.max,
    repetition: (r) => r.latencyMs.max,
    pooled: (p) => p.openLoop?.latencyMs.max ?? null,
  },
  serviceP99: {
    label: 'Service time p99 (what a closed-loop tool reports)',
    axisLabel: 'p99 from the actual send (ms)',
    csvName: 'service_p99_ms',
    ...latencyMetric,
    summary: summarizeMetric((r) => r.openLoop?.serviceMs.p99 ?? null),
    repetition: (r) => r.openLoop?.serviceMs.p99 ?? null,
    pooled: (p) => p.openLoop?.serviceMs.p99 ?? null,
  },
  achievedRps: {
    label: 'Achieved rate',
    axisLabel: 'Offered requests answered in time per second (req/s)',
    unit: 'req/s',
    csvName: 'achieved_rps',
    divisor: 1,
    digits: 2,
    summary: summarizeMetric((r) => r.openLoop?.achievedRps ?? null),
    repetition: (r) => r.openLoop?.achievedRps ?? null,
  },
  failed: {
    label: 'Failed or timed out',
    axisLabel: 'Window requests failed or timed out (per window)',
    unit: 'requests',
    csvName: 'failed_requests',
    divisor: 1,
    digits: 0,
    summary: summarizeMetric(countFailed),
    repetition: countFailed,
  },
  outstanding: {
    label: 'Outstanding at the end',
    axisLabel: 'Window requests unanswered as it closed',
    unit: 'requests',
    csvName: 'outstanding_at_end',
    divisor: 1,
    digits: 0,
    summary: summarizeMetric((r) => r.openLoop?.outstandingAtEnd ?? null),
    repetition: (r) => r.openLoop?.outstandingAtEnd ?? null,
  },
  sustainableRps: {
    label: 'Highest rate meeting the objective',
    axisLabel: 'Highest offered rate meeting the objective (req/s)',
    unit: 'req/s',
    csvName: 'sustained_rps',
    divisor: 1,
    digits: 2,
    // Not a property of one point: `sustainable-rate.ts` computes it from a series' points.
    summary: () => null,
    repetition: () => null,
  },
};
