/** sweep-cpu's equal-worker-count variant (`buildEqualWorkerSweep` in scenario.ts). */
import { CPU_MS } from '../../src/bench/endpoints.ts';
import {
  buildEqualWorkerSweep,
  EQUAL_WORKERS_NOTE,
  SWEEP,
  type ScenarioDefinition,
} from './scenario.ts';
import { scenario as main } from './sweep-cpu.ts';

export const scenario: ScenarioDefinition = {
  id: 'sweep-cpu-equal-workers',
  description: `cpu?ms=${CPU_MS} as closed-loop connections grow. ${EQUAL_WORKERS_NOTE}`,
  ...(main.settings ? { settings: main.settings } : {}),
  build: (ctx) => buildEqualWorkerSweep(ctx, 'cpu', CPU_MS, SWEEP),
};
