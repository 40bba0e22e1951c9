/**
 * The charts of questions the sweeps raised (issue 14), each measured instead of guessed: how
 * gthread's and gevent's workers divide wrk's connections (every response counted by the worker
 * process that sent it and the connection it came on), and what gunicorn's C HTTP parser
 * changes. `registry.ts` lists them with the others; the same rules hold (no measured number in
 * a subtitle).
 */
import type { ChartDefinitionInput } from './model/chart-definition.ts';

const connections = { field: 'concurrency', label: 'Connections', scale: 'logarithmic' } as const;

/** The investigation charts, in gallery order. */
export const investigationChartDefinitions: readonly ChartDefinitionInput[] = [
  {
    id: 'gthread-spread',
    title: 'gthread: how connections divide between workers, and what that allows',
    subtitle:
      'gunicorn gthread ({workers@gunicorn-gthread} of {threads@gunicorn-gthread}) on requests that each wait {endpointMs}, with one listening socket shared by the workers and with one socket per worker (--reuse-port); each bar spans every window, each a fresh wrk run, over several server starts.',
    dataset: 'gthread-spread',
    x: connections,
    series: ['model'],
    metrics: [
      'throughput',
      'busiestWorkerConnections',
      'spreadBound',
      'spreadBoundReached',
      'p50',
      'p99',
    ],
    bounds: [{ by: 'slots', model: 'gunicorn-gthread' }],
    caption:
      'gthread at its advised workers x threads on /io?ms=50, 16 and 64 closed-loop connections. ' +
      'Every response carries the pid of the worker that sent it and the client port it came ' +
      'on, and wrk counts them, so each window says how many connections each worker held. A ' +
      'worker with c connections and t threads can serve min(c, t) at once: "what the division ' +
      'allows" sums that over the workers. The dashed line is the bound of every thread busy.',
  },
  {
    id: 'gevent-spread',
    title: "gevent's latency tail: connections inside a worker and across workers",
    subtitle:
      'gunicorn gevent ({workers@gunicorn-gevent}) on requests that each wait {endpointMs}, as connections grow to {concurrency.max}, with one shared listening socket and with one socket per worker (--reuse-port).',
    dataset: 'gevent-spread',
    x: connections,
    series: ['model'],
    metrics: [
      'p99',
      'unansweredConnections',
      'evennessWithinWorkers',
      'evennessAcrossWorkers',
      'busiestWorkerConnections',
      'throughput',
      'p50',
      'cpu',
    ],
    caption:
      'gevent on /io?ms=50 as closed-loop connections grow. Each response is counted by the ' +
      'worker that sent it and the connection it came on. Kept-alive connections that starve ' +
      'others inside a worker would show as connections served unalike inside it; workers that ' +
      'took unequal shares of the connections onto one CPU, as unalike across workers; ' +
      'connections left waiting for the whole window, as connections with no answer.',
  },
  {
    id: 'gunicorn-parsers',
    title: "Gunicorn's HTTP parsers: gunicorn_h1c (C) versus pure Python",
    subtitle:
      "gunicorn's sync, gthread, gevent and asgi workers answer a small JSON response as connections grow to {concurrency.max}, with the C parser gunicorn_h1c (solid) and with --http-parser python (dotted).",
    dataset: 'gunicorn-parsers',
    x: connections,
    series: ['model'],
    metrics: ['throughput', 'p50', 'p99', 'cpu', 'cpuSlowdown', 'betweenRuns', 'withinRuns'],
    caption:
      "Each of gunicorn's worker classes at its advised worker count on /hello, once with the " +
      'optional C parser gunicorn_h1c that --http-parser auto picks when it is installed, and ' +
      'once forced to the pure-Python parser. A variant is drawn dotted in its model’s colour.',
  },
];
