import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BenchDatasetSchema,
  type BenchDataset,
  type BenchPoint,
} from '../../../src/bench/schema.ts';

/*
 * content/benchmarks/open-loop.mdx says things about the committed `open-loop` and
 * `open-loop-db` datasets that no <Measured> can carry: which line rises, which model is
 * highest, which configuration collapses. Each test is one of those sentences, checked against
 * the dataset, so a re-recording that changes the picture fails here and names the paragraph.
 * Latencies are read as the charts draw them: over every repetition's requests together.
 */
function readDataset(id: string): BenchDataset {
  const url = new URL(`../../../bench-data/${id}.json`, import.meta.url);
  return BenchDatasetSchema.parse(JSON.parse(readFileSync(url, 'utf8')));
}

const openLoop = readDataset('open-loop');
const openLoopDb = readDataset('open-loop-db');

/** The open-loop point of a series (`model`, or `app.model` on PostgreSQL) at a share of capacity. */
function findPoint(dataset: BenchDataset, series: string, endpoint: string, share: number) {
  const point = dataset.points.find(
    (p) =>
      p.endpoint === endpoint &&
      (p.app ? `${p.app}.${p.model}` : p.model) === series &&
      p.openLoop?.share === share,
  );
  if (!point?.openLoop)
    throw new Error(`${dataset.id} has no ${series} point at ${share} on ${endpoint}`);
  return { point, openLoop: point.openLoop };
}

const p99 = (dataset: BenchDataset, series: string, endpoint: string, share: number): number =>
  findPoint(dataset, series, endpoint, share).openLoop.latencyMs.p99 ?? Infinity;
const p50 = (dataset: BenchDataset, series: string, endpoint: string, share: number): number =>
  findPoint(dataset, series, endpoint, share).openLoop.latencyMs.p50 ?? Infinity;
const failed = (point: BenchPoint): number =>
  point.repetitions.reduce((sum, r) => sum + r.errorsTotal, 0);
const outstanding = (point: BenchPoint): number =>
  point.repetitions.reduce((sum, r) => sum + (r.openLoop?.outstandingAtEnd ?? 0), 0);
/** The rate answered within the timeout, as the `achievedRps` metric draws it: the median. */
const achieved = (point: BenchPoint): number => {
  const rates = point.repetitions.map((r) => r.openLoop?.achievedRps ?? NaN).sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)] ?? NaN;
};
const flaggedRepetitions = (point: BenchPoint): number =>
  point.repetitions.filter((r) => r.openLoop?.generatorLate || r.openLoop?.generatorSaturated)
    .length;

const modelsOf = (dataset: BenchDataset, endpoint: string): string[] => [
  ...new Set(
    dataset.points
      .filter((p) => p.endpoint === endpoint)
      .map((p) => (p.app ? `${p.app}.${p.model}` : p.model)),
  ),
];

describe('A request that waits 50 ms', () => {
  it('sync and gthread: p99 rises with each share from a tenth to the capacity, and at three quarters is over three times the wait', () => {
    for (const model of ['gunicorn-sync', 'gunicorn-gthread']) {
      const rising = [0.1, 0.5, 0.75, 1].map((share) => p99(openLoop, model, 'io', share));
      for (let i = 1; i < rising.length; i++) {
        expect(rising[i], `${model} at step ${i}`).toBeGreaterThan(rising[i - 1] ?? Infinity);
      }
      expect(p99(openLoop, model, 'io', 0.75), model).toBeGreaterThan(150);
    }
  });

  it('at one and a half times capacity both time requests out and leave a queue', () => {
    for (const model of ['gunicorn-sync', 'gunicorn-gthread']) {
      const { point } = findPoint(openLoop, model, 'io', 1.5);
      expect(failed(point), model).toBeGreaterThan(0);
      expect(outstanding(point), model).toBeGreaterThan(0);
    }
  });

  it("uvicorn's point is suspect in every repetition; gevent has a point at half its capacity", () => {
    const { point } = findPoint(openLoop, 'uvicorn', 'io', 0.1);
    expect(flaggedRepetitions(point)).toBe(point.repetitions.length);
    expect(() => findPoint(openLoop, 'gunicorn-gevent', 'io', 0.5)).not.toThrow();
  });

  it('the event-loop models and gevent have higher shares beyond the generator on io', () => {
    for (const model of [
      'uvicorn',
      'gunicorn-uvicorn-worker',
      'gunicorn-asgi',
      'gunicorn-gevent',
    ]) {
      const capacity = (openLoop.capacities ?? []).find(
        (c) => c.endpoint === 'io' && c.serverId.startsWith(`${model}-`),
      );
      expect(capacity?.sharesBeyondGenerator?.length, model).toBeGreaterThan(0);
    }
  });
});

describe('5 ms of CPU', () => {
  const models = modelsOf(openLoop, 'cpu');

  it('at three quarters of capacity gthread had the highest p99', () => {
    const gthread = p99(openLoop, 'gunicorn-gthread', 'cpu', 0.75);
    for (const model of models.filter((m) => m !== 'gunicorn-gthread')) {
      expect(p99(openLoop, model, 'cpu', 0.75), model).toBeLessThan(gthread);
    }
  });

  it("from 90 % on, one model's repetitions spread wider than the models do", () => {
    for (const share of [0.9, 1]) {
      const pooled = models.map((m) => p99(openLoop, m, 'cpu', share));
      const betweenModels = Math.max(...pooled) / Math.min(...pooled);
      const withinModel = Math.max(
        ...models.map((m) => {
          const reps = findPoint(openLoop, m, 'cpu', share).point.repetitions.map(
            (r) => r.latencyMs.p99 ?? NaN,
          );
          return Math.max(...reps) / Math.min(...reps);
        }),
      );
      expect(withinModel, `share ${share}`).toBeGreaterThan(betweenModels);
    }
  });

  it("at the capacity every model's p99 runs to hundreds of milliseconds; at 150 % every model times requests out", () => {
    for (const model of models) {
      expect(p99(openLoop, model, 'cpu', 1), model).toBeGreaterThanOrEqual(200);
      expect(failed(findPoint(openLoop, model, 'cpu', 1.5).point), model).toBeGreaterThan(0);
    }
  });
});

describe('On PostgreSQL', () => {
  const configurations = modelsOf(openLoopDb, 'db');

  it('from half of capacity upwards the generator was late in most repetitions', () => {
    const upper = openLoopDb.points.filter((p) => (p.openLoop?.share ?? 0) >= 0.5);
    const flagged = upper.reduce((sum, p) => sum + flaggedRepetitions(p), 0);
    const all = upper.reduce((sum, p) => sum + p.repetitions.length, 0);
    expect(flagged / all).toBeGreaterThan(0.5);
  });

  it("where Flask under sync jumps at three quarters, its service time jumps with it: the queue is the server's", () => {
    const { openLoop: ol } = findPoint(openLoopDb, 'flask.gunicorn-sync', 'db', 0.75);
    expect(ol.serviceMs?.p99 ?? 0).toBeGreaterThan(200);
  });

  it('at half of capacity every configuration answered within a few milliseconds (p50)', () => {
    for (const c of configurations) expect(p50(openLoopDb, c, 'db', 0.5), c).toBeLessThan(10);
  });

  it('at three quarters gthread and gevent still answered within milliseconds, sync queued short of a full core, FastAPI queued', () => {
    expect(p50(openLoopDb, 'flask.gunicorn-gthread', 'db', 0.75)).toBeLessThan(10);
    expect(p50(openLoopDb, 'flask.gunicorn-gevent', 'db', 0.75)).toBeLessThan(10);
    expect(p50(openLoopDb, 'flask.gunicorn-sync', 'db', 0.75)).toBeGreaterThan(100);
    expect(p50(openLoopDb, 'django.gunicorn-sync', 'db', 0.75)).toBeGreaterThan(100);
    const sync = findPoint(openLoopDb, 'flask.gunicorn-sync', 'db', 0.75).point;
    expect(sync.summary.serverCpuCores?.median ?? 1).toBeLessThan(0.9);
    expect(p50(openLoopDb, 'fastapi.uvicorn', 'db', 0.75)).toBeGreaterThan(100);
  });

  it('FastAPI was offered a higher rate at three quarters than any other configuration', () => {
    const fastapi = findPoint(openLoopDb, 'fastapi.uvicorn', 'db', 0.75).openLoop.rateRps;
    for (const c of configurations.filter((c) => c !== 'fastapi.uvicorn')) {
      expect(findPoint(openLoopDb, c, 'db', 0.75).openLoop.rateRps, c).toBeLessThan(fastapi);
    }
  });

  it('Django under uvicorn collapses: a tenth of the offer answered at 90 % and at the capacity, its CPU busy; at three quarters the repetitions split', () => {
    for (const share of [0.9, 1]) {
      const { point, openLoop: ol } = findPoint(openLoopDb, 'django.uvicorn', 'db', share);
      expect(achieved(point) / ol.rateRps, `share ${share}`).toBeLessThan(0.1);
    }
    const full = findPoint(openLoopDb, 'django.uvicorn', 'db', 1).point;
    expect(full.summary.serverCpuCores?.median ?? 0).toBeGreaterThan(0.9);
    const split = findPoint(openLoopDb, 'django.uvicorn', 'db', 0.75);
    const rates = split.point.repetitions.map((r) => r.openLoop?.achievedRps ?? NaN);
    expect(Math.max(...rates) / split.openLoop.rateRps).toBeGreaterThan(0.95);
    expect(Math.min(...rates) / split.openLoop.rateRps).toBeLessThan(0.5);
  });

  it("at one and a half times capacity every configuration measured there times requests out, and sync's answered rate falls", () => {
    const overloaded = openLoopDb.points.filter((p) => p.openLoop?.share === 1.5);
    expect(overloaded.length).toBeGreaterThan(0);
    for (const point of overloaded) expect(failed(point), point.id).toBeGreaterThan(0);
    for (const c of ['flask.gunicorn-sync', 'django.gunicorn-sync']) {
      const over = achieved(findPoint(openLoopDb, c, 'db', 1.5).point);
      expect(over, c).toBeLessThan(achieved(findPoint(openLoopDb, c, 'db', 1).point));
    }
  });
});
