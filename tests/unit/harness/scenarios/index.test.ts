import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../../harness/system/models.ts';
import {
  buildScenarios,
  QUICK_SCENARIO_IDS,
  RECORDED_SCENARIO_IDS,
  SCENARIO_IDS,
} from '../../../../harness/scenarios/index.ts';
import { DATASET_IDS, RECORDED_DATASET_IDS } from '../../../../src/bench/catalog.ts';

/** One server CPU on a 2-CPU machine, as the recordings here. */
const ctx = { models: MODELS, serverCpuCount: 1, machineCpuCount: 2 };

describe.each([
  { id: 'sweep-hello', points: 8 * 5 },
  { id: 'sweep-io', points: 8 * 6 },
  { id: 'sweep-cpu', points: 8 * 5 },
  { id: 'workers-threads', points: 6 + 6 + 5 },
  { id: 'blocking-loop', points: 2 * 5 },
  { id: 'slow-clients', points: 8 * 2 },
  { id: 'uvicorn-loops', points: 2 * 5 },
  // Daphne runs one process only.
  { id: 'memory', points: 7 * 4 + 1 },
  // Per endpoint (cpu, io): sync and gthread 2 rules unlimited + 3 at each of 2 limits;
  // uvicorn 2 (node: 2 processes, one per pod), and 2 at each limit (the limit's 1 = one per pod).
  { id: 'cpu-limits', points: 2 * (2 * (2 + 3 + 3) + (2 + 2 + 2)) },
  // Django (WSGI) x sync, gthread, gevent x 3 loading ways x 2 worker counts; Flask under sync
  // (3 ways x 2); Django (ASGI) under uvicorn; FastAPI under gunicorn's uvicorn worker (3 ways),
  // uvicorn and Hypercorn (2 counts each) and Daphne (1 process).
  { id: 'framework-memory', points: 3 * 3 * 2 + 3 * 2 + 2 + (3 * 2 + 2 + 2 + 1) },
  // Without and with max-requests; uvicorn with 1 and 2 processes; Daphne has no max-requests.
  { id: 'memory-limit', points: 3 * 2 + 2 * 2 + 2 + 1 },
  { id: 'sweep-hello-equal-workers', points: 2 * 5 },
  { id: 'sweep-io-equal-workers', points: 2 * 6 },
  { id: 'sweep-cpu-equal-workers', points: 2 * 5 },
  { id: 'gunicorn-parsers', points: 4 * 2 * 3 },
  { id: 'gthread-spread', points: 2 * 2 },
  { id: 'gevent-spread', points: 2 * 3 },
  { id: 'open-loop', points: 2 * 6 * 6 },
  { id: 'open-loop-db', points: 6 * 6, services: ['postgres'] },
  { id: 'closed-vs-open', points: 4 * 3 },
  { id: 'quick', points: 4 },
  { id: 'quick-open-loop', points: 4 },
  { id: 'quick-services', points: 2, services: ['file-server'] },
  { id: 'db-frameworks', points: (3 + 4 + 3) * 5, services: ['postgres'] },
  { id: 'db-pool', points: 5 * 5, services: ['postgres'] },
  { id: 'db-mistakes', points: 5 * 2 * 4, services: ['postgres'] },
  { id: 'db-pgbouncer', points: 3 * 2, services: ['postgres', 'pgbouncer'] },
  { id: 'quick-db', points: 3, services: ['postgres'] },
])('buildScenarios($id)', ({ id, points, services = [] }) => {
  it(`has ${points} points with unique ids, and the services ${services.join(', ')}`, () => {
    const [scenario] = buildScenarios([id], ctx);
    expect(scenario?.points).toHaveLength(points);
    expect(scenario?.services.map((s) => s.name)).toEqual(services);
    const keys = scenario?.points.map((p) => JSON.stringify(p)) ?? [];
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe.each([
  { model: 'gunicorn-sync', workers: 3, threads: 1 },
  { model: 'gunicorn-gthread', workers: 3, threads: 4 },
  { model: 'gunicorn-gevent', workers: 3, threads: 1 },
  { model: 'uvicorn', workers: 1, threads: 1 },
  { model: 'gunicorn-uvicorn-worker', workers: 1, threads: 1 },
  { model: 'gunicorn-asgi', workers: 1, threads: 1 },
  { model: 'hypercorn', workers: 1, threads: 1 },
  { model: 'daphne', workers: 1, threads: 1 },
])('default configuration of $model on one server CPU', ({ model, workers, threads }) => {
  it(`is ${workers} worker(s) x ${threads} thread(s)`, () => {
    const point = buildScenarios(['sweep-hello'], ctx)[0]?.points.find((p) => p.model === model);
    expect(point).toMatchObject({ workers, threads });
  });
});

it('--workers and --threads replace the defaults, not the swept values', () => {
  const [sweep, grid] = buildScenarios(['sweep-io', 'workers-threads'], {
    ...ctx,
    workers: 2,
    threads: 8,
  });
  // Daphne stays at its one process.
  expect(new Set(sweep?.points.map((p) => p.workers))).toEqual(new Set([1, 2]));
  expect(sweep?.points.filter((p) => p.workers === 1).map((p) => p.model)).toEqual(
    Array.from({ length: 6 }, () => 'daphne'),
  );
  expect(sweep?.points.find((p) => p.model === 'gunicorn-gthread')?.threads).toBe(8);
  expect(sweep?.points.find((p) => p.model === 'gunicorn-sync')?.threads).toBe(1);
  expect(
    new Set(grid?.points.filter((p) => p.model === 'gunicorn-sync').map((p) => p.workers)),
  ).toEqual(new Set([1, 2, 4, 8, 16, 32]));
});

it('rejects an unknown scenario', () => {
  expect(() => buildScenarios(['nope'], ctx)).toThrowErrorMatchingInlineSnapshot(
    `[Error: unknown scenario "nope"; known: sweep-hello, sweep-io, sweep-cpu, sweep-hello-equal-workers, sweep-io-equal-workers, sweep-cpu-equal-workers, workers-threads, blocking-loop, slow-clients, uvicorn-loops, memory, db-frameworks, db-pool, db-mistakes, db-pgbouncer, open-loop, open-loop-db, closed-vs-open, cpu-limits, framework-memory, memory-limit, gunicorn-parsers, gthread-spread, gevent-spread]`,
  );
});

describe.each([
  { id: 'sweep-hello', settings: { durationS: 10 } },
  { id: 'sweep-cpu', settings: { durationS: 10 } },
  { id: 'uvicorn-loops', settings: { durationS: 10 } },
  { id: 'sweep-io', settings: {} },
  { id: 'gthread-spread', settings: { durationS: 10, repetitions: 5, serverStarts: 4 } },
  { id: 'gevent-spread', settings: { repetitions: 3, serverStarts: 3 } },
])('the settings of $id', ({ id, settings }) => {
  it(`are ${JSON.stringify(settings)}`, () => {
    expect(buildScenarios([id], ctx)[0]?.settings).toEqual(settings);
  });
});

describe.each([
  { id: 'sweep-hello-equal-workers', of: 'sweep-hello' },
  { id: 'sweep-io-equal-workers', of: 'sweep-io' },
  { id: 'sweep-cpu-equal-workers', of: 'sweep-cpu' },
])('$id', ({ id, of }) => {
  it(`runs the ASGI models under gunicorn at 2 x cores + 1, where ${of} runs one per core`, () => {
    const [variant, main] = buildScenarios([id, of], { ...ctx, serverCpuCount: 2 });
    const asgi = ['gunicorn-uvicorn-worker', 'gunicorn-asgi'];
    expect(new Set(variant?.points.map((p) => [p.model, p.workers].join(':')))).toEqual(
      new Set(asgi.map((m) => `${m}:5`)),
    );
    expect(main?.points.filter((p) => asgi.includes(p.model)).every((p) => p.workers === 2)).toBe(
      true,
    );
    // The same connection counts, so a chart can lay the variant over the main sweep.
    const levels = (s: typeof main) => [...new Set(s?.points.map((p) => p.concurrency))];
    expect(levels(variant)).toEqual(levels(main));
  });
});

it('gunicorn-parsers compares each gunicorn-parsed worker class with its pure-Python twin', () => {
  const [parsers] = buildScenarios(['gunicorn-parsers'], ctx);
  expect([...new Set(parsers?.points.map((p) => p.model))].sort()).toEqual([
    'gunicorn-asgi',
    'gunicorn-asgi-python-parser',
    'gunicorn-gevent',
    'gunicorn-gevent-python-parser',
    'gunicorn-gthread',
    'gunicorn-gthread-python-parser',
    'gunicorn-sync',
    'gunicorn-sync-python-parser',
  ]);
});

describe.each([
  { id: 'gthread-spread', models: ['gunicorn-gthread', 'gunicorn-gthread-reuse-port'] },
  { id: 'gevent-spread', models: ['gunicorn-gevent', 'gunicorn-gevent-reuse-port'] },
])('$id', ({ id, models }) => {
  it('counts the spread at every point, with and without --reuse-port', () => {
    const [spread] = buildScenarios([id], ctx);
    expect(spread?.points.every((p) => p.countSpread === true)).toBe(true);
    expect([...new Set(spread?.points.map((p) => p.model))]).toEqual(models);
  });
});

it('counts the spread nowhere else (the Lua callback costs wrk CPU)', () => {
  const others = RECORDED_SCENARIO_IDS.filter((id) => !id.endsWith('-spread'));
  expect(
    buildScenarios(others, ctx)
      .flatMap((s) => s.points)
      .some((p) => p.countSpread),
  ).toBe(false);
});

it('keeps option variants out of the general sweeps and compares them in their own scenario', () => {
  const [sweep, loops] = buildScenarios(['sweep-hello', 'uvicorn-loops'], ctx);
  expect(sweep?.points.some((p) => p.model === 'uvicorn-asyncio-h11')).toBe(false);
  expect(new Set(loops?.points.map((p) => p.model))).toEqual(
    new Set(['uvicorn', 'uvicorn-asyncio-h11']),
  );
});

it('has one file per catalog dataset and per quick recording, and no other', () => {
  const dir = new URL('../../../../harness/scenarios/', import.meta.url);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'scenario.ts')
    .map((f) => f.replace(/\.ts$/, ''));
  expect(SCENARIO_IDS).toEqual(DATASET_IDS);
  expect(RECORDED_SCENARIO_IDS).toEqual(RECORDED_DATASET_IDS);
  expect(files.sort()).toEqual([...RECORDED_DATASET_IDS, ...QUICK_SCENARIO_IDS].sort());
});

it("takes kind and title from the catalog, or from a quick scenario's own entry", () => {
  const [sweep, quick] = buildScenarios(['sweep-io', 'quick-services'], ctx);
  expect(sweep).toMatchObject({
    kind: 'concurrency-sweep',
    title: 'Concurrency sweep: io (50 ms wait)',
  });
  expect(quick).toMatchObject({
    kind: 'concurrency-sweep',
    title: 'Quick smoke recording with a service',
  });
});
