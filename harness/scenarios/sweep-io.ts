/** Every model on a request that waits, as closed-loop connections grow. */
import { IO_MS } from '../../src/bench/endpoints.ts';
import { buildSweep, SWEEP, type ScenarioDefinition } from './scenario.ts';

/** Connection counts of the io sweep: the usual ones and 1024, where event loops still scale. */
export const IO_LEVELS = [...SWEEP, 1024];

export const scenario: ScenarioDefinition = {
  id: 'sweep-io',
  description: `Every model at the worker count its documentation advises on a request that waits ${IO_MS} ms (time.sleep under WSGI, patched by gevent under the gevent worker, asyncio.sleep under ASGI). Sync throughput caps at workers x ${1000 / IO_MS} req/s (Little's law); gevent and async keep scaling with connections.`,
  build: (ctx) => buildSweep(ctx, 'io', IO_MS, IO_LEVELS),
};
