/** Every model on a request that burns CPU, as closed-loop connections grow. */
import { CPU_MS } from '../../src/bench/endpoints.ts';
import { buildSweep, CPU_BOUND_WINDOW_S, SWEEP, type ScenarioDefinition } from './scenario.ts';

export const scenario: ScenarioDefinition = {
  id: 'sweep-cpu',
  description: `Every model at the worker count its documentation advises on a request that burns ${CPU_MS} ms of pure-Python CPU (calibrated per environment). No model beats the CPU count: throughput caps near cores x ${1000 / CPU_MS} req/s, and latency grows with queueing. Measured in ${CPU_BOUND_WINDOW_S} s windows.`,
  settings: { durationS: CPU_BOUND_WINDOW_S },
  build: (ctx) => buildSweep(ctx, 'cpu', CPU_MS, SWEEP),
};
