/**
 * Which points of a dataset a chart draws (its `where`), and where each goes on the x axis.
 * Pure; `to-chart-data.ts` builds the series from what these return.
 */
import type { BenchDataset, BenchPoint } from '../../bench/schema.ts';
import type { ChartDefinition } from './chart-definition.ts';
import { ChartError, describeDatasetFile } from './chart-error.ts';
import {
  CATEGORY_X_FIELDS,
  FIELD_LABELS,
  type CategoryXField,
  type PointField,
} from './point-fields.ts';
import { compareFieldValues, type FieldReader, type FieldValue } from './read-point-field.ts';

/** Where each point goes on the x axis, and the categories when the x field has named values. */
export interface XPlacement {
  xOf: (point: BenchPoint) => number;
  categories?: { value: string; label: string }[];
}

function isCategoryField(field: ChartDefinition['x']['field']): field is CategoryXField {
  return (CATEGORY_X_FIELDS as readonly string[]).includes(field);
}

/**
 * Places points on x: by their numeric field, or for a categorical field at the position of
 * their value among the values present, in schema order. A point without a value (e.g. no
 * `poolSize`, or no offered rate in a closed-loop point) cannot be placed and stops the build.
 */
export function placeX(
  definition: ChartDefinition,
  dataset: BenchDataset,
  points: BenchPoint[],
  read: FieldReader,
): XPlacement {
  const field = definition.x.field;
  if (isCategoryField(field)) {
    const values = [...new Set(points.map((point) => String(read(point, field))))].sort((a, b) =>
      compareFieldValues(field, a, b),
    );
    return {
      xOf: (point) => values.indexOf(String(read(point, field))),
      categories: values.map((value) => ({ value, label: FIELD_LABELS[field](value) })),
    };
  }
  return {
    xOf: (point) => {
      const x = read(point, field);
      if (typeof x !== 'number') {
        throw new ChartError(
          definition.id,
          `point "${point.id}" of ${describeDatasetFile(dataset.id)} has no ${field} for the x axis; narrow "where"`,
        );
      }
      return x;
    },
  };
}

type PointFilter = ChartDefinition['where'][number];

/** Whether a point passes one filter (every listed field has a listed value). */
function matchesFilter(point: BenchPoint, filter: PointFilter, read: FieldReader): boolean {
  return (Object.entries(filter) as [PointField, FieldValue[]][]).every(([field, allowed]) =>
    allowed.includes(read(point, field)),
  );
}

/** Keeps the points that pass any filter of the chart's `where`; every value must match something. */
export function selectPoints(
  definition: ChartDefinition,
  dataset: BenchDataset,
  read: FieldReader,
): BenchPoint[] {
  const file = describeDatasetFile(dataset.id);
  for (const [index, filter] of definition.where.entries()) {
    for (const [field, allowed] of Object.entries(filter) as [PointField, FieldValue[]][]) {
      const present = new Set(dataset.points.map((point) => read(point, field)));
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
          definition.where.some((filter) => matchesFilter(point, filter, read)),
        );
  if (points.length === 0) {
    throw new ChartError(definition.id, `its where filter leaves no point of ${file}`);
  }
  return points;
}
