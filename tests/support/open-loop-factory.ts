/**
 * Synthetic open-loop points for the unit tests: three repetitions of gunicorn sync's three
 * workers on io?ms=50 at 75 % of their 60 req/s, consistent by construction (counts add up,
 * latency covers service time, the rate is its share of the capacity) and overridable. Every
 * number is made up and obviously so; none is ever shown on the site.
 */
import type {
  BenchDataset,
  BenchPoint,
  BenchRepetition,
  Capacity,
  OpenLoopPoint,
  OpenLoopRepetition,
} from '../../src/bench/schema.ts';
import { makeDataset, makePoint, makeRepetition } from './bench-factory.ts';

export const CAPACITY: Capacity = {
  id: 'gunicorn-sync-w3-t1/io-50',
  serverId: 'gunicorn-sync-w3-t1',
  endpoint: 'io',
  endpointMs: 50,
  rps: 60,
  from: 'configuration',
  why: "3 worker slot(s) x 20 req/s: Little's law",
  sharesBeyondGenerator: [],
};

const RATE = 45;
const WINDOW_S = 4;

/** One open-loop repetition: 180 requests scheduled, all answered; 181 answers in the window. */
export function makeOpenLoopRepetition(
  index: number,
  overrides: Partial<BenchRepetition> = {},
  open: Partial<OpenLoopRepetition> = {},
): BenchRepetition {
  const latency = {
    p50: 52 + index,
    p90: 60,
    p99: 90 + index,
    p999: 100,
    max: 100 + index,
    mean: 55,
  };
  return makeRepetition({
    index,
    runOrder: index,
    durationS: WINDOW_S,
    requests: 181,
    throughputRps: 45.25,
    latencyMs: latency,
    openLoop: {
      rateRps: RATE,
      seed: 7 + index,
      warmupS: 1.5,
      timeoutS: 2,
      connections: 1024,
      scheduled: 180,
      offeredRps: 45,
      sent: 180,
      completed: 180,
      achievedRps: 45,
      errors: { connect: 0, socket: 0, timeout: 0, other: 0, non2xx: 0 },
      outstandingAtEnd: 3,
      queued: 0,
      maxInFlight: 6,
      connectionsOpened: 178,
      serviceMs: { p50: 51, p90: 55, p99: 80, p999: 90, max: 90, mean: 52 },
      sendLagMs: { p50: 0.1, p99: 0.8, max: 2 },
      generatorCpu: { userS: 0.1, systemS: 0.05, share: 0.04, wallS: 4 },
      generatorLate: false,
      generatorSaturated: false,
      ...open,
    },
    ...overrides,
  });
}

/** An open-loop point of three repetitions with its merged numbers computed from them. */
export function makeOpenLoopPoint(
  reps: BenchRepetition[] = [0, 1, 2].map((i) => makeOpenLoopRepetition(i)),
  open: Partial<OpenLoopPoint> = {},
): BenchPoint {
  const point = makePoint(
    { id: 'gunicorn-sync/io-50/poisson-75pct/w3t1', concurrency: 1024 },
    reps,
  );
  const maxOf = (pick: (r: BenchRepetition) => number | null | undefined): number =>
    Math.max(...reps.map((r) => pick(r) ?? 0));
  return {
    ...point,
    openLoop: {
      arrival: 'poisson',
      rateRps: RATE,
      share: 0.75,
      capacityId: CAPACITY.id,
      completed: reps.reduce((sum, r) => sum + (r.openLoop?.completed ?? 0), 0),
      // Between the repetitions' own percentiles, as a merge of their histograms is.
      latencyMs: {
        p50: 53,
        p90: 60,
        p99: 91,
        p999: 100,
        max: maxOf((r) => r.latencyMs.max),
        mean: 55,
      },
      serviceMs: {
        p50: 51,
        p90: 55,
        p99: 80,
        p999: 90,
        max: maxOf((r) => r.openLoop?.serviceMs.max),
        mean: 52,
      },
      generatorFlagged: reps.filter(
        (r) => r.openLoop?.generatorLate || r.openLoop?.generatorSaturated,
      ).length,
      ...open,
    },
  };
}

/** A dataset holding `points` with the open-loop settings and the capacity they use. */
export function makeOpenLoopDataset(
  points: BenchPoint[] = [makeOpenLoopPoint()],
  capacities: Capacity[] = [CAPACITY],
): BenchDataset {
  const base = makeDataset(points, { id: 'open-loop', scenario: 'open-loop' });
  return {
    ...base,
    settings: {
      ...base.settings,
      openLoop: {
        warmupS: 1.5,
        timeoutS: 2,
        connections: 1024,
        minPointRequests: 500,
        windowFloorS: 2,
        windowCeilingS: 5,
        windowFixedS: null,
        maxRateRps: 8000,
        lateSendLagMs: 5,
        saturatedCpuShare: 0.9,
      },
    },
    capacities,
  };
}
