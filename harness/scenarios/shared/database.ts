/**
 * What the database scenarios (db-*.ts, quick-db.ts) share: how each framework app reaches
 * PostgreSQL under each model, the pool size each model's documentation calls for, where the
 * database runs and why, and the database group itself.
 */
import { toBaseModel } from '../../../src/bench/model-family.ts';
import type { ModelId } from '../../../src/bench/schema.ts';
import {
  advisePoolSize,
  DB_APPS,
  DRIVER_DEFAULT_POOL_SIZE,
  type DbPointFields,
} from '../../system/db-apps.ts';
import type { GroupSpec } from '../../system/group.ts';
import type { ModelSpec } from '../../system/models.ts';
import { postgresGroup } from '../../system/postgres-group.ts';
import { withDefaults, type PointSpec, type ScenarioContext } from '../scenario.ts';

/** How an app reaches the database, before its pool is sized. */
export type DbVariant = Pick<DbPointFields, 'app' | 'driver' | 'dbAccess' | 'dbConnections'>;

/**
 * Windows of db-mistakes, whose /db points keep the server CPU busy, s: twice the default (its
 * median throughput CV was 6.0 % in 3 s windows, 5.9 % in these). db-frameworks was recorded in
 * them once too (its committed dataset, 13.7 %) and went back to the default: 6 s did not narrow
 * its spread and took 20.9 minutes, over the 20 a database scenario may take.
 */
export const DB_CPU_BOUND_WINDOW_S = 6;

/** Flask, psycopg 3 and psycopg_pool's ConnectionPool in every process (flask_app.py). */
export const FLASK: DbVariant = {
  app: 'flask',
  driver: 'psycopg',
  dbAccess: 'sync',
  dbConnections: 'pool',
};

/** FastAPI with asyncpg's pool, `async def` endpoints (fastapi_app.py, DB_DRIVER=asyncpg). */
export const FASTAPI_ASYNCPG: DbVariant = {
  app: 'fastapi',
  driver: 'asyncpg',
  dbAccess: 'async',
  dbConnections: 'pool',
};

/** The mistake: psycopg's blocking pool called inside `async def` (DB_DRIVER=psycopg-sync-in-async). */
export const FASTAPI_SYNC_IN_ASYNC: DbVariant = {
  ...FASTAPI_ASYNCPG,
  driver: 'psycopg',
  dbAccess: 'sync-in-async',
};

/** FastAPI's advice for a library without `await`: plain `def` endpoints, run in its thread pool. */
export const FASTAPI_THREAD_POOL: DbVariant = {
  ...FASTAPI_ASYNCPG,
  driver: 'psycopg',
  dbAccess: 'thread-pool',
};

/**
 * Django's ORM with its connection handling as django_items/settings.py defaults it for the
 * server: under WSGI persistent connections (CONN_MAX_AGE, one per thread), except under gevent,
 * where every greenlet is a thread to Django and they would pile up, so Django's pool (5.1+);
 * under ASGI the sync views run through sync_to_async, with Django's pool, as its docs advise
 * ("persistent connections should be disabled" under ASGI).
 */
export function selectDjangoVariant(model: ModelSpec): DbVariant {
  const base = { app: 'django', driver: 'psycopg' } as const;
  if (model.appInterface === 'asgi')
    return { ...base, dbAccess: 'sync-to-async', dbConnections: 'pool' };
  if (toBaseModel(model.id) === 'gunicorn-gevent')
    return { ...base, dbAccess: 'sync', dbConnections: 'pool' };
  return { ...base, dbAccess: 'sync', dbConnections: 'persistent' };
}

/** Django with its default CONN_MAX_AGE = 0: a new connection for every request. */
export const DJANGO_PER_REQUEST: DbVariant = {
  app: 'django',
  driver: 'psycopg',
  dbAccess: 'sync',
  dbConnections: 'per-request',
};

/**
 * Connections per process for a variant under a model (advisePoolSize in db-apps.ts: one per
 * sync worker, one per gthread thread, else the driver's own default), what Django's
 * persistent connections come to (one per thread), and none for a connection per request.
 */
export function advisePoolSizeFor(
  variant: DbVariant,
  model: ModelId,
  threads: number,
): number | null {
  if (variant.dbConnections === 'per-request') return null;
  if (variant.dbConnections === 'persistent')
    return toBaseModel(model) === 'gunicorn-gthread' ? threads : 1;
  const app = DB_APPS.find((a) => a.id === variant.app);
  if (!app) throw new Error(`no database app ${variant.app}`);
  const driverDefault = DRIVER_DEFAULT_POOL_SIZE[variant.driver];
  return advisePoolSize(model, threads, { ...app, driverDefaultPoolSize: driverDefault }).size;
}

/** A point of a database app: the model's defaults, the variant, and its pool as advised. */
export function buildDbPoint(
  model: ModelSpec,
  ctx: ScenarioContext,
  variant: DbVariant,
  point: Partial<PointSpec> & Pick<PointSpec, 'endpoint' | 'concurrency'>,
): PointSpec {
  const base = withDefaults(model, ctx, point);
  const poolSize = point.poolSize ?? advisePoolSizeFor(variant, model.id, base.threads);
  return { ...base, ...variant, ...(poolSize === null ? {} : { poolSize }) };
}

/** The models of `ids` the target can run, in that order. */
export function pickModels(ctx: ScenarioContext, ids: readonly ModelId[]): ModelSpec[] {
  return ids.flatMap((id) => ctx.models.filter((m) => m.id === id));
}

/**
 * Where the database runs, why, and what it implies; recorded in every database dataset
 * (`groups[].database.placementNote`) and explained in bench-data/README.md.
 */
export const DATABASE_PLACEMENT_NOTE =
  'PostgreSQL runs on the client CPU, beside wrk and the harness, not on the server CPU: the ' +
  'server under test keeps its CPU to itself, as an app server does when its database runs on ' +
  'another machine, so every worker model is compared on the same CPU budget. So the ' +
  "database's CPU is not in serverCpuCores: the whole cost of a request is the server's CPU " +
  "plus the database's (groups.postgres.cpuCores), both per repetition. The database shares " +
  'its CPU with wrk: a repetition whose client CPUs were nearly saturated ' +
  '(clientCpuBusyShare) may have been paced by wrk or the database rather than by the server, ' +
  'and is flagged. And the database is reached over loopback: a database on another machine ' +
  'adds a network round trip to every query, which the models that overlap their waits ' +
  '(gevent, asyncio, threads) hide better than one sync worker per request can.';

/** The database every database scenario runs beside the server, on the client CPUs. */
export function buildDatabase(
  ctx: ScenarioContext,
  options: { rows?: number; maxConnections?: number } = {},
): GroupSpec {
  return postgresGroup({
    ...ctx.postgres,
    ...options,
    placement: 'client',
    placementNote: DATABASE_PLACEMENT_NOTE,
  });
}
