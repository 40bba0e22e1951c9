/** PSS of every model's process tree at rest and under load, as workers grow. */
import { IO_MS } from '../../src/bench/endpoints.ts';
import { selectMainModels, withDefaults, type ScenarioDefinition } from './scenario.ts';

const WORKERS = [1, 2, 4, 8];
const CONCURRENCY = 64;

export const scenario: ScenarioDefinition = {
  id: 'memory',
  description: `PSS of the whole server process tree (from /proc/PID/smaps_rollup, so pages shared by forked workers are counted once) for every model and ${WORKERS.join(', ')} workers: at rest just after start and before each repetition, and under load on io?ms=${IO_MS} at ${CONCURRENCY} connections. RSS is kept beside it to show how it double-counts.`,
  build: (ctx) =>
    selectMainModels(ctx).flatMap((model) =>
      // Daphne has no workers option: one process only.
      WORKERS.filter((workers) => workers <= (model.maxWorkers ?? Infinity)).map((workers) =>
        withDefaults(model, ctx, {
          endpoint: 'io',
          endpointMs: IO_MS,
          concurrency: CONCURRENCY,
          workers,
        }),
      ),
    ),
};
