/** sweep-hello's equal-worker-count variant (`buildEqualWorkerSweep` in scenario.ts). */
import {
  buildEqualWorkerSweep,
  EQUAL_WORKERS_NOTE,
  SWEEP,
  type ScenarioDefinition,
} from './scenario.ts';
import { scenario as main } from './sweep-hello.ts';

export const scenario: ScenarioDefinition = {
  id: 'sweep-hello-equal-workers',
  description: `hello as closed-loop connections grow. ${EQUAL_WORKERS_NOTE}`,
  ...(main.settings ? { settings: main.settings } : {}),
  build: (ctx) => buildEqualWorkerSweep(ctx, 'hello', 0, SWEEP),
};
