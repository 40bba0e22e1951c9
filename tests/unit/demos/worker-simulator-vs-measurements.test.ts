import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeMedian } from '../../../src/bench/stats.ts';
import { chartDefinitions } from '../../../src/charts/registry.ts';
import { resolveCharts } from '../../../src/charts/model/resolve-charts.ts';
import {
  BenchDatasetSchema,
  type BenchDataset,
  type BenchPoint,
} from '../../../src/bench/schema.ts';
import { collectRecordedPoints } from '../../../src/demos/simulator/collect-recorded-points.ts';
import { simulatorSliders } from '../../../src/demos/simulator/simulator-controls.ts';
import type { RecordedPoint } from '../../../src/demos/simulator/simulator-settings.ts';
import { python, runSimulator } from '../../support/python.ts';

/*
 * The benchmarks chapter says where the simulator agrees with the committed recordings and
 * where it does not ("A model beside the measurements"). This runs the simulator at every
 * recorded point, with the page's default overhead, and checks each of those sentences, so a
 * re-recording that changes the picture fails here and points at the paragraph to update.
 */
const root = new URL('../../../', import.meta.url);
const overheadMs = simulatorSliders(1).find((s) => s.param === 'overhead_ms')?.value ?? NaN;

function readDatasets(): Map<string, BenchDataset> {
  const dir = fileURLToPath(new URL('bench-data/', root));
  const datasets = new Map<string, BenchDataset>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'schema.json')) {
    const dataset = BenchDatasetSchema.parse(JSON.parse(readFileSync(dir + file, 'utf8')));
    datasets.set(dataset.id, dataset);
  }
  return datasets;
}

/**
 * How long the apps let a request wait for a pooled connection where a point does not say, s
 * (DB_POOL_TIMEOUT_S in harness/apps/db_common.py).
 */
const APPS_POOL_TIMEOUT_S = 5;

interface Prediction {
  throughputRps: number;
  okThroughputRps: number;
  poolTimeoutRps: number;
  p50Ms: number;
  p99Ms: number;
}

interface Compared {
  point: RecordedPoint;
  /** The same point in its dataset: every repetition, with its answers by status. */
  recorded: BenchPoint;
  throughput: number;
  /** Predicted answers 200 per second, and those that gave up waiting for a connection. */
  okThroughput: number;
  poolTimeouts: number;
  p50: number;
  p99: number;
  /** Predicted ÷ recorded throughput. */
  ratio: number;
  /** Predicted ÷ recorded answers 200 per second, where the harness counted them. */
  okRatio: number;
}

/** Recorded answers of one kind (`"200"`, `"503 pool-timeout"`) per second: the median repetition. */
function readAnswerRate(point: BenchPoint, kind: string): number {
  return computeMedian(point.repetitions.map((r) => (r.statusCounts?.[kind] ?? 0) / r.durationS));
}

let compared: Compared[] = [];
const find = (filter: (p: RecordedPoint) => boolean) => compared.filter((c) => filter(c.point));
const one = (filter: (p: RecordedPoint) => boolean) => {
  const [found, ...more] = find(filter);
  if (!found || more.length)
    throw new Error(`expected one recorded point, found ${more.length + (found ? 1 : 0)}`);
  return found;
};

describe.skipIf(!python)('the simulator against the committed recordings', () => {
  beforeAll(() => {
    const datasets = readDatasets();
    const { charts } = resolveCharts(chartDefinitions, datasets);
    const points = collectRecordedPoints(charts, '/');
    const recorded = points.map((p) => {
      const found = datasets.get(p.dataset)?.points.find((q) => q.id === p.pointId);
      if (!found) throw new Error(`${p.pointId} is not in ${p.dataset}`);
      return found;
    });
    const cases = points.map((p, i) => ({
      model: p.model,
      io_ms: p.io_ms,
      cpu_ms: p.cpu_ms,
      connections: p.connections,
      workers: p.processes,
      threads: p.threads,
      cores: p.cores,
      overhead_ms: overheadMs,
      pool: p.pool,
      pool_timeout_ms: 1000 * (recorded[i]?.poolTimeoutS ?? APPS_POOL_TIMEOUT_S),
    }));
    const predictions = runSimulator<Prediction>(cases, 120_000);
    compared = points.map((point, i) => {
      const [p, found] = [predictions[i], recorded[i]];
      if (!p || !found) throw new Error(`no prediction for ${point.pointId}`);
      return {
        point,
        recorded: found,
        throughput: p.throughputRps,
        okThroughput: p.okThroughputRps,
        poolTimeouts: p.poolTimeoutRps,
        p50: p.p50Ms,
        p99: p.p99Ms,
        ratio: p.throughputRps / point.throughput.median,
        okRatio: p.okThroughputRps / (point.okThroughput?.median ?? NaN),
      };
    });
  }, 180_000);

  it('waiting requests fit: /io up to 256 connections, a little above the recordings', () => {
    const fitting = find(
      (p) => p.dataset === 'sweep-io' && p.model !== 'gthread' && p.connections <= 256,
    );
    expect(fitting.length).toBeGreaterThanOrEqual(20);
    for (const c of fitting) {
      expect(c.ratio, c.point.pointId).toBeGreaterThanOrEqual(1);
      expect(c.ratio, c.point.pointId).toBeLessThan(1.15);
    }
  });

  it('waiting requests fit: the sync worker across the whole workers dataset', () => {
    const sync = find((p) => p.dataset === 'workers-threads' && p.model === 'sync');
    expect(sync).toHaveLength(6);
    for (const c of sync) expect(Math.abs(c.ratio - 1), c.point.pointId).toBeLessThan(0.1);
  });

  it("the client's timeout: the model's sync latency runs on past the recorded one", () => {
    const c = one((p) => p.dataset === 'sweep-io' && p.model === 'sync' && p.connections === 256);
    expect(c.p50).toBeGreaterThan(2 * (c.point.p50?.median ?? Infinity));
    expect(c.p50).toBeGreaterThan(2000); // "several seconds"
  });

  it('where connections land: gthread falls far short of the model where the imbalance shows', () => {
    const at16 = one(
      (p) => p.dataset === 'sweep-io' && p.model === 'gthread' && p.connections === 16,
    );
    expect(at16.ratio).toBeGreaterThan(1.5);
    const manyWorkers = find(
      (p) =>
        p.dataset === 'workers-threads' &&
        p.model === 'gthread' &&
        p.threads === 4 &&
        p.processes >= 8,
    );
    expect(manyWorkers).toHaveLength(3);
    for (const c of manyWorkers) expect(c.ratio, c.point.pointId).toBeGreaterThan(1.5);
  });

  it('the cost of HTTP: on /hello the recordings differ severalfold, the predictions do not', () => {
    const hello = find((p) => p.dataset === 'sweep-hello' && p.connections === 64);
    const recorded = hello.map((c) => c.point.throughput.median);
    const predicted = hello.map((c) => c.throughput);
    expect(Math.max(...recorded) / Math.min(...recorded)).toBeGreaterThan(3);
    expect(Math.max(...predicted) / Math.min(...predicted)).toBeLessThan(1.01);
  });

  it('the cost of HTTP: on /cpu every prediction is above every recording', () => {
    const cpu = find((p) => p.dataset === 'sweep-cpu');
    expect(cpu.length).toBeGreaterThanOrEqual(25);
    for (const c of cpu) expect(c.ratio, c.point.pointId).toBeGreaterThan(1);
  });

  it('the cost of HTTP: uvicorn outruns the prediction at 1024 connections on /io', () => {
    const c = one(
      (p) => p.dataset === 'sweep-io' && p.recordedModel === 'uvicorn' && p.connections === 1024,
    );
    expect(c.ratio).toBeLessThan(1);
  });

  it("fairness: gevent's recorded /cpu tail is far longer than its median; the model's is not", () => {
    const gevent = find(
      (p) => p.dataset === 'sweep-cpu' && p.model === 'gevent' && p.connections >= 64,
    );
    expect(gevent).toHaveLength(2);
    for (const c of gevent) {
      const recorded = (c.point.p99?.median ?? 0) / (c.point.p50?.median ?? Infinity);
      expect(recorded, c.point.pointId).toBeGreaterThan(10);
      expect(c.p99 / c.p50, c.point.pointId).toBeLessThan(1.5);
    }
  });

  /*
   * db-pool: /slow-query?ms=20 (pg_sleep inside the query, so each request holds one pooled
   * connection for the wait) at 128 connections, the pool per process swept from 1 to 20. By
   * Little's law a process answers at most min(pool, its slots) x 1000 / 20 a second: 150 for
   * 3 sync workers whatever the pool, up to 600 for 3 x 4 gthread threads, processes x pool x 50
   * for gevent and uvicorn, until the server CPU or the database's 27 connections bind.
   */
  const pool = (filter: (p: RecordedPoint) => boolean = () => true) =>
    find((p) => p.dataset === 'db-pool' && filter(p));

  it('db-pool: every point is compared on its answers 200, at its own pool size', () => {
    const points = pool();
    expect(points).toHaveLength(25);
    for (const c of points) {
      expect(c.point.okThroughput, c.point.pointId).not.toBeNull();
      expect([1, 2, 5, 10, 20]).toContain(c.point.pool);
    }
  });

  it('the pool binds: answers 200 come out 5 to 40 % above the recordings', () => {
    // The model holds a connection for exactly 20 ms. A real query holds it longer: the round
    // trip, parsing and running the query around pg_sleep, the driver's and the framework's
    // work while it is held, and the hand-over to the next waiter. What the recordings imply
    // per query (connections in use ÷ answers 200 per second) stays within 21 to 28 ms.
    const fitting = pool(
      (p) =>
        p.model === 'sync' ||
        p.model === 'asyncio' ||
        (p.model === 'gevent' && p.pool <= 5) ||
        (p.model === 'gthread' && p.pool === 1),
    );
    expect(fitting).toHaveLength(19);
    for (const c of fitting) {
      expect(c.okRatio, c.point.pointId).toBeGreaterThan(1.05);
      expect(c.okRatio, c.point.pointId).toBeLessThan(1.4);
    }
  });

  it('pool timeouts: the one uvicorn process times out with pools of 1 and 2, in both', () => {
    // 128 requests queue for 1 or 2 connections at 20 ms each: past the 1 s timeout.
    for (const c of pool((p) => p.model === 'asyncio' && p.pool <= 2)) {
      expect(c.poolTimeouts, c.point.pointId).toBeGreaterThan(10);
      expect(readAnswerRate(c.recorded, '503 pool-timeout'), c.point.pointId).toBeGreaterThan(10);
    }
    // With 10 or 20, 128 requests wait at most 13 x 20 ms: neither times out.
    for (const c of pool((p) => p.model === 'asyncio' && p.pool >= 10)) {
      expect(c.poolTimeouts, c.point.pointId).toBe(0);
      expect(readAnswerRate(c.recorded, '503 pool-timeout'), c.point.pointId).toBe(0);
    }
    // Sync workers and gthread threads never queue past a second for a connection: each
    // process queues at most its own threads, and the rest wait in the listen backlog.
    for (const c of pool((p) => p.model === 'sync' || p.model === 'gthread')) {
      expect(c.poolTimeouts, c.point.pointId).toBe(0);
      expect(readAnswerRate(c.recorded, '503 pool-timeout'), c.point.pointId).toBe(0);
    }
  });

  it('pool timeouts near the edge: only the recordings time out where the queue comes close to 1 s', () => {
    // gevent with a pool of 1: about 42 requests per process queue for one connection, 840 ms
    // at the model's 20 ms a query, but past 1 s at 24 ms, which the recorded queries exceed
    // (see above); uvicorn with 5: 123 requests on 5 connections, 490 ms in the model, and a
    // few timeouts in the recording.
    const edge = pool(
      (p) => (p.model === 'gevent' && p.pool === 1) || (p.model === 'asyncio' && p.pool === 5),
    );
    expect(edge).toHaveLength(3);
    for (const c of edge) {
      expect(c.poolTimeouts, c.point.pointId).toBe(0);
      expect(readAnswerRate(c.recorded, '503 pool-timeout'), c.point.pointId).toBeGreaterThan(0);
    }
  });

  it('max_connections: gevent pools of 10 and 20 hit the database limit the model does not have', () => {
    // 3 processes x 10 or 20 connections ask for 30 or 60; PostgreSQL admits 27 for the app.
    // The pools keep what they got and retry in the background, so no request is refused,
    // but the 27 connections bind (and the server CPU comes close to binding too): the model,
    // without a database, predicts far above.
    const capped = pool((p) => p.model === 'gevent' && p.pool >= 10);
    expect(capped).toHaveLength(2);
    for (const c of capped) {
      const peaks = c.recorded.repetitions.map(
        (r) => r.groups?.['postgres']?.metrics['peakConnections'] ?? 0,
      );
      expect(Math.max(...peaks), c.point.pointId).toBeGreaterThanOrEqual(27);
      expect(readAnswerRate(c.recorded, '503 database-unavailable'), c.point.pointId).toBe(0);
      expect(c.okRatio, c.point.pointId).toBeGreaterThan(1.4);
    }
  });

  it('where connections land: gthread spreads between repetitions, and falls short with pools of 2 and 5', () => {
    // The model deals connections out evenly and expects processes x min(pool, 4 threads) x
    // 50; the recorded repetitions of one point differ by half or more, as gthread's do in the
    // other datasets, and with pools of 2 and 5 the median falls far below the model.
    const gthread = pool((p) => p.model === 'gthread');
    expect(gthread).toHaveLength(5);
    const spread = gthread.filter((c) => c.point.pool <= 10);
    for (const c of spread) {
      const { min, max } = c.point.okThroughput ?? { min: NaN, max: NaN };
      expect(max / min, c.point.pointId).toBeGreaterThan(1.4);
    }
    for (const c of gthread.filter((c) => c.point.pool === 2 || c.point.pool === 5))
      expect(c.okRatio, c.point.pointId).toBeGreaterThan(1.5);
  });
});
