/** Every model on a small JSON answer as closed-loop connections grow. */
import { buildSweep, CPU_BOUND_WINDOW_S, SWEEP, type ScenarioDefinition } from './scenario.ts';

export const scenario: ScenarioDefinition = {
  id: 'sweep-hello',
  description: `Every model at the worker count its documentation advises serving a small JSON answer as the number of closed-loop wrk connections grows: the per-request overhead of HTTP parsing, the worker model and keep-alive (gunicorn sync closes every connection). CPU-bound, so measured in ${CPU_BOUND_WINDOW_S} s windows.`,
  settings: { durationS: CPU_BOUND_WINDOW_S },
  build: (ctx) => buildSweep(ctx, 'hello', 0, SWEEP),
};
