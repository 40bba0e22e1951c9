/** Every model on a request that burns CPU, as closed-loop connections grow. */
import { CPU_MS } from '../../src/bench/endpoints.ts';
import { buildSweep, SWEEP, type ScenarioDefinition } from './scenario.ts';

export const scenario: ScenarioDefinition = {
  id: 'sweep-cpu',
  description: `Every model at its default worker count on a request that burns ${CPU_MS} ms of pure-Python CPU (calibrated per environment). No model beats the CPU count: throughput caps near cores x ${1000 / CPU_MS} req/s, and latency grows with queueing.`,
  build: (ctx) => buildSweep(ctx, 'cpu', CPU_MS, SWEEP),
};
