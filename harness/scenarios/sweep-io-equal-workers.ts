/** sweep-io's equal-worker-count variant (`buildEqualWorkerSweep` in scenario.ts). */
import { IO_MS } from '../../src/bench/endpoints.ts';
import { buildEqualWorkerSweep, EQUAL_WORKERS_NOTE, type ScenarioDefinition } from './scenario.ts';
import { IO_LEVELS } from './sweep-io.ts';

export const scenario: ScenarioDefinition = {
  id: 'sweep-io-equal-workers',
  description: `io?ms=${IO_MS} as closed-loop connections grow. ${EQUAL_WORKERS_NOTE}`,
  build: (ctx) => buildEqualWorkerSweep(ctx, 'io', IO_MS, IO_LEVELS),
};
