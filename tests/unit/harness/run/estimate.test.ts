import { describe, expect, it } from 'vitest';
import {
  DB_SERVER_START_S,
  DB_WINDOW_OVERHEAD_S,
  estimateDrainS,
  estimateScenario,
  formatPlan,
  OPEN_OVERHEAD_S,
  SERVER_START_S,
  WINDOW_OVERHEAD_S,
} from '../../../../harness/run/estimate.ts';
import { OPEN_LOOP_DEFAULTS } from '../../../../harness/run/open-loop-plan.ts';
import type { PointSpec } from '../../../../harness/scenarios/scenario.ts';
import type { GroupSpec } from '../../../../harness/system/group.ts';

const point = (p: Partial<PointSpec>): PointSpec => ({
  model: 'gunicorn-sync',
  endpoint: 'io',
  endpointMs: 50,
  concurrency: 64,
  workers: 3,
  threads: 1,
  slowClients: 0,
  ...p,
});

describe.each([
  { name: 'hello takes no time', p: point({ endpoint: 'hello', endpointMs: 0 }), s: 0 },
  { name: '64 io requests on 3 sync workers', p: point({}), s: (64 / 3) * 0.05 },
  {
    name: '64 io requests on 3 x 4 gthread threads',
    p: point({ model: 'gunicorn-gthread', threads: 4 }),
    s: (64 / 12) * 0.05,
  },
  { name: 'io on gevent: one wait', p: point({ model: 'gunicorn-gevent' }), s: 0.05 },
  { name: '1 connection on 3 sync workers: one wait', p: point({ concurrency: 1 }), s: 0.05 },
  {
    name: '256 cpu requests on 1 CPU',
    p: point({ endpoint: 'cpu', endpointMs: 5, concurrency: 256 }),
    s: 1.28,
  },
  { name: 'a backlog longer than the limit', p: point({ workers: 1, concurrency: 4096 }), s: 60 },
  { name: 'slow clients block the drain wait', p: point({ slowClients: 64 }), s: 0 },
])('estimateDrainS: $name', ({ p, s }) => {
  it(`is ${s} s`, () => expect(estimateDrainS(p, 1)).toBeCloseTo(s, 10));
});

it('estimateScenario adds windows, drains and server starts', () => {
  const points = [
    point({ endpoint: 'hello', endpointMs: 0 }),
    point({ model: 'uvicorn', endpoint: 'hello', endpointMs: 0, workers: 1 }),
  ];
  const settings = { warmupS: 1, durationS: 10, repetitions: 5, serverStarts: 4 };
  expect(estimateScenario({ points, services: [] }, settings, 1)).toEqual({
    windows: 2 * 5 * 4,
    serverStarts: 2 * 4,
    seconds: 2 * 5 * 4 * (1 + 10 + WINDOW_OVERHEAD_S) + 2 * 4 * SERVER_START_S,
  });
});

describe.each([
  { name: 'no limits', limits: undefined, warmupS: 1 },
  {
    name: 'a CPU limit',
    limits: { cpus: 0.5, memoryBytes: null, procSysMounted: true },
    warmupS: 1,
  },
  // The server may die under a memory limit, so its windows start at once (run-task.ts).
  {
    name: 'a memory limit',
    limits: { cpus: null, memoryBytes: 256 * 2 ** 20, procSysMounted: true },
    warmupS: 0,
  },
])('estimateScenario under $name', ({ limits, warmupS }) => {
  it(`counts ${warmupS} s of warm-up per window`, () => {
    const points = [point({ endpoint: 'hello', endpointMs: 0, ...(limits && { limits }) })];
    const settings = { warmupS: 1, durationS: 3, repetitions: 3, serverStarts: 1 };
    expect(estimateScenario({ points, services: [] }, settings, 1).seconds).toBeCloseTo(
      3 * (warmupS + 3 + WINDOW_OVERHEAD_S) + SERVER_START_S,
      10,
    );
  });
});

it("estimateScenario gives a database app its own window and start, and each service's start once", () => {
  const flask = {
    app: 'flask',
    driver: 'psycopg',
    dbAccess: 'sync',
    dbConnections: 'pool',
    poolSize: 1,
  } as const;
  const points = [
    point({ ...flask, endpoint: 'db', endpointMs: 0, concurrency: 1 }),
    point({ ...flask, endpoint: 'db', endpointMs: 0, concurrency: 64 }),
  ];
  const service = (name: string, estimatedStartS?: number): GroupSpec => ({
    name,
    role: 'service',
    placement: 'client',
    ...(estimatedStartS === undefined ? {} : { estimatedStartS }),
    start: () => Promise.reject(new Error('not started in a unit test')),
  });
  const settings = { warmupS: 1, durationS: 3, repetitions: 3, serverStarts: 1 };
  expect(
    estimateScenario(
      { points, services: [service('postgres', 28), service('other')] },
      settings,
      1,
    ),
  ).toEqual({
    windows: 2 * 3,
    serverStarts: 1,
    seconds: 2 * 3 * (1 + 3 + DB_WINDOW_OVERHEAD_S) + DB_SERVER_START_S + 28 + 2,
  });
});

it('formatPlan lists each scenario, its points and the total', () => {
  const settings = { warmupS: 1, durationS: 10, repetitions: 5, serverStarts: 4 };
  const p = point({ model: 'gunicorn-gthread', threads: 4, concurrency: 16 });
  const text = formatPlan(
    [
      {
        id: 'gthread-spread',
        title: 't',
        settings,
        points: [p],
        services: [],
        estimate: { windows: 20, serverStarts: 4, seconds: 600 },
      },
      {
        id: 'quick-db',
        title: 't',
        settings: { ...settings, serverStarts: 1 },
        points: [],
        services: ['postgres'],
        estimate: { windows: 0, serverStarts: 0, seconds: 30 },
      },
    ],
    true,
  );
  expect(text).toMatchInlineSnapshot(`
    "gthread-spread: 1 points x 5 repetitions x 4 server starts, 1 s warm-up + 10 s windows: 20 windows, 4 server starts, about 10.0 min
      gunicorn-gthread/io-50/c16/w3t4
    quick-db: 0 points x 5 repetitions beside postgres, 1 s warm-up + 10 s windows: 0 windows, 0 server starts, about 0.5 min
    total: about 10.5 min (2 scenarios)
    "
  `);
});

describe('estimateScenario with open-loop points', () => {
  const settings = { warmupS: 1, durationS: 3, repetitions: 3, serverStarts: 1 };
  const openLoop = { ...OPEN_LOOP_DEFAULTS, timeoutS: 2, windowFixedS: null };
  const base = point({ model: 'uvicorn', endpoint: 'cpu', endpointMs: 5, workers: 1 });
  const open = (share: number): PointSpec => ({
    ...base,
    concurrency: 1024,
    openLoop: {
      arrival: 'constant',
      share,
      capacity: { from: 'probe', concurrency: 4, estimateRps: 1000 },
    },
  });
  // The probe: one closed-loop window at its 4 connections, once per configuration.
  const probeS = 1 + 3 + WINDOW_OVERHEAD_S + estimateDrainS({ ...base, concurrency: 4 }, 1);
  // 500 or 1000 req/s: 2 s windows (the floor); warm-up 1.5 s.
  const belowS = 3 * (OPEN_OVERHEAD_S + 1.5 + 2);
  // At capacity the window's last requests (2 s timeout) and the backlog are waited for (+2 s).
  const atS = 3 * (OPEN_OVERHEAD_S + 1.5 + 2 + 2 + 2);

  describe.each([
    { name: 'one point below capacity', points: [open(0.5)], windows: 3 + 1, s: belowS },
    {
      name: 'two points sharing a probe',
      points: [open(0.5), open(1)],
      windows: 6 + 1,
      s: belowS + atS,
    },
    // 10 000 req/s is beyond the generator: skipped, only its probe runs.
    { name: 'a point beyond the generator', points: [open(10)], windows: 3 + 1, s: 0 },
  ])('$name', ({ points, windows, s }) => {
    it(`takes ${s} s of open-loop windows beside the probe and one server start`, () => {
      expect(estimateScenario({ points, services: [] }, settings, 1, openLoop)).toEqual({
        windows,
        serverStarts: 1,
        seconds: expect.closeTo(SERVER_START_S + probeS + s, 6) as number,
      });
    });
  });

  it('refuses open-loop points without open-loop settings', () => {
    expect(() => estimateScenario({ points: [open(0.5)], services: [] }, settings, 1)).toThrow(
      'open-loop points need settings.openLoop',
    );
  });
});
