/** The point fields a chart can put on its x axis, split series by or filter on, and their labels. */
import { MODEL_LABELS } from '../../bench/catalog.ts';
import type { ModelId } from '../../bench/schema.ts';

/** Numeric point fields a chart can put on its x axis or split series by. */
export const NUMERIC_FIELDS = [
  'concurrency',
  'workers',
  'threads',
  'slowClients',
  'endpointMs',
] as const;
/** Every point field a chart can split series by or filter on. */
export const POINT_FIELDS = ['model', 'endpoint', ...NUMERIC_FIELDS] as const;
export type NumericField = (typeof NUMERIC_FIELDS)[number];
export type PointField = (typeof POINT_FIELDS)[number];

/** How a value of a point field reads in a series label. */
export const FIELD_LABELS: Record<PointField, (value: string | number) => string> = {
  model: (value) => MODEL_LABELS[value as ModelId] ?? String(value),
  endpoint: (value) => `/${value}`,
  concurrency: (value) => `${value} ${value === 1 ? 'connection' : 'connections'}`,
  workers: (value) => `${value} ${value === 1 ? 'worker' : 'workers'}`,
  threads: (value) => `${value} ${value === 1 ? 'thread' : 'threads'}`,
  slowClients: (value) => `${value} ${value === 1 ? 'slow client' : 'slow clients'}`,
  endpointMs: (value) => `${value} ms`,
};
