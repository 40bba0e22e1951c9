/**
 * The open-loop parts of a synthetic point (`bench-factory.ts`), from the load a scenario's
 * point spec gives (harness/scenarios/scenario.ts): the offered rate as its share of the
 * capacity rule's rate (or estimate), and the capacities a dataset lists for them. Every
 * number is made up; only the grid is the scenario's.
 */
import type { CapacityRule, OpenLoopSpec } from '../../harness/scenarios/scenario.ts';
import type { BenchRepetition, Capacity, OpenLoopPoint } from '../../src/bench/schema.ts';

/** What names a synthetic point's server and endpoint (its capacity is per both). */
export interface SyntheticServer {
  serverId: string;
  endpoint: string;
  endpointMs: number;
}

/** The rate a capacity rule stands for: the configuration's, or the estimate of a measured one. */
const toCapacityRps = (rule: CapacityRule): number => ('rps' in rule ? rule.rps : rule.estimateRps);

/** A capacity's id: the server, the endpoint, and where it comes from. */
export function toSyntheticCapacityId(server: SyntheticServer, rule: CapacityRule): string {
  const at = 'concurrency' in rule ? `/c${rule.concurrency}` : '';
  return `${server.serverId}/${server.endpoint}-${server.endpointMs}/${rule.from}${at}`;
}

/** A capacity as a dataset lists it; `pointId` is the closed-loop point a `point` rule names. */
export function toSyntheticCapacity(
  server: SyntheticServer,
  rule: CapacityRule,
  pointId: string | undefined,
): Capacity {
  return {
    id: toSyntheticCapacityId(server, rule),
    serverId: server.serverId,
    endpoint: server.endpoint,
    endpointMs: server.endpointMs,
    rps: toCapacityRps(rule),
    from: rule.from,
    why: 'synthetic',
    ...(pointId !== undefined && { pointId }),
    sharesBeyondGenerator: [],
  };
}

/** A point's open-loop summary: its rate and share, over repetitions that each answered all. */
export function toSyntheticOpenLoop(
  server: SyntheticServer,
  load: OpenLoopSpec,
  reps: readonly BenchRepetition[],
): OpenLoopPoint {
  const latency = reps[0]?.latencyMs ?? {
    p50: null,
    p90: null,
    p99: null,
    p999: null,
    max: null,
    mean: null,
  };
  return {
    arrival: load.arrival,
    rateRps: load.share * toCapacityRps(load.capacity),
    share: load.share,
    capacityId: toSyntheticCapacityId(server, load.capacity),
    completed: reps.reduce((sum, r) => sum + r.requests, 0),
    latencyMs: latency,
    serviceMs: latency,
    generatorFlagged: 0,
  };
}
