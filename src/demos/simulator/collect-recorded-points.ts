/**
 * Build time: the dataset points the worker-model simulator can be compared with, read from
 * the resolved charts (the same data, and the same `readMeasured` lookup, as `<Measured>`),
 * so no measured number is ever typed by hand. The page embeds the result as JSON.
 */
import { readMeasured } from '../../charts/model/read-measured.ts';
import type { ResolvedChart } from '../../charts/model/resolve-charts.ts';
import { toChartUrls } from '../../charts/model/chart-urls.ts';
import { SIMULATED_DATASET_IDS } from '../../bench/catalog.ts';
import { toEndpointWork } from '../../bench/endpoints.ts';
import type { BenchPoint } from '../../bench/schema.ts';
import {
  RECORDED_MODELS,
  SIM_MODELS,
  type RecordedPoint,
  type RecordedValue,
  type SimModel,
  type SimSettings,
} from './simulator-settings.ts';

type Found = Omit<RecordedPoint, 'preset'>;

function toSimModel(point: BenchPoint): SimModel | undefined {
  return SIM_MODELS.find((model) => RECORDED_MODELS[model].includes(point.model));
}

/** A point's wait and CPU per request, as the simulator's sliders name them. */
function toWork(point: BenchPoint): { io_ms: number; cpu_ms: number } | undefined {
  // `block` (time.sleep inside async def) is not a model the simulator has.
  const work = toEndpointWork(point.endpoint, point.endpointMs);
  return work ? { io_ms: work.ioMs, cpu_ms: work.cpuMs } : undefined;
}

/** A point's pool of database connections per process, as the pool slider counts it (0: none). */
function toPool(point: BenchPoint): number {
  return point.dbConnections === 'pool' ? (point.poolSize ?? 0) : 0;
}

/** Every simulated model's recorded points in one chart, without the ones already found. */
function readChart(chart: ResolvedChart, base: string, seen: Set<string>): Found[] {
  const { data, dataset } = chart;
  const found: Found[] = [];
  for (const series of data.series) {
    for (const [index, x] of data.x.values.entries()) {
      const throughputAt = series.values.throughput?.[index];
      if (!throughputAt || seen.has(throughputAt.pointId)) continue;
      const point = dataset.points.find((p) => p.id === throughputAt.pointId);
      const model = point && toSimModel(point);
      const work = point && toWork(point);
      if (!point || !model || !work) continue;
      seen.add(point.id);
      const read = (
        metric: 'throughput' | 'okThroughput' | 'p50' | 'p99',
      ): RecordedValue | null => {
        if (!data.metrics.includes(metric) || !series.values[metric]?.[index]) return null;
        const { median, min, max } = readMeasured(data, {
          chart: data.id,
          series: series.key,
          x,
          metric,
        }).value;
        return { median, min, max };
      };
      found.push({
        model,
        recordedModel: point.model,
        ...work,
        connections: point.concurrency,
        processes: point.workers,
        threads: point.threads,
        cores: dataset.environment.serverCpus.length,
        pool: toPool(point),
        chart: data.id,
        href: toChartUrls(base, data.id, dataset.id).permalink,
        dataset: dataset.id,
        pointId: point.id,
        noisy: point.summary.noisy,
        throughput: read('throughput') ?? { median: 0, min: 0, max: 0 },
        p50: read('p50'),
        p99: read('p99'),
        okThroughput: read('okThroughput'),
      });
    }
  }
  return found;
}

/** The most frequent value, or `fallback` for none (ties go to the first seen). */
function mostCommon(values: number[], fallback: number): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best = fallback;
  let bestCount = 0;
  for (const [value, count] of counts) if (count > bestCount) [best, bestCount] = [value, count];
  return best;
}

/**
 * The slider settings that reproduce a point's whole recorded configuration: its own
 * processes and threads, and for the other models what the same experiment ran them with.
 */
function toPreset(point: Found, all: readonly Found[]): SimSettings {
  const same = all.filter(
    (p) =>
      p.dataset === point.dataset &&
      p.io_ms === point.io_ms &&
      p.cpu_ms === point.cpu_ms &&
      p.connections === point.connections &&
      p.pool === point.pool,
  );
  const of = (model: SimModel) => same.filter((p) => p.model === model);
  const gunicorn = same.filter((p) => p.model !== 'asyncio');
  const workers =
    point.model === 'asyncio'
      ? mostCommon(
          gunicorn.map((p) => p.processes),
          3,
        )
      : point.processes;
  const threads =
    point.model === 'gthread'
      ? point.threads
      : mostCommon(
          of('gthread')
            .filter((p) => p.processes === workers)
            .map((p) => p.threads),
          mostCommon(
            of('gthread').map((p) => p.threads),
            4,
          ),
        );
  const loopCounts = of('asyncio').map((p) => p.processes);
  const loops =
    point.model === 'asyncio' ? point.processes : loopCounts.length ? Math.min(...loopCounts) : 1;
  const { io_ms, cpu_ms, connections, cores, pool } = point;
  return { io_ms, cpu_ms, connections, workers, threads, loops, cores, pool };
}

/**
 * The recorded points of the simulated datasets, each once (from the first chart in registry
 * order that shows it), with the chart permalink under `base` and a preset that reaches it.
 */
export function collectRecordedPoints(
  charts: readonly ResolvedChart[],
  base: string,
): RecordedPoint[] {
  const seen = new Set<string>();
  const found = charts
    .filter((chart) => (SIMULATED_DATASET_IDS as readonly string[]).includes(chart.dataset.id))
    .flatMap((chart) => readChart(chart, base, seen));
  return found.map((point) => ({ ...point, preset: toPreset(point, found) }));
}

/** The server CPU count the datasets were recorded with: the simulator's default. */
export function recordedCores(points: readonly RecordedPoint[]): number {
  return mostCommon(
    points.map((p) => p.cores),
    1,
  );
}
