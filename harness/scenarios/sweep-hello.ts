/** Every model on a small JSON answer as closed-loop connections grow. */
import { buildSweep, SWEEP, type ScenarioDefinition } from './scenario.ts';

export const scenario: ScenarioDefinition = {
  id: 'sweep-hello',
  description:
    'Every model at its default worker count serving a small JSON answer as the number of closed-loop wrk connections grows: the per-request overhead of HTTP parsing, the worker model and keep-alive (gunicorn sync closes every connection).',
  build: (ctx) => buildSweep(ctx, 'hello', 0, SWEEP),
};
