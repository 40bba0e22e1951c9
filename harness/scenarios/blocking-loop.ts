/** uvicorn on a request that awaits versus one that blocks its event loop. */
import { IO_MS } from '../../src/bench/endpoints.ts';
import { SWEEP, withDefaults, type ScenarioDefinition } from './scenario.ts';

export const scenario: ScenarioDefinition = {
  id: 'blocking-loop',
  description: `uvicorn at its default worker count on io (await asyncio.sleep(${IO_MS} ms)) versus block (time.sleep(${IO_MS} ms) inside async def) as connections grow. The blocking handler serializes each worker: throughput stays at workers x ${1000 / IO_MS} req/s and latency grows with the queue.`,
  build: (ctx) =>
    ctx.models
      .filter((m) => m.id === 'uvicorn')
      .flatMap((model) =>
        (['io', 'block'] as const).flatMap((endpoint) =>
          SWEEP.map((concurrency) =>
            withDefaults(model, ctx, { endpoint, endpointMs: IO_MS, concurrency }),
          ),
        ),
      ),
};
