import { describe, expect, it } from 'vitest';
import {
  computeWindowS,
  describeCapacity,
  describeOpenLoad,
  OPEN_LOOP_DEFAULTS,
  planOpenLoopTasks,
  toPointCapacity,
  toReferencePoint,
  type OpenPointSpec,
} from '../../../../harness/run/open-loop-plan.ts';
import { describePoint } from '../../../../harness/run/run-task.ts';
import type { Capacity, OpenLoopSettings } from '../../../../src/bench/schema.ts';
import { makeRepetition } from '../../../support/bench-factory.ts';

// The cap pinned here, so the cases below do not move when the default is retuned.
const SETTINGS: OpenLoopSettings = {
  ...OPEN_LOOP_DEFAULTS,
  maxRateRps: 8000,
  timeoutS: 2,
  windowFixedS: null,
};

/** gunicorn sync's 3 workers on io?ms=50 at `share` of their Little bound. */
function makeSpec(
  share: number,
  capacity: OpenPointSpec['openLoop']['capacity'] = {
    from: 'configuration',
    rps: 60,
    why: 'Little',
  },
): OpenPointSpec {
  return {
    model: 'gunicorn-sync',
    endpoint: 'io',
    endpointMs: 50,
    concurrency: 1024,
    workers: 3,
    threads: 1,
    slowClients: 0,
    openLoop: { arrival: 'poisson', share, capacity },
  };
}

describe.each([
  // 500 requests over 3 repetitions at 1000 req/s: 0.17 s, so the floor.
  { rate: 1000, arrival: 'constant' as const, reps: 3, windowS: 2 },
  // 500 / 3 / 40 = 4.17 s, rounded up to 4.2.
  { rate: 40, arrival: 'constant' as const, reps: 3, windowS: 4.2 },
  // Poisson: 500 + 3 x sqrt(500) = 567.1 expected; / 3 / 40 = 4.73 -> 4.8.
  { rate: 40, arrival: 'poisson' as const, reps: 3, windowS: 4.8 },
  // 6 req/s would need 28 s: the ceiling.
  { rate: 6, arrival: 'constant' as const, reps: 3, windowS: 5 },
  // One repetition carries all 500.
  { rate: 200, arrival: 'constant' as const, reps: 1, windowS: 2.5 },
])('computeWindowS($rate req/s, $arrival, $reps reps)', ({ rate, arrival, reps, windowS }) => {
  it(`is ${windowS} s`, () => {
    expect(computeWindowS(rate, arrival, reps, SETTINGS)).toBe(windowS);
  });
  it('is the fixed window when one is set', () => {
    expect(computeWindowS(rate, arrival, reps, { ...SETTINGS, windowFixedS: 0.7 })).toBe(0.7);
  });
});

describe.each([
  { spec: makeSpec(0.75), load: 'poisson-75pct', capacity: 'gunicorn-sync-w3-t1/io-50' },
  {
    spec: makeSpec(1, { from: 'point', concurrency: 3, estimateRps: 60 }),
    load: 'poisson-100pct-of-c3',
    capacity: 'gunicorn-sync-w3-t1/io-50/c3',
  },
  {
    spec: makeSpec(1.5, { from: 'probe', concurrency: 1024, estimateRps: 60 }),
    load: 'poisson-150pct',
    capacity: 'gunicorn-sync-w3-t1/io-50/probe-c1024',
  },
])('ids of $load', ({ spec, load, capacity }) => {
  it('name the load, the point and the capacity', () => {
    expect(describeOpenLoad(spec.openLoop)).toBe(load);
    expect(describePoint(spec)).toBe(`gunicorn-sync/io-50/${load}/w3t1`);
    expect(describeCapacity('gunicorn-sync-w3-t1', spec)).toBe(capacity);
  });
});

it('the reference point of a `point` capacity is the closed-loop point at that concurrency', () => {
  const spec = makeSpec(1, { from: 'point', concurrency: 3, estimateRps: 60 });
  expect(toReferencePoint(spec, 3)).toEqual({
    model: 'gunicorn-sync',
    endpoint: 'io',
    endpointMs: 50,
    concurrency: 3,
    workers: 3,
    threads: 1,
    slowClients: 0,
  });
});

describe('toPointCapacity', () => {
  const spec = makeSpec(1, { from: 'point', concurrency: 3, estimateRps: 60 });
  it('is the median throughput of the closed-loop repetitions', () => {
    const reps = [58, 50, 57].map((throughputRps) => makeRepetition({ throughputRps }));
    expect(toPointCapacity('c', 's', spec, 'p', reps)).toMatchObject({
      rps: 57,
      from: 'point',
      pointId: 'p',
    });
  });
  it('refuses a capacity of nothing, saying where to look', () => {
    const reps = [makeRepetition({ throughputRps: 0 })];
    expect(() => toPointCapacity('c', 's', spec, 'p', reps)).toThrow(
      "capacity c measured 0 req/s: no grid of rates can be derived from it (see the server's log)",
    );
  });
});

describe('planOpenLoopTasks', () => {
  const capacity: Capacity = {
    id: 'gunicorn-sync-w3-t1/io-50',
    serverId: 'gunicorn-sync-w3-t1',
    endpoint: 'io',
    endpointMs: 50,
    rps: 6000,
    from: 'configuration',
    why: 'made up',
    sharesBeyondGenerator: [],
  };
  const points = [0.1, 1, 1.5].map((share) => makeSpec(share));
  let seed = 100;
  const plan = planOpenLoopTasks(
    'gunicorn-sync-w3-t1',
    points,
    new Map([[capacity.id, capacity]]),
    SETTINGS,
    3,
    (tasks) => [...tasks].reverse(),
    () => seed++,
  );

  it('leaves out the rates above the generator, and runs every repetition of the others', () => {
    expect(plan.beyond.map((p) => p.openLoop.share)).toEqual([1.5]);
    expect(plan.tasks).toHaveLength(2 * 3);
  });

  it('gives each task its rate, window and a seed drawn in run order', () => {
    expect(
      plan.tasks.map((t) => [t.openLoop?.rateRps, t.openLoop?.windowS, t.openLoop?.seed]),
    ).toEqual([
      [6000, 2, 100],
      [6000, 2, 101],
      [6000, 2, 102],
      [600, 2, 103],
      [600, 2, 104],
      [600, 2, 105],
    ]);
    expect(plan.tasks[0]?.openLoop).toMatchObject({
      capacityId: capacity.id,
      warmupS: SETTINGS.warmupS,
      timeoutS: 2,
      connections: 1024,
    });
  });

  it('fails when a capacity is missing', () => {
    expect(() =>
      planOpenLoopTasks(
        'gunicorn-sync-w3-t1',
        points,
        new Map(),
        SETTINGS,
        3,
        (t) => t,
        () => 1,
      ),
    ).toThrow('no capacity gunicorn-sync-w3-t1/io-50 for an open-loop point');
  });
});
