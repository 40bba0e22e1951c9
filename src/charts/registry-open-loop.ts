/**
 * The open-loop charts of the registry (issue 13): latency against the offered rate (the
 * hockey stick), the highest rate each model sustains under a p99 objective the reader sets,
 * and one server measured closed loop and open loop at the same rate. `registry.ts` lists them
 * with the others; the same rules hold (no measured number in a subtitle or caption).
 */
import type { ChartDefinitionInput } from './model/chart-definition.ts';
import { P999_MIN_REQUESTS } from './model/open-loop-metrics.ts';

const offered = {
  field: 'offeredRps',
  label: 'Offered rate (req/s)',
  scale: 'logarithmic',
  grid: 'per-series',
} as const;

/**
 * Latency first (what a reader planning capacity asks), then what says whether the point can
 * be trusted and what it cost: the rate achieved, failures, the queue left at the end, CPU and
 * memory, and the service time a closed-loop tool would have reported for the same requests.
 */
const hockeyMetrics = [
  'p99',
  'p50',
  'p999',
  'maxLatency',
  'serviceP99',
  'achievedRps',
  'failed',
  'outstanding',
  'cpu',
  'memory',
] as const;

const howToRead =
  'Each latency counts from the moment the request was due, not from when it was sent, so a ' +
  'stall shows in every request that arrived during it; a point is the value over all three ' +
  "repetitions' requests together, and its bar spans the repetitions. The p99.9 is shown only " +
  `where it rests on at least ${P999_MIN_REQUESTS} requests. Large hollow markers are suspect: the load ` +
  'generator fell behind its schedule or saturated its CPU in a repetition there.';

/** The open-loop charts, in gallery order. */
export const openLoopChartDefinitions: readonly ChartDefinitionInput[] = [
  {
    id: 'open-loop-io',
    title: 'Open loop: latency against the offered rate, a request that waits 50 ms',
    subtitle:
      'Every Gunicorn and Uvicorn model on requests that each wait {endpointMs}, arriving at random (Poisson) from a tenth to one and a half times its capacity; gunicorn sync runs {workers@gunicorn-sync}, uvicorn {workers@uvicorn}.',
    dataset: 'open-loop',
    x: offered,
    series: ['model'],
    where: [{ endpoint: ['io'] }],
    metrics: [...hockeyMetrics],
    caption:
      'Each model at its default worker count on /io (50 ms wait) under open-loop load: ' +
      'requests arrive on a Poisson schedule that never waits for answers, at 10, 50, 75, 90, ' +
      "100 and 150 % of the model's capacity (Little's law for sync and gthread, a closed-loop " +
      'wrk probe for the others). A line stops where its next share lies above 4000 requests a ' +
      'second, the most the generator was shown to send on time: the event-loop models and ' +
      `gevent serve this wait far faster, so their knee is not measured. ${howToRead}`,
  },
  {
    id: 'open-loop-cpu',
    title: 'Open loop: latency against the offered rate, 5 ms of CPU work',
    subtitle:
      'Every Gunicorn and Uvicorn model on requests that each need {endpointMs} of pure-Python CPU, with {serverCpus}, arriving at random (Poisson) from a tenth to one and a half times its capacity.',
    dataset: 'open-loop',
    x: offered,
    series: ['model'],
    where: [{ endpoint: ['cpu'] }],
    metrics: [...hockeyMetrics],
    caption:
      'Each model at its default worker count on /cpu (5 ms of pure-Python CPU) under open-loop ' +
      'load: Poisson arrivals at 10, 50, 75, 90, 100 and 150 % of the capacity a closed-loop ' +
      `wrk probe measured for that model at the start of its run. ${howToRead}`,
  },
  {
    id: 'open-loop-cpu-share',
    title: 'Open loop: latency at each share of capacity, 5 ms of CPU work',
    subtitle:
      'The points of the chart above on one axis for every model: its offered rate as a share of the capacity a closed-loop probe measured for it, with {serverCpus}.',
    dataset: 'open-loop',
    x: { field: 'share', label: 'Offered rate, as a share of the capacity measured' },
    series: ['model'],
    where: [{ endpoint: ['cpu'] }],
    metrics: [...hockeyMetrics],
    caption:
      'The open-loop points on /cpu (5 ms of pure-Python CPU), each model at its default worker ' +
      'count, placed by the share of its own capacity they offered (10, 50, 75, 90, 100 and ' +
      "150 %) rather than by rate, so the models' queues can be compared at the same load. " +
      howToRead,
  },
  {
    id: 'open-loop-db',
    title: 'Open loop on PostgreSQL: latency against the offered rate',
    subtitle:
      'Flask under gunicorn sync ({workers@gunicorn-sync}), gthread and gevent, Django under gunicorn sync and uvicorn ({workers@uvicorn}), and FastAPI with asyncpg under uvicorn answer one primary-key lookup in PostgreSQL, with requests arriving at random (Poisson) from a tenth to one and a half times each configuration’s capacity.',
    dataset: 'open-loop-db',
    x: offered,
    series: ['app', 'model'],
    metrics: [...hockeyMetrics],
    caption:
      'Each configuration at its default worker count with the pool db-frameworks gives it, on ' +
      '/db (one primary-key lookup in PostgreSQL) under open-loop load: Poisson arrivals at 10, ' +
      '50, 75, 90, 100 and 150 % of the capacity a closed-loop wrk probe at 16 connections ' +
      'measured at the start of each server configuration. PostgreSQL runs on the client CPU, ' +
      `beside the load generator. ${howToRead}`,
  },
  {
    id: 'open-loop-db-share',
    title: 'Open loop on PostgreSQL: latency at each share of capacity',
    subtitle:
      'The points of the chart above on one axis for every framework and model: the offered rate as a share of the capacity a closed-loop probe measured for that configuration.',
    dataset: 'open-loop-db',
    x: { field: 'share', label: 'Offered rate, as a share of the capacity measured' },
    series: ['app', 'model'],
    metrics: [...hockeyMetrics],
    caption:
      'The open-loop points on /db (one primary-key lookup in PostgreSQL), each configuration ' +
      'at its default worker count with the pool db-frameworks gives it, placed by the share ' +
      'of its own capacity they offered (10, 50, 75, 90, 100 and 150 %). PostgreSQL runs on ' +
      `the client CPU, beside the load generator. ${howToRead}`,
  },
  {
    id: 'sustainable-rate',
    title: 'The highest rate each model sustains under a p99 objective',
    subtitle:
      'For every Gunicorn and Uvicorn model, on requests that wait and on requests that burn CPU: the highest offered rate measured at which p99 stayed within the objective you set, with no request failed.',
    dataset: 'open-loop',
    x: { field: 'endpoint', label: 'Endpoint' },
    series: ['model'],
    metrics: ['sustainableRps'],
    sustainable: { defaultObjectiveMs: 100 },
    caption:
      'Each model at its default worker count on /io (50 ms wait) and /cpu (5 ms of CPU), under ' +
      'the open-loop load of the charts above. A bar is the highest offered rate at and below ' +
      'which every rate measured met the p99 objective in each of its repetitions (the worst ' +
      'repetition counts, so the plan holds in every window measured) with no request failed or ' +
      'timed out. It is a rate measured on the grid of shares of capacity, not an ' +
      'interpolation: the real limit lies between it and the next rate measured. A bar is hollow ' +
      'where a rate it rests on or stops at was measured while the load generator fell behind ' +
      "(its delay counts in the latency, so a pass holds but a miss may be the generator's); " +
      'no bar means not even the lowest rate met the objective.',
  },
  {
    id: 'sustainable-rate-db',
    title: 'The highest rate each framework sustains on PostgreSQL under a p99 objective',
    subtitle:
      'Flask under gunicorn sync, gthread and gevent, Django under gunicorn sync and uvicorn, and FastAPI under uvicorn, on one primary-key lookup in PostgreSQL: the highest offered rate measured at which p99 stayed within the objective you set, with no request failed.',
    dataset: 'open-loop-db',
    x: { field: 'app', label: 'Framework' },
    series: ['model'],
    metrics: ['sustainableRps'],
    sustainable: { defaultObjectiveMs: 100 },
    caption:
      'Each configuration of the chart above on /db, under its open-loop load. A ' +
      'bar is the highest offered rate at and below which every rate measured met the p99 ' +
      'objective in each repetition (the worst counts) with no request failed or timed out: a ' +
      'rate measured on the grid, not an interpolation. A bar is hollow where a rate it rests on ' +
      'or stops at was measured while the load generator fell behind; no bar means not even ' +
      'the lowest rate met the objective.',
  },
  {
    id: 'closed-vs-open',
    title: 'The same server, closed loop and open loop at the same rate',
    subtitle:
      'gunicorn sync ({workers@gunicorn-sync}) on requests that each wait {endpointMs}, measured closed loop by wrk, then open loop at the rate wrk achieved, with evenly spaced and with Poisson arrivals.',
    dataset: 'closed-vs-open',
    x: {
      field: 'closedConnections',
      label: 'wrk connections (open loop: the rate they achieved)',
      scale: 'logarithmic',
    },
    series: ['load'],
    metrics: ['p99', 'p50', 'maxLatency', 'throughput', 'errors'],
    caption:
      'gunicorn sync at its default worker count on /io (50 ms wait). Closed loop, each wrk ' +
      'connection waits for its answer before it sends again, and latency counts from the ' +
      'send. Open loop, requests arrive at the median rate wrk achieved at that connection ' +
      'count, evenly spaced or at random (Poisson), whatever the server does, and latency counts ' +
      'from when each was due. Throughput is the answers per second of the window, for both.',
  },
  {
    id: 'sustainable-rate-arrivals',
    title: 'Evenly spaced or random arrivals: the highest rate gunicorn sync sustains',
    subtitle:
      'gunicorn sync ({workers@gunicorn-sync}) on requests that each wait {endpointMs}, offered the rates wrk achieved, evenly spaced or at random (Poisson): the highest rate at which p99 stayed within the objective you set, with no request failed.',
    dataset: 'closed-vs-open',
    x: { field: 'load', label: 'Arrivals' },
    series: ['model'],
    where: [{ load: ['constant', 'poisson'] }],
    metrics: ['sustainableRps'],
    sustainable: { defaultObjectiveMs: 100 },
    caption:
      'The open-loop points of the chart above: the rates wrk achieved at 1, 2, 3 and 12 ' +
      "connections (about a third, two thirds and all of three workers' 60 req/s), each offered " +
      'evenly spaced and at random. A bar is the highest of these rates at and below which every ' +
      'one met the p99 objective in its worst repetition with no request failed: a rate ' +
      'measured, not an interpolation. A bar is hollow where a rate it rests on or stops at was ' +
      'measured while the load generator fell behind; no bar means not even the lowest rate met ' +
      'the objective.',
  },
];
