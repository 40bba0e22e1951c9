/**
 * The database-backed apps (harness/apps/flask_app.py, django_items/, fastapi_app.py): their
 * entry points, the environment they read, and the pool size each worker model needs.
 * Every app answers /hello, /db, /slow-query?ms=N and /info with the same bodies.
 */
import type {
  AppId,
  DbAccess,
  DbConnections,
  DbRoute,
  Driver,
} from '../../src/bench/database-schema.ts';
import { toBaseModel } from '../../src/bench/model-family.ts';
import type { ModelId } from '../../src/bench/schema.ts';
import { PGBOUNCER_URL_VAR } from './pgbouncer.ts';

/** One app and its entry point per interface. */
export interface DbApp {
  id: AppId;
  /** `module:attribute` for WSGI servers, when the app has a WSGI entry point. */
  wsgi: string | null;
  /** `module:attribute` for ASGI servers, when the app has an ASGI entry point. */
  asgi: string | null;
  /** The pool size the driver uses when DB_POOL_SIZE is unset (psycopg_pool 4, asyncpg 10). */
  driverDefaultPoolSize: number;
}

export const DB_APPS: readonly DbApp[] = [
  { id: 'flask', wsgi: 'flask_app:app', asgi: null, driverDefaultPoolSize: 4 },
  {
    id: 'django',
    wsgi: 'django_items.wsgi:application',
    asgi: 'django_items.asgi:application',
    driverDefaultPoolSize: 4,
  },
  { id: 'fastapi', wsgi: null, asgi: 'fastapi_app:app', driverDefaultPoolSize: 10 },
];

/**
 * Each driver's own default pool size: psycopg_pool's ConnectionPool min_size 4
 * (https://www.psycopg.org/psycopg3/docs/api/pool.html), asyncpg's create_pool min_size =
 * max_size 10 (https://magicstack.github.io/asyncpg/current/api/index.html).
 */
export const DRIVER_DEFAULT_POOL_SIZE: Readonly<Record<Driver, number>> = {
  psycopg: 4,
  asyncpg: 10,
};

/** DB_DRIVER of the FastAPI app; the URLs stay the same. */
export const FASTAPI_DRIVERS = [
  'asyncpg',
  'psycopg-async',
  'psycopg-sync-in-async',
  'psycopg-sync-def',
] as const;
/** DJANGO_DB_CONNECTIONS: per-request (CONN_MAX_AGE 0), persistent (CONN_MAX_AGE), pool (Django >= 5.1). */
export const DJANGO_CONNECTIONS = ['per-request', 'persistent', 'pool'] as const;

/** How many connections one process's pool should hold, and why. */
export interface PoolAdvice {
  size: number;
  why: string;
}

/**
 * The pool size per process that each worker model's own concurrency calls for:
 * - gunicorn sync: 1. A sync worker handles one request at a time (https://gunicorn.org/design/),
 *   so a second connection would never be used.
 * - gunicorn gthread: `threads`. Each thread handles one request at a time; fewer connections
 *   than threads make threads queue for the pool, more are never used.
 * - gevent and asyncio (uvicorn, gunicorn's uvicorn and asgi workers): no per-request bound
 *   (1000 greenlets per gevent worker by default; any number of tasks per event loop), and
 *   neither gunicorn, uvicorn nor the drivers give a formula, so the driver's own default:
 *   psycopg_pool min_size 4 (https://www.psycopg.org/psycopg3/docs/api/pool.html),
 *   asyncpg min_size = max_size 10 (https://magicstack.github.io/asyncpg/current/api/index.html).
 * An option variant (`--reuse-port`, `--http-parser python`) gets its base model's advice.
 */
export function advisePoolSize(model: ModelId, threads: number, app: DbApp): PoolAdvice {
  switch (toBaseModel(model)) {
    case 'gunicorn-sync':
      return { size: 1, why: 'a sync worker handles one request at a time' };
    case 'gunicorn-gthread':
      return { size: threads, why: `one connection per thread (${threads} threads per worker)` };
    default:
      return {
        size: app.driverDefaultPoolSize,
        why: `the driver's default pool size (${app.driverDefaultPoolSize}); ${model} has no per-request bound`,
      };
  }
}

/** Environment of an app process. Unset options keep the app's documented defaults. */
export function buildDbAppEnv(options: {
  database: Record<string, string>;
  poolSize?: number | undefined;
  poolMinSize?: number | undefined;
  poolTimeoutS?: number | undefined;
  fastapiDriver?: (typeof FASTAPI_DRIVERS)[number] | undefined;
  djangoConnections?: (typeof DJANGO_CONNECTIONS)[number] | undefined;
}): Record<string, string> {
  const env: Record<string, string> = { ...options.database };
  if (options.poolSize !== undefined) env['DB_POOL_SIZE'] = String(options.poolSize);
  if (options.poolMinSize !== undefined) env['DB_POOL_MIN_SIZE'] = String(options.poolMinSize);
  if (options.poolTimeoutS !== undefined) env['DB_POOL_TIMEOUT_S'] = String(options.poolTimeoutS);
  if (options.fastapiDriver) env['DB_DRIVER'] = options.fastapiDriver;
  if (options.djangoConnections) env['DJANGO_DB_CONNECTIONS'] = options.djangoConnections;
  return env;
}

/** What a point of a database scenario says about its app (the dataset's point fields). */
export interface DbPointFields {
  app: AppId;
  driver: Driver;
  dbAccess: DbAccess;
  dbConnections: DbConnections;
  dbRoute?: DbRoute | undefined;
  poolSize?: number | undefined;
  poolMinSize?: number | undefined;
  poolTimeoutS?: number | undefined;
}

/** The app's entry point and environment for one server configuration. */
export interface DbServerSetup {
  /** `module:attribute` the server loads. */
  app: string;
  /** DB_POOL_SIZE, DB_DRIVER, ... (the database's own exports come from its group). */
  env: Record<string, string>;
  /**
   * Variables set from another group's export: `{ DATABASE_URL: 'PGBOUNCER_DATABASE_URL' }`
   * sends the app through PgBouncer.
   */
  envFromExports: Record<string, string>;
}

/** DB_DRIVER of the FastAPI app for a driver and a way of calling it. */
export function toFastapiDriver(
  driver: Driver,
  access: DbAccess,
): (typeof FASTAPI_DRIVERS)[number] {
  if (driver === 'asyncpg' && access === 'async') return 'asyncpg';
  if (driver === 'psycopg' && access === 'async') return 'psycopg-async';
  if (driver === 'psycopg' && access === 'sync-in-async') return 'psycopg-sync-in-async';
  if (driver === 'psycopg' && access === 'thread-pool') return 'psycopg-sync-def';
  throw new Error(`the FastAPI app has no ${driver} driver called ${access}`);
}

/** The entry point and environment a point's server configuration runs its app with. */
export function buildDbServerSetup(
  point: DbPointFields,
  appInterface: 'wsgi' | 'asgi',
): DbServerSetup {
  const app = DB_APPS.find((a) => a.id === point.app);
  const entry = app?.[appInterface];
  if (!app || !entry) throw new Error(`the ${point.app} app has no ${appInterface} entry point`);
  // Django's persistent connections are one per thread: no pool, nothing to size.
  const pooled = point.dbConnections === 'pool';
  const env = buildDbAppEnv({
    database: {},
    poolSize: pooled ? point.poolSize : undefined,
    poolMinSize: pooled ? point.poolMinSize : undefined,
    poolTimeoutS: pooled ? point.poolTimeoutS : undefined,
    fastapiDriver: app.id === 'fastapi' ? toFastapiDriver(point.driver, point.dbAccess) : undefined,
    djangoConnections: app.id === 'django' ? point.dbConnections : undefined,
  });
  const envFromExports: Record<string, string> =
    point.dbRoute === 'pgbouncer' ? { DATABASE_URL: PGBOUNCER_URL_VAR } : {};
  return { app: entry, env, envFromExports };
}

/**
 * A short name of how a point reaches the database, unique per configuration, for point and
 * server ids: `flask-psycopg-pool4`, `django-psycopg-persistent4`,
 * `fastapi-psycopg-sync-in-async-pool4`, `fastapi-asyncpg-pool20min1-timeout1s`.
 */
export function describeDbSetup(point: DbPointFields): string {
  const access =
    point.dbAccess === 'sync' || point.dbAccess === 'async' ? '' : `-${point.dbAccess}`;
  const min = point.poolMinSize === undefined ? '' : `min${point.poolMinSize}`;
  const timeout = point.poolTimeoutS === undefined ? '' : `-timeout${point.poolTimeoutS}s`;
  const route = point.dbRoute === 'pgbouncer' ? '-pgbouncer' : '';
  return `${point.app}-${point.driver}${access}-${point.dbConnections}${point.poolSize ?? ''}${min}${timeout}${route}`;
}

/** Python modules a point's app needs in the target (the probe's names). */
export function listDbModules(
  point: Pick<DbPointFields, 'app' | 'driver' | 'dbConnections'>,
): string[] {
  const driver = point.driver === 'asyncpg' ? ['asyncpg'] : ['psycopg'];
  const pool = point.dbConnections === 'pool' && point.driver === 'psycopg' ? ['psycopg_pool'] : [];
  return [point.app, ...driver, ...pool];
}
