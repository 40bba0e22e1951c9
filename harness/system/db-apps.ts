/**
 * The database-backed apps (harness/apps/flask_app.py, django_items/, fastapi_app.py): their
 * entry points, the environment they read, and the pool size each worker model needs.
 * Every app answers /hello, /db, /slow-query?ms=N and /info with the same bodies.
 */
import type { ModelId } from '../../src/bench/schema.ts';

/** One app and its entry point per interface. */
export interface DbApp {
  id: 'flask' | 'django' | 'fastapi';
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
 */
export function advisePoolSize(model: ModelId, threads: number, app: DbApp): PoolAdvice {
  switch (model) {
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
  database: { DATABASE_URL: string; DB_ROWS: string };
  poolSize?: number;
  poolTimeoutS?: number;
  fastapiDriver?: (typeof FASTAPI_DRIVERS)[number];
  djangoConnections?: (typeof DJANGO_CONNECTIONS)[number];
}): Record<string, string> {
  const env: Record<string, string> = { ...options.database };
  if (options.poolSize !== undefined) env['DB_POOL_SIZE'] = String(options.poolSize);
  if (options.poolTimeoutS !== undefined) env['DB_POOL_TIMEOUT_S'] = String(options.poolTimeoutS);
  if (options.fastapiDriver) env['DB_DRIVER'] = options.fastapiDriver;
  if (options.djangoConnections) env['DJANGO_DB_CONNECTIONS'] = options.djangoConnections;
  return env;
}
