import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { chartDefinitions } from '../../../src/charts/registry.ts';
import { resolveCharts } from '../../../src/charts/model/resolve-charts.ts';
import { BenchDatasetSchema, type BenchDataset, type BenchPoint } from '../../../src/bench/schema.ts';
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
      (p) => p.dataset === 'sweep-cpu' && p.model === 'gevent' && p.connections >= 16,
    );
    expect(gevent).toHaveLength(3);
    for (const c of gevent) {
      const recorded = (c.point.p99?.median ?? 0) / (c.point.p50?.median ?? Infinity);
      expect(recorded, c.point.pointId).toBeGreaterThan(10);
      expect(c.p99 / c.p50, c.point.pointId).toBeLessThan(1.5);
    }
  });
});
