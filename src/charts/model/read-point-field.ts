/**
 * Reads a point's value of a chart field (`point-fields.ts`), including the fields an open-loop
 * point keeps in its load (`openLoop`) or that need the rest of the dataset (the closed-loop
 * point whose rate an open-loop point offers), and orders field values as people expect.
 */
import {
  AppIdSchema,
  DbAccessSchema,
  DbConnectionsSchema,
  DbRouteSchema,
} from '../../bench/database-schema.ts';
import { EndpointSchema, ModelIdSchema } from '../../bench/schema.ts';
import type { BenchDataset, BenchPoint } from '../../bench/schema.ts';
import { APP_LOADING_VALUES, type AppLoading, type PointField } from './point-fields.ts';

/** A field's value: a name or a number. */
export type FieldValue = string | number;

/** Reads one field of one point of the dataset it was made for; '' where the point has none. */
export type FieldReader = (point: BenchPoint, field: PointField) => FieldValue;

/** The open loop's arrivals, after `closed` for wrk's points. */
const LOAD_ORDER = ['closed', 'constant', 'poisson'] as const;

const ENUM_ORDER: Partial<Record<PointField, readonly string[]>> = {
  model: ModelIdSchema.options,
  endpoint: EndpointSchema.options,
  load: LOAD_ORDER,
  app: AppIdSchema.options,
  dbAccess: DbAccessSchema.options,
  dbConnections: DbConnectionsSchema.options,
  dbRoute: DbRouteSchema.options,
  appLoading: APP_LOADING_VALUES,
};

/** A CPU quota's rank: no limit first, then the quotas from the largest to the smallest. */
const rankCpuLimit = (value: FieldValue): number =>
  value === 'none' ? -Number.MAX_VALUE : -Number(value);

/** Orders field values as people expect: enums in schema order, numbers ascending. */
export function compareFieldValues(field: PointField, a: FieldValue, b: FieldValue): number {
  if (field === 'cpuLimit') return rankCpuLimit(a) - rankCpuLimit(b);
  const order = ENUM_ORDER[field];
  if (order) return order.indexOf(String(a)) - order.indexOf(String(b));
  return Number(a) - Number(b);
}

/**
 * The wrk connections each point stands for: a closed-loop point's own, and for an open-loop
 * point whose rate is that of a closed-loop point (`capacities[].pointId`), that point's.
 */
function mapClosedConnections(dataset: BenchDataset): Map<string, number> {
  const byId = new Map(dataset.points.map((point) => [point.id, point]));
  const capacities = new Map((dataset.capacities ?? []).map((c) => [c.id, c]));
  const connections = new Map<string, number>();
  for (const point of dataset.points) {
    if (!point.openLoop) {
      connections.set(point.id, point.concurrency);
      continue;
    }
    const pointId = capacities.get(point.openLoop.capacityId)?.pointId;
    const closed = pointId === undefined ? undefined : byId.get(pointId);
    if (closed) connections.set(point.id, closed.concurrency);
  }
  return connections;
}

/** How a point's server loaded the app; a point without options used the server's default. */
function readAppLoading(point: BenchPoint): AppLoading {
  if (!point.options?.preload) return 'per-worker';
  return point.options.gcFreeze ? 'preload-gc-freeze' : 'preload';
}

/**
 * A reader of `dataset`'s points. The database fields are absent from points without a
 * database, and the load fields from closed-loop points: those read as '' (no value), except
 * `dbRoute`, whose absence the schema defines as `direct`, and `load`, which is `closed`. The
 * container fields read what an absence means: no CPU quota (`none`, the quota in CPUs
 * otherwise, as a string so that it is a category), the app imported by each worker, and no
 * worker restart (`maxRequests` 0).
 */
export function makeFieldReader(dataset: BenchDataset): FieldReader {
  let closedConnections: Map<string, number> | undefined;
  return (point, field) => {
    switch (field) {
      case 'dbRoute':
        return point.dbRoute ?? 'direct';
      case 'load':
        return point.openLoop?.arrival ?? 'closed';
      case 'offeredRps':
        return point.openLoop?.rateRps ?? '';
      case 'share':
        return point.openLoop?.share ?? '';
      case 'cpuLimit':
        return point.limits?.cpus == null ? 'none' : String(point.limits.cpus);
      case 'appLoading':
        return readAppLoading(point);
      case 'maxRequests':
        return point.options?.maxRequests ?? 0;
      case 'closedConnections':
        closedConnections ??= mapClosedConnections(dataset);
        return closedConnections.get(point.id) ?? '';
      default:
        return point[field] ?? '';
    }
  };
}
