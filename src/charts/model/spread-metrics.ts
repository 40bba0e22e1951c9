/**
 * The metrics of points whose responses were counted per worker process and per connection
 * (`repetitions[].spread`: the request-spread scenarios). They tell apart the explanations of
 * a shortfall: how wrk's connections divided between the workers, the throughput that division
 * allows a model whose worker holds a slot while a request waits (gthread's threads), and
 * whether the connections were served alike inside each worker and across workers. Null where
 * a repetition has no spread, never zero.
 */
import { holdsSlotWhileWaiting } from '../../bench/endpoints.ts';
import { computeLittleBound, countSlots } from '../../bench/little.ts';
import type { BenchPoint, BenchRepetition } from '../../bench/schema.ts';
import { computeMedian } from '../../bench/stats.ts';
import type { MetricSpec } from './metrics.ts';
import { PERCENT, summarizeMetric } from './summarize-metric.ts';

/** The spread metrics, in the order the metric switch lists them. */
export const SPREAD_METRIC_IDS = [
  'busiestWorkerConnections',
  'unansweredConnections',
  'spreadBound',
  'spreadBoundReached',
  'evennessWithinWorkers',
  'evennessAcrossWorkers',
] as const;
export type SpreadMetricId = (typeof SPREAD_METRIC_IDS)[number];

type ReadSpread = (r: BenchRepetition, point: BenchPoint) => number | null;

const processesOf = (r: BenchRepetition) => Object.values(r.spread?.processes ?? {});

/** The most connections one worker process answered on in the window. */
export const readBusiestWorkerConnections: ReadSpread = (r) =>
  r.spread ? Math.max(0, ...processesOf(r).map((p) => p.connections)) : null;

/**
 * wrk's connections that got no response in the whole window: open, their request sent, and
 * not answered (or not even accepted) before the window ended.
 */
export const readUnansweredConnections: ReadSpread = (r) =>
  r.spread ? r.spread.connectionsWithoutResponse : null;

/**
 * The throughput the window's division of connections allows (Little's law per worker): a
 * worker with `c` connections and `s` slots (gthread's threads; one for sync) has min(c, s)
 * requests in service at once, each taking the endpoint's ms. Only for a model that holds a
 * slot while a request waits; an event loop's connections share no such slots.
 */
export const readSpreadBound: ReadSpread = (r, point) => {
  if (!r.spread || point.endpointMs <= 0) return null;
  if (!holdsSlotWhileWaiting(point.model, point.endpoint, point.dbAccess)) return null;
  const slotsPerWorker = countSlots({ ...point, workers: 1 });
  const inService = processesOf(r).reduce(
    (sum, p) => sum + Math.min(p.connections, slotsPerWorker),
    0,
  );
  return computeLittleBound(inService, point.endpointMs);
};

/** Throughput as a share of what the window's division of connections allows. */
export const readSpreadBoundReached: ReadSpread = (r, point) => {
  const bound = readSpreadBound(r, point);
  return bound ? r.throughputRps / bound : null;
};

/**
 * Inside each worker, how alike its connections were served: the 10th percentile of responses
 * per connection over the median, then the median over the workers. A hub that lets some
 * kept-alive connections starve others reads low.
 */
export const readEvennessWithinWorkers: ReadSpread = (r) => {
  const shares = processesOf(r)
    .filter((p) => p.requestsPerConnection.median > 0)
    .map((p) => p.requestsPerConnection.p10 / p.requestsPerConnection.median);
  return shares.length > 0 ? computeMedian(shares) : null;
};

/**
 * Across workers, how alike their connections were served: the median responses per connection
 * of the slowest worker over that of the fastest. Workers that took unequal numbers of
 * connections onto one CPU read low.
 */
export const readEvennessAcrossWorkers: ReadSpread = (r) => {
  const medians = processesOf(r).map((p) => p.requestsPerConnection.median);
  const fastest = Math.max(0, ...medians);
  return medians.length > 0 && fastest > 0 ? Math.min(...medians) / fastest : null;
};

/** Every spread metric: where it is in the dataset and its label. */
export const SPREAD_METRICS: Record<SpreadMetricId, MetricSpec> = {
  busiestWorkerConnections: {
    label: 'Connections on the busiest worker',
    axisLabel: 'Connections answered by the worker with the most',
    unit: 'connections',
    csvName: 'busiest_worker_connections',
    divisor: 1,
    digits: 0,
    summary: summarizeMetric(readBusiestWorkerConnections),
    repetition: readBusiestWorkerConnections,
  },
  unansweredConnections: {
    label: 'Connections with no answer in the window',
    axisLabel: "wrk's connections that got no response in the window",
    unit: 'connections',
    csvName: 'unanswered_connections',
    divisor: 1,
    digits: 0,
    summary: summarizeMetric(readUnansweredConnections),
    repetition: readUnansweredConnections,
  },
  spreadBound: {
    label: 'What the division of connections allows',
    axisLabel: 'Sum over workers of min(connections, threads) x 1000 / ms (req/s)',
    unit: 'req/s',
    csvName: 'spread_bound_rps',
    divisor: 1,
    digits: 0,
    summary: summarizeMetric(readSpreadBound),
    repetition: readSpreadBound,
  },
  spreadBoundReached: {
    label: 'Throughput ÷ what the division allows',
    axisLabel: 'Throughput as a share of what the division of connections allows (%)',
    csvName: 'spread_bound_reached_pct',
    ...PERCENT,
    summary: summarizeMetric(readSpreadBoundReached),
    repetition: readSpreadBoundReached,
  },
  evennessWithinWorkers: {
    label: 'Connections served alike inside a worker',
    axisLabel: 'Responses per connection inside a worker: p10 ÷ median (%)',
    csvName: 'evenness_within_workers_pct',
    ...PERCENT,
    summary: summarizeMetric(readEvennessWithinWorkers),
    repetition: readEvennessWithinWorkers,
  },
  evennessAcrossWorkers: {
    label: 'Connections served alike across workers',
    axisLabel: "Responses per connection: slowest worker's median ÷ fastest's (%)",
    csvName: 'evenness_across_workers_pct',
    ...PERCENT,
    summary: summarizeMetric(readEvennessAcrossWorkers),
    repetition: readEvennessAcrossWorkers,
  },
};
