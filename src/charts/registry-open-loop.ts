/**
 * The open-loop charts of the registry (issue 13): latency against the offered rate (the
 * hockey stick), the highest rate each model sustains under a p99 objective the reader sets,
 * and one server measured closed loop and open loop at the same rate. `registry.ts` lists them
 * with the others; the same rules hold (no measured number in a subtitle or caption). The
 * hockey-stick charts of `open-loop` and `open-loop-db` and their sustainable-rate bars wait for
 * those datasets (a chart without data is not done): they come back with the recording.
 */
import type { ChartDefinitionInput } from './model/chart-definition.ts';

/** The open-loop charts, in gallery order. */
export const openLoopChartDefinitions: readonly ChartDefinitionInput[] = [
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
