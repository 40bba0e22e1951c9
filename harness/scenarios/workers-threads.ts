/** gunicorn sync and gthread as workers and threads grow, on a waiting request. */
import { IO_MS } from '../../src/bench/endpoints.ts';
import {
  withDefaults,
  type PointSpec,
  type ScenarioContext,
  type ScenarioDefinition,
} from './scenario.ts';

/** Enough clients to fill 32 workers x 4 threads. */
const CONCURRENCY = 128;
const WORKERS = [1, 2, 4, 8, 16, 32];
const THREADS = [1, 2, 8, 16, 32];

function buildWorkersThreads(ctx: ScenarioContext): PointSpec[] {
  const base = { endpoint: 'io' as const, endpointMs: IO_MS, concurrency: CONCURRENCY };
  const points: PointSpec[] = [];
  for (const model of ctx.models) {
    if (model.id === 'gunicorn-sync') {
      for (const workers of WORKERS)
        points.push(withDefaults(model, ctx, { ...base, workers, threads: 1 }));
    }
    if (model.id === 'gunicorn-gthread') {
      const defaultWorkers = model.defaultWorkers(ctx.serverCpuCount);
      const defaultThreads = model.defaultThreads(ctx.serverCpuCount);
      // Two axes through the default configuration: workers at the default thread count,
      // threads at the default worker count.
      for (const workers of WORKERS)
        points.push(withDefaults(model, ctx, { ...base, workers, threads: defaultThreads }));
      for (const threads of THREADS) {
        if (threads !== defaultThreads)
          points.push(withDefaults(model, ctx, { ...base, workers: defaultWorkers, threads }));
      }
    }
  }
  return points;
}

export const scenario: ScenarioDefinition = {
  id: 'workers-threads',
  description: `Throughput and memory (PSS of the whole process tree) of gunicorn sync and gthread as workers (1 to 32) and threads grow, on io?ms=${IO_MS} at ${CONCURRENCY} connections. Each slot (worker x thread) adds ${1000 / IO_MS} req/s until the clients or the CPU run out; each worker adds memory, each thread little.`,
  build: buildWorkersThreads,
};
