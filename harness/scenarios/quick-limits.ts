/**
 * The quick smoke recording under container limits, for the tests of the cgroup wiring: one
 * gunicorn sync worker on cpu?ms=5 under a 0.2-CPU quota (throttled) and in a cgroup that only
 * counts (never throttled), and one uvicorn process leaking under a memory limit it soon
 * outgrows (the OOM killer ends the server; the recorder starts it again).
 */
import { CPU_MS, IO_MS } from '../../src/bench/endpoints.ts';
import {
  withDefaults,
  type PointSpec,
  type ScenarioContext,
  type ScenarioDefinition,
} from './scenario.ts';

/** A quota well under what one busy worker wants. */
export const QUICK_CPU_LIMIT = 0.2;
/** A memory limit a leaking uvicorn outgrows within a second or two. */
export const QUICK_MEMORY_LIMIT_BYTES = 96 * 2 ** 20;

function buildQuickLimitPoints(ctx: ScenarioContext): PointSpec[] {
  const points: PointSpec[] = [];
  for (const model of ctx.models) {
    if (model.id === 'gunicorn-sync')
      for (const cpus of [QUICK_CPU_LIMIT, null])
        points.push(
          withDefaults(model, ctx, {
            endpoint: 'cpu',
            endpointMs: CPU_MS,
            concurrency: 4,
            workers: 1,
            limits: { cpus, memoryBytes: null, procSysMounted: true },
          }),
        );
    if (model.id === 'uvicorn')
      points.push(
        withDefaults(model, ctx, {
          endpoint: 'leak',
          endpointMs: IO_MS,
          concurrency: 8,
          workers: 1,
          app: 'plain-leak',
          limits: { cpus: null, memoryBytes: QUICK_MEMORY_LIMIT_BYTES, procSysMounted: true },
        }),
      );
  }
  return points;
}

export const scenario: ScenarioDefinition = {
  id: 'quick-limits',
  // Not a committed dataset, so not in the catalog.
  entry: {
    id: 'quick-limits',
    kind: 'cpu-limits',
    title: 'Quick smoke recording under container limits',
    simulated: false,
  },
  description: `A tiny real subset for the tests of the cgroup wiring: one gunicorn sync worker on cpu?ms=${CPU_MS} under a ${QUICK_CPU_LIMIT}-CPU quota and in a cgroup without one, and one uvicorn process serving leak?ms=${IO_MS} under a ${QUICK_MEMORY_LIMIT_BYTES / 2 ** 20} MiB memory limit.`,
  build: buildQuickLimitPoints,
};
