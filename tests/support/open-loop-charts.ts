/**
 * Open-loop chart data for the unit tests: synthetic open-loop points of any model, endpoint
 * and share, with each repetition's p99, failures and generator flags set per test, charted by a
 * synthetic hockey-stick or sustainable-rate definition. Every number is made up.
 */
import type { BenchPoint, Endpoint, ModelId } from '../../src/bench/schema.ts';
import type { ChartDefinitionInput } from '../../src/charts/model/chart-definition.ts';
import { parseDefinition } from '../../src/charts/model/resolve-charts.ts';
import { toChartData, type ChartData } from '../../src/charts/model/to-chart-data.ts';
import {
  makeOpenLoopDataset,
  makeOpenLoopPoint,
  makeOpenLoopRepetition,
} from './open-loop-factory.ts';

/** One open-loop point in chart terms. */
export interface RatePoint {
  model?: ModelId;
  endpoint?: Endpoint;
  /** Share of a capacity of 100 req/s: the offered rate is 100 x share. */
  share: number;
  /** p99 of each repetition, ms (null: none answered); three repetitions by default. */
  p99?: (number | null)[];
  /** Timeouts in the first repetition. */
  timeouts?: number;
  /** Repetitions (from the first) in which the generator fell behind. */
  late?: number;
  /** Window requests answered over every repetition (what the pooled percentiles rest on). */
  completed?: number;
}

/** An open-loop point of `model` on `endpoint` at `share` of 100 req/s. */
export function makeRatePoint(spec: RatePoint): BenchPoint {
  const { model = 'gunicorn-sync', endpoint = 'io', share } = spec;
  const p99 = spec.p99 ?? [90, 91, 92];
  const reps = p99.map((value, index) =>
    makeOpenLoopRepetition(
      index,
      { latencyMs: { p50: 52, p90: 60, p99: value, p999: 100, max: 100, mean: 55 } },
      {
        rateRps: 100 * share,
        errors: {
          connect: 0,
          socket: 0,
          timeout: index === 0 ? (spec.timeouts ?? 0) : 0,
          other: 0,
          non2xx: 0,
        },
        generatorLate: index < (spec.late ?? 0),
      },
    ),
  );
  const point = makeOpenLoopPoint(reps, {
    rateRps: 100 * share,
    share,
    ...(spec.completed !== undefined && { completed: spec.completed }),
  });
  return { ...point, id: `${model}/${endpoint}/poisson-${share}`, model, endpoint };
}

/** The sustainable-rate chart of the tests: bars per model on each endpoint, 100 ms default. */
export const sustainableChart: ChartDefinitionInput = {
  id: 'test-sustainable',
  title: 'Synthetic sustainable rate',
  dataset: 'open-loop',
  x: { field: 'endpoint', label: 'Endpoint' },
  series: ['model'],
  metrics: ['sustainableRps'],
  sustainable: { defaultObjectiveMs: 100 },
  subtitle: 'A synthetic chart.',
  caption: 'Synthetic.',
};

/** The hockey-stick chart of the tests: latency and more against the offered rate. */
export const hockeyChart: ChartDefinitionInput = {
  id: 'test-hockey',
  title: 'Synthetic hockey stick',
  dataset: 'open-loop',
  x: { field: 'offeredRps', label: 'Offered rate', scale: 'logarithmic', grid: 'per-series' },
  series: ['model'],
  metrics: ['p99', 'p999', 'failed', 'achievedRps'],
  subtitle: 'A synthetic chart.',
  caption: 'Synthetic.',
};

/** A chart of `definition` over an open-loop dataset of these points. */
export function makeOpenLoopChart(
  definition: ChartDefinitionInput,
  points: RatePoint[],
): ChartData {
  return toChartData(parseDefinition(definition), makeOpenLoopDataset(points.map(makeRatePoint)));
}
