/**
 * Why gthread falls short of its Little's-law bound on io?ms=50 (3 workers x 4 threads: 240
 * req/s), and why by a different amount in every window. gunicorn's gthread worker (26.2.2,
 * `gunicorn/workers/gthread.py`) accepts in its main loop whenever it holds fewer than
 * `worker_connections` (1000) connections, not when a thread is free, hands each accepted
 * connection to its pool of `threads` threads, and keeps a kept-alive connection in its own
 * poller: a connection stays with the worker that accepted it. The three workers share one
 * listening socket, so how wrk's connections divide between them is decided once per wrk run,
 * at connect time; a worker holding more connections than threads queues them, one holding
 * fewer leaves threads idle. Each window is a fresh wrk run, and every server configuration is
 * started several times, so the distribution shows, with requests and connections per worker
 * process. `--reuse-port` (a socket per worker since gunicorn 24; the kernel spreads connections
 * by their addresses) is the variant that should even it out.
 */
import { IO_MS } from '../../src/bench/endpoints.ts';
import {
  CPU_BOUND_WINDOW_S,
  withDefaults,
  type PointSpec,
  type ScenarioContext,
  type ScenarioDefinition,
} from './scenario.ts';

/** A few more connections than the 12 slots of one server CPU (16), and many more (64). */
const LEVELS = [16, 64];

function buildGthreadSpread(ctx: ScenarioContext): PointSpec[] {
  return ctx.models
    .filter((m) => m.id === 'gunicorn-gthread' || m.id === 'gunicorn-gthread-reuse-port')
    .flatMap((model) =>
      LEVELS.map((concurrency) =>
        withDefaults(model, ctx, {
          endpoint: 'io',
          endpointMs: IO_MS,
          concurrency,
          countSpread: true,
        }),
      ),
    );
}

export const scenario: ScenarioDefinition = {
  id: 'gthread-spread',
  description: `gunicorn gthread at its advised 3 workers x 4 threads (per server CPU) on io?ms=${IO_MS} at ${LEVELS.join(' and ')} connections, with one shared listening socket (the default) and with --reuse-port (a socket per worker): ${CPU_BOUND_WINDOW_S} s windows, each a fresh wrk run, several per point on each of several server starts (settings.repetitions, settings.serverStarts), every response counted by the worker process that sent it and the connection it came on (repetitions[].spread). Throughput is bounded by workers x threads x ${1000 / IO_MS} req/s; how the connections divide between the workers decides how much of that bound a window reaches.`,
  settings: { durationS: CPU_BOUND_WINDOW_S, repetitions: 5, serverStarts: 4 },
  build: buildGthreadSpread,
};
