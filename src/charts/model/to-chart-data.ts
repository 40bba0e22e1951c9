/**
 * Dataset → chart data: the pure, DOM-free step that picks a chart's points out of a dataset,
 * groups them into series along the x axis and reads every metric the chart offers. The result
 * is small, plain JSON: it is what the page embeds for the browser, and what tables, CSV files,
 * summaries and `<Measured>` read. Nothing here rounds, smooths or fills in a value.
 */
import {
  AppIdSchema,
  DbAccessSchema,
  DbConnectionsSchema,
  DbRouteSchema,
} from '../../bench/database-schema.ts';
import { EndpointSchema, ModelIdSchema } from '../../bench/schema.ts';
import type { BenchDataset, BenchPoint } from '../../bench/schema.ts';
import { METRICS, type MetricId } from './metrics.ts';
import {
  CATEGORY_X_FIELDS,
  FIELD_LABELS,
  type CategoryXField,
  type PointField,
} from './point-fields.ts';
import type { ChartDefinition, ScaleType } from './chart-definition.ts';
import { describeDatasetFile, ChartError } from './chart-error.ts';
import { toBounds, type ChartBound } from './to-chart-bounds.ts';
import { chooseYScale } from './choose-y-scale.ts';
import { fillSubtitle } from './fill-subtitle.ts';

/** One metric at one point: the harness's median, min and max, and every repetition. */
export interface ChartValue {
  /** Median across repetitions, in the metric's display unit. */
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
}

/** One line of a chart. `values[metric][i]` belongs to `x.values[i]`; null is a gap. */
export interface ChartSeries {
  /** Stable key, used in URLs to hide the series. */
  key: string;
  /** Legend label. */
  label: string;
  /** Index into the theme's series colours. */
  colorIndex: number;
  values: Partial<Record<MetricId, (ChartValue | null)[]>>;
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
}

type FieldValue = string | number;

/**
 * A point's value of a field. The database fields are absent from points without a database:
 * those read as '' (no value), except `dbRoute`, whose absence the schema defines as `direct`.
 */
function readField(point: BenchPoint, field: PointField): FieldValue {
  if (field === 'dbRoute') return point.dbRoute ?? 'direct';
  return point[field] ?? '';
}

/** Where each point goes on the x axis, and the categories when the x field has named values. */
interface XPlacement {
  xOf: (point: BenchPoint) => number;
  categories?: { value: string; label: string }[];
}

function isCategoryField(field: ChartDefinition['x']['field']): field is CategoryXField {
  return (CATEGORY_X_FIELDS as readonly string[]).includes(field);
}

/**
 * Places points on x: by their numeric field, or for a categorical field at the position of
 * their value among the values present, in schema order. A point without a value (e.g. no
 * `poolSize`) cannot be placed and stops the build.
 */
function placeX(
  definition: ChartDefinition,
  dataset: BenchDataset,
  points: BenchPoint[],
): XPlacement {
  const field = definition.x.field;
  if (isCategoryField(field)) {
    const values = [...new Set(points.map((point) => String(readField(point, field))))].sort(
      (a, b) => compareFieldValues(field, a, b),
    );
    return {
      xOf: (point) => values.indexOf(String(readField(point, field))),
      categories: values.map((value) => ({ value, label: FIELD_LABELS[field](value) })),
    };
  }
  return {
    xOf: (point) => {
      const x = point[field];
      if (x === undefined) {
        throw new ChartError(
          definition.id,
          `point "${point.id}" of ${describeDatasetFile(dataset.id)} has no ${field} for the x axis; narrow "where"`,
        );
      }
      return x;
    },
  };
}

const ENUM_ORDER: Partial<Record<PointField, readonly string[]>> = {
  model: ModelIdSchema.options,
  endpoint: EndpointSchema.options,
  app: AppIdSchema.options,
  dbAccess: DbAccessSchema.options,
  dbConnections: DbConnectionsSchema.options,
  dbRoute: DbRouteSchema.options,
};

/** Orders field values as people expect: enums in schema order, numbers ascending. */
function compareFieldValues(field: PointField, a: FieldValue, b: FieldValue): number {
  const order = ENUM_ORDER[field];
  if (order) return order.indexOf(String(a)) - order.indexOf(String(b));
  return Number(a) - Number(b);
}

type PointFilter = ChartDefinition['where'][number];

/** Whether a point passes one filter (every listed field has a listed value). */
function matchesFilter(point: BenchPoint, filter: PointFilter): boolean {
  return (Object.entries(filter) as [PointField, FieldValue[]][]).every(([field, allowed]) =>
    allowed.includes(readField(point, field)),
  );
}

/** Keeps the points that pass any filter of the chart's `where`; every value must match something. */
function selectPoints(definition: ChartDefinition, dataset: BenchDataset): BenchPoint[] {
  const file = describeDatasetFile(dataset.id);
  for (const [index, filter] of definition.where.entries()) {
    for (const [field, allowed] of Object.entries(filter) as [PointField, FieldValue[]][]) {
      const present = new Set(dataset.points.map((point) => readField(point, field)));
      const missing = allowed.find((value) => !present.has(value));
      if (missing !== undefined) {
        const known = [...present].sort((a, b) => compareFieldValues(field, a, b)).join(', ');
        throw new ChartError(
          definition.id,
          `where[${index}].${field} value ${JSON.stringify(missing)} matches no point in ${file} (its ${field} values: ${known})`,
        );
      }
    }
  }
  const points =
    definition.where.length === 0
      ? dataset.points
      : dataset.points.filter((point) =>
          definition.where.some((filter) => matchesFilter(point, filter)),
        );
  if (points.length === 0) {
    throw new ChartError(definition.id, `its where filter leaves no point of ${file}`);
  }
  return points;
}

/** Reads one metric of one point, in display units; null when the point has no such measurement. */
function readValue(point: BenchPoint, metric: MetricId): ChartValue | null {
  const spec = METRICS[metric];
  const stat = spec.summary(point);
  if (stat === null) return null;
  const scale = (value: number) => value / spec.divisor;
  return {
    median: scale(stat.median),
    min: scale(stat.min),
    max: scale(stat.max),
    repetitions: point.repetitions.map((repetition) => {
      const value = spec.repetition(repetition);
      return value === null ? null : scale(value);
    }),
    noisy: point.summary.noisy,
    pointId: point.id,
  };
}

interface SeriesGroup {
  fields: FieldValue[];
  points: BenchPoint[];
}

/** Groups points into series by the definition's fields, in field order; one point per x. */
function groupSeries(
  definition: ChartDefinition,
  dataset: BenchDataset,
  points: BenchPoint[],
  xOf: XPlacement['xOf'],
): [string, SeriesGroup][] {
  const xField = definition.x.field;
  const groups = new Map<string, SeriesGroup>();
  for (const point of points) {
    const fields = definition.series.map((field) => readField(point, field));
    const key = fields.join('.');
    const group = groups.get(key) ?? { fields, points: [] };
    const x = xOf(point);
    const clash = group.points.find((other) => xOf(other) === x);
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
  const byX = new Map(group.points.map((point) => [xOf(point), point]));
  const values: ChartSeries['values'] = {};
  for (const metric of definition.metrics) {
    values[metric] = xValues.map((x) => {
      const point = byX.get(x);
      return point ? readValue(point, metric) : null;
    });
  }
  const label = definition.series
    .map((field, i) => FIELD_LABELS[field](group.fields[i] ?? ''))
    .join(', ');
  // Colour by model where series are models, so a model keeps its colour across charts.
  const model = definition.series[0] === 'model' ? String(group.fields[0]) : undefined;
  const colorIndex = model ? ModelIdSchema.options.indexOf(model as never) : index;
  return { key, label, colorIndex, values };
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
  const points = selectPoints(definition, dataset);
  const { xOf, categories } = placeX(definition, dataset, points);
  const xValues = [...new Set(points.map(xOf))].sort((a, b) => a - b);

  const series = groupSeries(definition, dataset, points, xOf).map(([key, group], index) =>
    toSeries(definition, key, group, index, xValues, xOf),
  );

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
    yScales: Object.fromEntries(
      definition.metrics.map((metric) => [
        metric,
        definition.yScale ??
          chooseYScale(
            series.flatMap((s) => (s.values[metric] ?? []).map((v) => v?.median ?? null)),
          ),
      ]),
    ),
    series,
    bounds: toBounds(definition, dataset, points),
  };
}
