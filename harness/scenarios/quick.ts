/** The tiny real subset `--quick` records: one sync worker (Little's law check) and one uvicorn. */
import { IO_MS } from '../../src/bench/endpoints.ts';
import {
  withDefaults,
  type PointSpec,
  type ScenarioContext,
  type ScenarioDefinition,
} from './scenario.ts';

/** hello and io at 4 connections for one gunicorn sync worker and one uvicorn process. */
export function buildQuickPoints(ctx: ScenarioContext): PointSpec[] {
  const points: PointSpec[] = [];
  for (const model of ctx.models.filter((m) => m.id === 'gunicorn-sync' || m.id === 'uvicorn')) {
    points.push(withDefaults(model, ctx, { endpoint: 'hello', concurrency: 4, workers: 1 }));
    points.push(
      withDefaults(model, ctx, { endpoint: 'io', endpointMs: IO_MS, concurrency: 4, workers: 1 }),
    );
  }
  return points;
}

export const scenario: ScenarioDefinition = {
  id: 'quick',
  // Not a committed dataset, so not in the catalog.
  entry: {
    id: 'quick',
    kind: 'concurrency-sweep',
    title: 'Quick smoke recording',
    simulated: false,
  },
  description:
    'A tiny real subset for tests: one gunicorn sync worker and one uvicorn process on hello and io?ms=50 at 4 connections.',
  build: buildQuickPoints,
};
