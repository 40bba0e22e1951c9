/**
 * Planning a server configuration's open-loop points: the capacity each rate is a share of
 * (from the configuration, a probe or a closed-loop point), the window a rate needs, and the
 * tasks with their resolved loads. Pure: the recorder (record.ts) measures, this decides.
 */
import type {
  Arrival,
  BenchRepetition,
  Capacity,
  OpenLoopSettings,
} from '../../src/bench/schema.ts';
import { computeMedian } from '../../src/bench/stats.ts';
import type { CapacityRule, OpenLoopSpec, PointSpec } from '../scenarios/scenario.ts';
import type { Attempt, Task } from './run-task.ts';

/** An open-loop point: one whose load is a share of a capacity. */
export type OpenPointSpec = PointSpec & { openLoop: OpenLoopSpec };

/** Whether a point's load is open loop. */
export const isOpenLoop = (p: PointSpec): p is OpenPointSpec => p.openLoop !== undefined;

/**
 * The generator's connection cap, recorded as an open-loop point's `concurrency`: twice the
 * most requests in flight below capacity in the open-loop grid (8000 req/s x 55 ms = 440), so
 * it never binds there; above capacity it bounds what the server sees at once, like a client
 * pool, and what waits beyond it counts in the latency.
 */
export const OPEN_LOOP_CONNECTIONS = 1024;

/** How a recording times and judges its open-loop points unless flags say otherwise. */
export const OPEN_LOOP_DEFAULTS = {
  // Longer than the generator's 1 s default (its JIT, its connection pool and the server's
  // queue settle under the schedule before the window), short enough for the time budget.
  warmupS: 1.5,
  connections: OPEN_LOOP_CONNECTIONS,
  // A point's p99 rests on at least 500 requests over its repetitions together (their
  // histograms add exactly), within a window floor and ceiling: the ceiling leaves the
  // lowest rates short of 500 (10 % of sync's 60 req/s would need 28 s per repetition).
  minPointRequests: 500,
  windowFloorS: 2,
  windowCeilingS: 5,
  // The highest rate the generator sent on time (send lag p99 <= 5 ms) against a Python
  // server on a quiet machine: it falls behind its schedule at 6000-8000 req/s with most of a
  // core still idle (README, "On a quiet machine").
  maxRateRps: 4000,
  lateSendLagMs: 5,
  saturatedCpuShare: 0.9,
} as const satisfies Omit<OpenLoopSettings, 'timeoutS' | 'windowFixedS'>;

/** What one repetition of an open-loop point sends: its rate, window and schedule. */
export interface OpenLoopLoad {
  arrival: Arrival;
  rateRps: number;
  share: number;
  capacityId: string;
  windowS: number;
  warmupS: number;
  timeoutS: number;
  connections: number;
  seed: number;
}

const describeEndpoint = (p: Pick<PointSpec, 'endpoint' | 'endpointMs'>): string =>
  p.endpoint === 'hello' ? 'hello' : `${p.endpoint}-${p.endpointMs}`;

/** The id part of an open-loop load, e.g. `poisson-90pct` or `constant-100pct-of-c3`. */
export function describeOpenLoad(spec: OpenLoopSpec): string {
  const of = spec.capacity.from === 'point' ? `-of-c${spec.capacity.concurrency}` : '';
  return `${spec.arrival}-${Math.round(spec.share * 100)}pct${of}`;
}

/**
 * The id of the capacity a point's rate is a share of, e.g. `gunicorn-sync-w3-t1/io-50`, or
 * with the closed-loop concurrency it comes from (`…/io-50/c3`, `…/cpu-5/probe-c16`).
 */
export function describeCapacity(serverId: string, p: OpenPointSpec): string {
  const rule = p.openLoop.capacity;
  const by =
    rule.from === 'point'
      ? `/c${rule.concurrency}`
      : rule.from === 'probe'
        ? `/probe-c${rule.concurrency}`
        : '';
  return `${serverId}/${describeEndpoint(p)}${by}`;
}

/** A point's parameters without its open-loop load (what a dataset point spreads in). */
export function omitOpenLoop(p: PointSpec): Omit<PointSpec, 'openLoop'> {
  const copy: PointSpec = { ...p };
  delete copy.openLoop;
  return copy;
}

/** The closed-loop point (same server, endpoint) whose throughput a `point` capacity is. */
export function toReferencePoint(p: OpenPointSpec, concurrency: number): PointSpec {
  return { ...omitOpenLoop(p), concurrency, slowClients: 0 };
}

/**
 * Window of one repetition, seconds: long enough that the point's repetitions together expect
 * `minPointRequests` (three standard deviations more for Poisson arrivals, whose count is
 * random), rounded up to 0.1 s, within the floor and ceiling; or the fixed window when set.
 */
export function computeWindowS(
  rateRps: number,
  arrival: Arrival,
  repetitions: number,
  s: Pick<
    OpenLoopSettings,
    'minPointRequests' | 'windowFloorS' | 'windowCeilingS' | 'windowFixedS'
  >,
): number {
  if (s.windowFixedS !== null) return s.windowFixedS;
  const n = s.minPointRequests;
  const expected = arrival === 'poisson' ? n + 3 * Math.sqrt(n) : n;
  const windowS = Math.ceil((expected / repetitions / rateRps) * 10) / 10;
  return Math.min(s.windowCeilingS, Math.max(s.windowFloorS, windowS));
}

/** The capacity of a rule known without measuring; null for measured ones. */
export function deriveCapacity(id: string, serverId: string, p: OpenPointSpec): Capacity | null {
  const rule = p.openLoop.capacity;
  if (rule.from !== 'configuration') return null;
  return { ...describeBase(id, serverId, p), rps: rule.rps, from: rule.from, why: rule.why };
}

function describeBase(id: string, serverId: string, p: OpenPointSpec) {
  return {
    id,
    serverId,
    endpoint: p.endpoint,
    endpointMs: p.endpointMs,
    sharesBeyondGenerator: [],
  };
}

/** A probe's capacity: the throughput of one closed-loop wrk run, with the run recorded. */
export function toProbeCapacity(
  id: string,
  serverId: string,
  p: OpenPointSpec,
  concurrency: number,
  run: Attempt,
  timing: { warmupS: number },
): Capacity {
  return {
    ...describeBase(id, serverId, p),
    rps: requirePositive(id, run.throughputRps),
    from: 'probe',
    why: `throughput of one closed-loop wrk run at ${concurrency} connections (${run.durationS.toFixed(1)} s after ${timing.warmupS} s of warm-up)`,
    probe: {
      concurrency,
      startedAt: run.startedAt,
      warmupS: timing.warmupS,
      durationS: run.durationS,
      requests: run.requests,
      throughputRps: run.throughputRps,
      latencyMs: run.latencyMs,
      errorsTotal: run.errorsTotal,
      serverCpuCores: run.serverCpuCores,
      otherCpuShare: run.otherCpuShare,
    },
  };
}

/** A `point` capacity: the median throughput over the closed-loop point's repetitions. */
export function toPointCapacity(
  id: string,
  serverId: string,
  p: OpenPointSpec,
  pointId: string,
  repetitions: readonly BenchRepetition[],
): Capacity {
  if (repetitions.length === 0)
    throw new Error(`capacity ${id}: point ${pointId} has no repetitions`);
  const median = computeMedian(repetitions.map((r) => r.throughputRps));
  return {
    ...describeBase(id, serverId, p),
    rps: requirePositive(id, median),
    from: 'point',
    why: `median throughput of the closed-loop point ${pointId} over its ${repetitions.length} repetitions`,
    pointId,
  };
}

function requirePositive(id: string, rps: number): number {
  if (!(rps > 0))
    throw new Error(
      `capacity ${id} measured ${rps} req/s: no grid of rates can be derived from it (see the server's log)`,
    );
  return rps;
}

/** The distinct measured rules of a configuration's open-loop points, by capacity id. */
export function listMeasuredRules(
  serverId: string,
  points: readonly OpenPointSpec[],
): Map<string, { rule: Exclude<CapacityRule, { from: 'configuration' }>; point: OpenPointSpec }> {
  const rules = new Map<
    string,
    { rule: Exclude<CapacityRule, { from: 'configuration' }>; point: OpenPointSpec }
  >();
  for (const point of points) {
    const rule = point.openLoop.capacity;
    if (rule.from !== 'configuration')
      rules.set(describeCapacity(serverId, point), { rule, point });
  }
  return rules;
}

/** What a configuration's open-loop points become once their capacities are known. */
export interface OpenLoopPlan {
  /** Every (point, repetition) to measure, in a seeded random order, with its load. */
  tasks: Task[];
  /** Points left out: their rate is above the generator's reliable range. */
  beyond: OpenPointSpec[];
}

/**
 * The tasks of a configuration's open-loop points in a seeded random order, each with its
 * rate (share x capacity), window and Poisson seed; points whose rate exceeds `maxRateRps`
 * are left out and listed.
 */
export function planOpenLoopTasks(
  serverId: string,
  points: readonly OpenPointSpec[],
  capacities: ReadonlyMap<string, Capacity>,
  settings: OpenLoopSettings,
  repetitions: number,
  shuffle: (tasks: Task[]) => Task[],
  drawSeed: () => number,
): OpenLoopPlan {
  const beyond: OpenPointSpec[] = [];
  const tasks: Task[] = [];
  for (const point of points) {
    const capacityId = describeCapacity(serverId, point);
    const capacity = capacities.get(capacityId);
    if (!capacity) throw new Error(`no capacity ${capacityId} for an open-loop point`);
    const rateRps = point.openLoop.share * capacity.rps;
    if (rateRps > settings.maxRateRps) {
      beyond.push(point);
      continue;
    }
    const windowS = computeWindowS(rateRps, point.openLoop.arrival, repetitions, settings);
    for (let index = 0; index < repetitions; index++) {
      tasks.push({
        point,
        index,
        openLoop: {
          arrival: point.openLoop.arrival,
          rateRps,
          share: point.openLoop.share,
          capacityId,
          windowS,
          warmupS: settings.warmupS,
          timeoutS: settings.timeoutS,
          connections: settings.connections,
          seed: 0,
        },
      });
    }
  }
  // Seeds are drawn after the shuffle, so each task's seed follows from the run's seed.
  const ordered = shuffle(tasks).map((task) =>
    task.openLoop ? { ...task, openLoop: { ...task.openLoop, seed: drawSeed() } } : task,
  );
  return { tasks: ordered, beyond };
}
