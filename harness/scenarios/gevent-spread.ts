/**
 * Where gevent's long latency tail on io?ms=50 comes from (sweep-io). Two explanations predict
 * different counts: kept-alive connections that starve others inside one worker's hub would
 * show as uneven requests per connection within each process; uneven accept across the three
 * processes on one CPU would show as uneven connections per process, each process's
 * connections served alike. gunicorn's gevent worker (26.2.2, `gunicorn/workers/ggevent.py`)
 * serves each listening socket with a gevent StreamServer and a Pool of `worker_connections`
 * greenlets, and sets `max_accept = 1` when there is more than one worker, so a worker accepts
 * one connection per wake-up (gevent 25.9.1, `gevent/baseserver.py`). `--reuse-port` gives
 * each worker its own socket, which takes accept out of the picture.
 */
import { IO_MS } from '../../src/bench/endpoints.ts';
import {
  withDefaults,
  type PointSpec,
  type ScenarioContext,
  type ScenarioDefinition,
} from './scenario.ts';

/** sweep-io's levels where gevent's tail grows. */
const LEVELS = [64, 256, 1024];

function buildGeventSpread(ctx: ScenarioContext): PointSpec[] {
  return ctx.models
    .filter((m) => m.id === 'gunicorn-gevent' || m.id === 'gunicorn-gevent-reuse-port')
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
  id: 'gevent-spread',
  description: `gunicorn gevent at its advised worker count on io?ms=${IO_MS} at ${LEVELS.join(', ')} connections, with one shared listening socket (the default) and with --reuse-port (a socket per worker), in sweep-io's 3 s windows, several per point on each of several server starts (settings.repetitions, settings.serverStarts), every response counted by the worker process that sent it and the connection it came on (repetitions[].spread): uneven connections per process point to accept, uneven requests per connection within a process to kept-alive connections starving others.`,
  settings: { repetitions: 3, serverStarts: 3 },
  build: buildGeventSpread,
};
