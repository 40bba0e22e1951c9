/** The point fields a chart can put on its x axis, split series by or filter on, and their labels. */
import { MODEL_LABELS } from '../../bench/catalog.ts';
import type { AppId, DbAccess, DbConnections, DbRoute } from '../../bench/database-schema.ts';
import type { ModelId } from '../../bench/schema.ts';

/**
 * Numeric fields of a point's configuration, read as stored (subtitles name them through
 * placeholders, `fill-subtitle.ts`).
 */
export const CONFIG_FIELDS = [
  'concurrency',
  'workers',
  'threads',
  'slowClients',
  'endpointMs',
  'poolSize',
] as const;
/**
 * Numeric fields read from an open-loop point's load (`read-point-field.ts`): the offered rate
 * (`openLoop.rateRps`), its share of the capacity, and for the closed-versus-open comparison
 * the wrk connections of the closed-loop point (its own, or the one whose rate it offers).
 */
export const LOAD_FIELDS = ['offeredRps', 'share', 'closedConnections'] as const;
/** Numeric point fields a chart can put on its x axis or split series by. */
export const NUMERIC_FIELDS = [...CONFIG_FIELDS, ...LOAD_FIELDS] as const;
/**
 * Every point field a chart can split series by or filter on. The database fields (`app` to
 * `poolSize`) are absent from points without a database; such a point has no value for them.
 */
export const POINT_FIELDS = [
  'model',
  'endpoint',
  // How the load was sent: `closed` (wrk), or the open loop's arrivals (`constant`, `poisson`).
  'load',
  'app',
  'dbAccess',
  'dbConnections',
  'dbRoute',
  // The container scenarios: the CPU quota, how the app was loaded, when a worker restarts.
  'cpuLimit',
  'appLoading',
  'maxRequests',
  ...NUMERIC_FIELDS,
] as const;
/**
 * Fields with a few named values that a chart can put on its x axis as categories, one position
 * each, in schema order (e.g. the route: straight to PostgreSQL, then through PgBouncer).
 */
export const CATEGORY_X_FIELDS = [
  'dbRoute',
  'endpoint',
  'app',
  'load',
  'cpuLimit',
  'appLoading',
  'maxRequests',
] as const;
/** Every field a chart can put on its x axis. */
export const X_FIELDS = [...NUMERIC_FIELDS, ...CATEGORY_X_FIELDS] as const;
export type NumericField = (typeof NUMERIC_FIELDS)[number];
export type ConfigField = (typeof CONFIG_FIELDS)[number];
export type CategoryXField = (typeof CATEGORY_X_FIELDS)[number];
export type XField = (typeof X_FIELDS)[number];
export type PointField = (typeof POINT_FIELDS)[number];

const APP_LABELS: Record<AppId, string> = {
  plain: 'no framework',
  'plain-leak': 'no framework, leaking',
  flask: 'Flask',
  django: 'Django',
  fastapi: 'FastAPI',
};

const DB_ACCESS_LABELS: Record<DbAccess, string> = {
  sync: 'sync driver',
  async: 'async driver, awaited',
  'sync-in-async': 'sync driver inside async def',
  'sync-to-async': 'sync view through sync_to_async',
  'thread-pool': 'plain def, in the thread pool',
};

const DB_CONNECTIONS_LABELS: Record<DbConnections, string> = {
  pool: 'connection pool',
  persistent: 'persistent connections (CONN_MAX_AGE)',
  'per-request': 'a connection per request',
};

const LOAD_LABELS: Record<string, string> = {
  closed: 'closed loop (wrk)',
  constant: 'open loop, evenly spaced',
  poisson: 'open loop, Poisson',
};

/**
 * How a gunicorn server loaded the app (`options.preload`, `options.gcFreeze`): each worker
 * imports it (the default, and the only way for servers that spawn instead of forking), the
 * master imports it before forking (`--preload`), or that and `gc.freeze()` before each fork.
 */
export const APP_LOADING_VALUES = ['per-worker', 'preload', 'preload-gc-freeze'] as const;
export type AppLoading = (typeof APP_LOADING_VALUES)[number];

const APP_LOADING_LABELS: Record<AppLoading, string> = {
  'per-worker': 'each worker imports the app',
  preload: '--preload',
  'preload-gc-freeze': '--preload and gc.freeze()',
};

const DB_ROUTE_LABELS: Record<DbRoute, string> = {
  direct: 'straight to PostgreSQL',
  pgbouncer: 'through PgBouncer',
};

/** How a value of a point field reads in a series label. */
export const FIELD_LABELS: Record<PointField, (value: string | number) => string> = {
  model: (value) => MODEL_LABELS[value as ModelId] ?? String(value),
  endpoint: (value) => `/${value}`,
  load: (value) => LOAD_LABELS[String(value)] ?? String(value),
  offeredRps: (value) => `${value} req/s offered`,
  share: (value) => `${Math.round(Number(value) * 100)} % of capacity`,
  closedConnections: (value) =>
    `${value} wrk ${value === 1 ? 'connection' : 'connections'} (or their rate)`,
  concurrency: (value) => `${value} ${value === 1 ? 'connection' : 'connections'}`,
  workers: (value) => `${value} ${value === 1 ? 'worker' : 'workers'}`,
  threads: (value) => `${value} ${value === 1 ? 'thread' : 'threads'}`,
  slowClients: (value) => `${value} ${value === 1 ? 'slow client' : 'slow clients'}`,
  endpointMs: (value) => `${value} ms`,
  poolSize: (value) => `pool of ${value}`,
  app: (value) => APP_LABELS[value as AppId] ?? String(value),
  dbAccess: (value) => DB_ACCESS_LABELS[value as DbAccess] ?? String(value),
  dbConnections: (value) => DB_CONNECTIONS_LABELS[value as DbConnections] ?? String(value),
  dbRoute: (value) => DB_ROUTE_LABELS[value as DbRoute] ?? String(value),
  cpuLimit: (value) => (value === 'none' ? 'no CPU limit' : `${value} CPU`),
  appLoading: (value) => APP_LOADING_LABELS[value as AppLoading] ?? String(value),
  maxRequests: (value) =>
    Number(value) === 0 ? 'no max requests' : `restart after ${value} requests (+ jitter)`,
};
