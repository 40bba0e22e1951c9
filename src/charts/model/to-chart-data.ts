/**
 * Dataset → chart data: the pure, DOM-free step that picks a chart's points out of a dataset,
 * groups them into series along the x axis and reads every metric the chart offers. The result
 * is small, plain JSON: it is what the page embeds for the browser, and what tables, CSV files,
 * summaries and `<Measured>` read. Nothing here rounds, smooths or fills in a value.
 */
import { ModelIdSchema } from '../../bench/schema.ts';
import type { BenchDataset, BenchPoint, ModelId } from '../../bench/schema.ts';
import { toBaseModel } from '../../bench/model-family.ts';
import { METRICS, type MetricId } from './metrics.ts';
import { FIELD_LABELS } from './point-fields.ts';
import type { ChartDefinition, ScaleType } from './chart-definition.ts';
import { describeDatasetFile, ChartError } from './chart-error.ts';
import { toBounds, type ChartBound } from './to-chart-bounds.ts';
import { chooseYScale } from './choose-y-scale.ts';
import { fillSubtitle } from './fill-subtitle.ts';
import {
  compareFieldValues,
  makeFieldReader,
  type FieldReader,
  type FieldValue,
} from './read-point-field.ts';
import { placeX, selectPoints, type XPlacement } from './select-points.ts';
import {
  initializeBars,
  toObjectiveRange,
  toRateCandidates,
  type ObjectiveRange,
  type RateCandidate,
} from './sustainable-rate.ts';

/** One metric at one point: the harness's median, min and max, and every repetition. */
export interface ChartValue {
  /**
   * The charted value, in the metric's display unit: the median across repetitions, or where
   * `pooled` is set the value over every repetition's requests together.
   */
  median: number;
  /** Smallest repetition. */
  min: number;
  /** Largest repetition. */
  max: number;
  /** The metric in each repetition, in repetition order; null where one measured nothing. */
  repetitions: (number | null)[];
  /** True when the harness flagged the point as noisy (other processes took CPU). */
  noisy: boolean;
  /** The point's id in the dataset. */
  pointId: string;
  /** Set when `median` is over every repetition's requests together (open-loop latency). */
  pooled?: true;
  /** Set when the value is one number for the point (its runs' spread): no repetitions. */
  perPoint?: true;
  /**
   * Repetitions in which the open-loop generator fell behind its schedule or saturated its CPU
   * (`generatorLate`, `generatorSaturated`): a suspect point, drawn hollow. Absent: none.
   */
  generatorFlagged?: number;
}

/**
 * The models in colour order: the theme's series colours go to these, one each (a chart's own
 * colours live in src/charts/draw/themes.ts, which has one per model).
 */
export const BASE_MODELS: readonly ModelId[] = ModelIdSchema.options.filter(
  (model) => toBaseModel(model) === model,
);

/** One line of a chart. `values[metric][i]` belongs to `x.values[i]`; null is a gap. */
export interface ChartSeries {
  /** Stable key, used in URLs to hide the series. */
  key: string;
  /** Legend label. */
  label: string;
  /** Index into the theme's series colours. */
  colorIndex: number;
  /** A variant of a model (one option changed): drawn in its model's colour, dashed. */
  variant?: true;
  values: Partial<Record<MetricId, (ChartValue | null)[]>>;
  /** A sustainable-rate chart's open-loop points at each x: what its bars are computed from. */
  candidates?: RateCandidate[][];
}

/** Everything needed to draw, tabulate and cite one chart; plain JSON. */
export interface ChartData {
  id: string;
  title: string;
  /** One sentence under the title, filled from the dataset's configuration. */
  subtitle: string;
  caption: string;
  dataset: string;
  x: {
    field: ChartDefinition['x']['field'];
    label: string;
    scale: ScaleType;
    /** Whether the series share one grid of x values or each has its own (see the registry). */
    grid: ChartDefinition['x']['grid'];
    /** Positions on the axis: the field's values, or for a categorical field 0, 1, ... */
    values: number[];
    /** For a categorical field: the value at each position, and how it reads. */
    categories?: { value: string; label: string }[];
  };
  metrics: MetricId[];
  /** The y scale each metric opens on: the registry's, or the one its data calls for. */
  yScales: Partial<Record<MetricId, ScaleType>>;
  series: ChartSeries[];
  /** Throughput bounds (shown with the throughput metric only). */
  bounds: ChartBound[];
  /** A sustainable-rate chart's objectives, and the one its bars are computed at, ms. */
  sustainable?: ObjectiveRange & { objectiveMs: number };
}

/** Reads one metric of one point, in display units; null when the point has no such measurement. */
function readValue(point: BenchPoint, metric: MetricId): ChartValue | null {
  const spec = METRICS[metric];
  const stat = spec.summary(point);
  if (stat === null) return null;
  const pooled = spec.pooled?.(point) ?? null;
  const flagged = point.openLoop?.generatorFlagged ?? 0;
  const scale = (value: number) => value / spec.divisor;
  return {
    median: scale(pooled ?? stat.median),
    min: scale(stat.min),
    max: scale(stat.max),
    repetitions: spec.perPoint
      ? []
      : point.repetitions.map((repetition) => {
          const value = spec.repetition(repetition, point);
          return value === null ? null : scale(value);
        }),
    noisy: point.summary.noisy,
    pointId: point.id,
    ...(pooled !== null && { pooled: true as const }),
    ...(spec.perPoint && { perPoint: true as const }),
    ...(flagged > 0 && { generatorFlagged: flagged }),
  };
}

interface SeriesGroup {
  fields: FieldValue[];
  points: BenchPoint[];
}

/**
 * Groups points into series by the definition's fields, in field order; one point per x,
 * except in a sustainable-rate chart, whose bars rest on every rate measured at their x.
 */
function groupSeries(
  definition: ChartDefinition,
  dataset: BenchDataset,
  points: BenchPoint[],
  xOf: XPlacement['xOf'],
  read: FieldReader,
): [string, SeriesGroup][] {
  const xField = definition.x.field;
  const groups = new Map<string, SeriesGroup>();
  for (const point of points) {
    const fields = definition.series.map((field) => read(point, field));
    const key = fields.join('.');
    const group = groups.get(key) ?? { fields, points: [] };
    const x = xOf(point);
    const clash = definition.sustainable ? undefined : group.points.find((o) => xOf(o) === x);
    if (clash) {
      throw new ChartError(
        definition.id,
        `points "${clash.id}" and "${point.id}" of ${describeDatasetFile(dataset.id)} both fall on series "${key}" ` +
          `at ${xField}=${x}; split series by another field or narrow "where"`,
      );
    }
    group.points.push(point);
    groups.set(key, group);
  }
  return [...groups.entries()].sort(([, a], [, b]) => {
    for (const [index, field] of definition.series.entries()) {
      const order = compareFieldValues(field, a.fields[index] ?? '', b.fields[index] ?? '');
      if (order !== 0) return order;
    }
    return 0;
  });
}

/** One series: every metric of the chart at every x value, null where it has no point. */
function toSeries(
  definition: ChartDefinition,
  key: string,
  group: SeriesGroup,
  index: number,
  xValues: number[],
  xOf: XPlacement['xOf'],
): ChartSeries {
  const label = definition.series
    .map((field, i) => FIELD_LABELS[field](group.fields[i] ?? ''))
    .join(', ');
  // Colour by model where series are models, so a model keeps its colour across charts; a
  // variant takes its model's colour and a dashed line.
  const model = definition.series[0] === 'model' ? (group.fields[0] as ModelId) : undefined;
  const base = model && toBaseModel(model);
  const colorIndex = base ? BASE_MODELS.indexOf(base) : index;
  const variant = model !== undefined && base !== model ? ({ variant: true } as const) : {};
  if (definition.sustainable) {
    const candidates = xValues.map((x) =>
      toRateCandidates(
        definition.id,
        group.points.filter((point) => xOf(point) === x),
      ),
    );
    return { key, label, colorIndex, ...variant, values: {}, candidates };
  }
  const byX = new Map(group.points.map((point) => [xOf(point), point]));
  const values: ChartSeries['values'] = {};
  for (const metric of definition.metrics) {
    values[metric] = xValues.map((x) => {
      const point = byX.get(x);
      return point ? readValue(point, metric) : null;
    });
  }
  return { key, label, colorIndex, ...variant, values };
}

/** The y scale each metric opens on: the registry's, or the one its medians call for. */
function chooseYScales(definition: ChartDefinition, series: ChartSeries[]) {
  return Object.fromEntries(
    definition.metrics.map((metric) => [
      metric,
      definition.yScale ??
        chooseYScale(series.flatMap((s) => (s.values[metric] ?? []).map((v) => v?.median ?? null))),
    ]),
  );
}

/**
 * Builds a chart's data from its definition and dataset. Throws a `ChartError` naming the
 * chart, the dataset file and the field when the definition does not fit the dataset.
 */
export function toChartData(definition: ChartDefinition, dataset: BenchDataset): ChartData {
  if (definition.dataset !== dataset.id) {
    throw new ChartError(
      definition.id,
      `names dataset "${definition.dataset}" but was given "${dataset.id}"`,
    );
  }
  const read = makeFieldReader(dataset);
  const points = selectPoints(definition, dataset, read);
  const { xOf, categories } = placeX(definition, dataset, points, read);
  const xValues = [...new Set(points.map(xOf))].sort((a, b) => a - b);

  let series = groupSeries(definition, dataset, points, xOf, read).map(([key, group], index) =>
    toSeries(definition, key, group, index, xValues, xOf),
  );
  let sustainable: ChartData['sustainable'];
  if (definition.sustainable) {
    const range = toObjectiveRange(dataset, definition.sustainable.defaultObjectiveMs);
    ({ series, sustainable } = initializeBars(series, range));
  }

  return {
    id: definition.id,
    title: definition.title,
    subtitle: fillSubtitle(definition.id, definition.subtitle, dataset, points),
    caption: definition.caption,
    dataset: dataset.id,
    // Categories sit at positions 0, 1, ...: a linear axis, whatever the definition says.
    x: categories
      ? { ...definition.x, scale: 'linear', values: xValues, categories }
      : { ...definition.x, values: xValues },
    metrics: [...definition.metrics],
    yScales: chooseYScales(definition, series),
    series,
    bounds: toBounds(definition, dataset, points),
    ...(sustainable && { sustainable }),
  };
}
