/**
 * The quick smoke recording of open-loop points, for the tests: each way a rate is derived
 * (configuration, probe, closed-loop point) once, on one gunicorn sync and one uvicorn server.
 */
import { CPU_MS, IO_MS } from '../../src/bench/endpoints.ts';
import { OPEN_LOOP_CONNECTIONS } from '../run/open-loop-plan.ts';
import {
  withDefaults,
  type PointSpec,
  type ScenarioContext,
  type ScenarioDefinition,
} from './scenario.ts';

function buildQuickOpenLoop(ctx: ScenarioContext): PointSpec[] {
  const points: PointSpec[] = [];
  const open = { concurrency: OPEN_LOOP_CONNECTIONS };
  for (const model of ctx.models) {
    if (model.id === 'gunicorn-sync') {
      const io = withDefaults(model, ctx, {
        endpoint: 'io',
        endpointMs: IO_MS,
        concurrency: 2,
        workers: 3,
      });
      points.push(
        io,
        {
          ...io,
          ...open,
          openLoop: {
            arrival: 'constant',
            share: 1,
            capacity: { from: 'point', concurrency: 2, estimateRps: 40 },
          },
        },
        {
          ...io,
          ...open,
          openLoop: {
            arrival: 'poisson',
            share: 0.3,
            capacity: {
              from: 'configuration',
              rps: 60,
              why: "3 worker slot(s) x 20 req/s: Little's law",
            },
          },
        },
      );
    }
    if (model.id === 'uvicorn') {
      points.push({
        ...withDefaults(model, ctx, { endpoint: 'cpu', endpointMs: CPU_MS, ...open, workers: 1 }),
        openLoop: {
          arrival: 'poisson',
          share: 0.3,
          capacity: { from: 'probe', concurrency: 4, estimateRps: 160 },
        },
      });
    }
  }
  return points;
}

export const scenario: ScenarioDefinition = {
  id: 'quick-open-loop',
  // Not a committed dataset, so not in the catalog.
  entry: {
    id: 'quick-open-loop',
    kind: 'open-loop',
    title: 'Quick smoke recording of open-loop points',
    simulated: false,
  },
  description:
    'A tiny real subset for tests: gunicorn sync (3 workers) on io?ms=50 closed loop at 2 connections, open loop at the rate that achieved and at 30 % of its Little bound, and one uvicorn process on cpu open loop at 30 % of a probed capacity.',
  build: buildQuickOpenLoop,
};
