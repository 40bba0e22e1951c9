/** uvicorn with uvloop and httptools versus asyncio and h11. */
import { buildSweep, CPU_BOUND_WINDOW_S, SWEEP, type ScenarioDefinition } from './scenario.ts';

export const scenario: ScenarioDefinition = {
  id: 'uvicorn-loops',
  description:
    "uvicorn at its default worker count on hello as connections grow, twice: with its defaults (--loop auto --http auto, which pick uvloop and httptools when they are installed, as with 'uvicorn[standard]') and with --loop asyncio --http h11, what a plain 'pip install uvicorn' runs. The worker model is the same; only the cost of each loop turn and of parsing differs. CPU-bound, so measured in 10 s windows.",
  settings: { durationS: CPU_BOUND_WINDOW_S },
  build: (ctx) =>
    buildSweep(
      ctx,
      'hello',
      0,
      SWEEP,
      ctx.models.filter((m) => m.id === 'uvicorn' || m.variantOf === 'uvicorn'),
    ),
};
