/**
 * One server measured both ways at the same rate: wrk's closed loop at C connections, then the
 * open-loop generator at the rate wrk achieved, with evenly spaced and with Poisson arrivals.
 */
import { IO_MS } from '../../src/bench/endpoints.ts';
import { OPEN_LOOP_CONNECTIONS } from '../run/open-loop-plan.ts';
import {
  withDefaults,
  type PointSpec,
  type ScenarioContext,
  type ScenarioDefinition,
} from './scenario.ts';

/** Closed-loop connections relative to the workers: one, one short of them, them, four times. */
export function listConnections(workers: number): number[] {
  return [...new Set([1, workers - 1, workers, 4 * workers])].filter((c) => c >= 1);
}

function buildClosedVsOpen(ctx: ScenarioContext): PointSpec[] {
  const model = ctx.models.find((m) => m.id === 'gunicorn-sync');
  if (!model) return [];
  const base = withDefaults(model, ctx, { endpoint: 'io', endpointMs: IO_MS, concurrency: 1 });
  return listConnections(base.workers).flatMap((concurrency) => {
    // The open loop offers what wrk achieved: min(C, workers) requests at a time of 50 ms each.
    const capacity = {
      from: 'point' as const,
      concurrency,
      estimateRps: Math.min(concurrency, base.workers) * (1000 / IO_MS),
    };
    return [
      { ...base, concurrency },
      ...(['constant', 'poisson'] as const).map((arrival) => ({
        ...base,
        concurrency: OPEN_LOOP_CONNECTIONS,
        openLoop: { arrival, share: 1, capacity },
      })),
    ];
  });
}

export const scenario: ScenarioDefinition = {
  id: 'closed-vs-open',
  description: `gunicorn sync at its default worker count on io (${IO_MS} ms wait), measured closed loop by wrk at 1 connection, one short of the workers, as many as the workers and four times as many, and each time open loop at the rate wrk achieved (the median over its repetitions), with evenly spaced and with Poisson arrivals, on the same server start. Closed loop, a connection waits for its answer before it sends again, so the load backs off as the server slows and no queue outgrows the connections; open loop, requests keep arriving at the rate, and latency counts from when each was due.`,
  build: buildClosedVsOpen,
};
