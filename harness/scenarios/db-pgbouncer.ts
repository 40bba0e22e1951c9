/**
 * PgBouncer in transaction mode in front of the database: the configurations of db-pool whose
 * pools ask for more connections than max_connections admits, and Django's connection per
 * request, each straight to PostgreSQL and through PgBouncer.
 */
import { SLOW_QUERY_MS } from '../../src/bench/endpoints.ts';
import type { DbRoute } from '../../src/bench/database-schema.ts';
import type { ModelId } from '../../src/bench/schema.ts';
import { pgbouncerGroup } from '../system/pgbouncer.ts';
import { countGunicornWorkers } from '../system/worker-counts.ts';
import { MAX_CONNECTIONS } from './db-pool.ts';
import type { PointSpec, ScenarioContext, ScenarioDefinition } from './scenario.ts';
import {
  buildDatabase,
  buildDbPoint,
  DJANGO_PER_REQUEST,
  FASTAPI_ASYNCPG,
  FLASK,
  pickModels,
  type DbVariant,
} from './shared/database.ts';

/** Server connections PgBouncer opens (its default, 20): within the 27 the app may have. */
const DEFAULT_POOL_SIZE = 20;
const CONCURRENCY = 128;
const ROUTES: readonly DbRoute[] = ['direct', 'pgbouncer'];

/** Pools that grow from 1 to 20 per process (3 x 20 > 27), as in db-pool; and a connection per request. */
const GROWING = { poolSize: 20, poolMinSize: 1, poolTimeoutS: 1 };
const CONFIGURATIONS: ReadonlyArray<{
  model: ModelId;
  variant: DbVariant;
  endpoint: 'db' | 'slow-query';
  pool?: typeof GROWING;
  /** Workers for `cpus` server CPUs where this scenario departs from the model's advised count. */
  workers?: (cpus: number) => number;
}> = [
  {
    model: 'gunicorn-uvicorn-worker',
    variant: FASTAPI_ASYNCPG,
    endpoint: 'slow-query',
    pool: GROWING,
    // Gunicorn's general (2 x cores) + 1, not its ASGI guide's one per core (worker-counts.ts):
    // one process's pool of 20 fits in max_connections, and the experiment is pools that do not.
    workers: countGunicornWorkers,
  },
  { model: 'gunicorn-gevent', variant: FLASK, endpoint: 'slow-query', pool: GROWING },
  // A new connection per request costs the database a backend (a fork) each: PgBouncer keeps them.
  { model: 'gunicorn-gthread', variant: DJANGO_PER_REQUEST, endpoint: 'db' },
];

function buildPgbouncerPoints(ctx: ScenarioContext): PointSpec[] {
  return CONFIGURATIONS.flatMap(({ model: id, variant, endpoint, pool, workers }) =>
    pickModels(ctx, [id]).flatMap((model) =>
      ROUTES.map((dbRoute) =>
        buildDbPoint(model, ctx, variant, {
          endpoint,
          endpointMs: endpoint === 'slow-query' ? SLOW_QUERY_MS : 0,
          concurrency: CONCURRENCY,
          dbRoute,
          ...pool,
          // --workers still wins, as everywhere.
          ...(workers && ctx.workers === undefined ? { workers: workers(ctx.serverCpuCount) } : {}),
        }),
      ),
    ),
  );
}

export const scenario: ScenarioDefinition = {
  id: 'db-pgbouncer',
  description: `PgBouncer in transaction mode (default_pool_size ${DEFAULT_POOL_SIZE}) between the app and PostgreSQL (max_connections ${MAX_CONNECTIONS}, ${MAX_CONNECTIONS - 3} for the app), beside the same app going straight to PostgreSQL, at ${CONCURRENCY} closed-loop connections: FastAPI with asyncpg under gunicorn's uvicorn worker (at gunicorn's general 2 x cores + 1 workers, not its ASGI guide's one per core, so that its pools too ask for more than the database admits) and Flask under gunicorn's gevent worker on /slow-query?ms=${SLOW_QUERY_MS}, each with pools growing from 1 to 20 connections per process (3 x 20 client connections, more than the database admits) and a 1 s pool timeout; and Django under gunicorn gthread with CONN_MAX_AGE = 0, its default, which opens a connection for every request, on /db. Through PgBouncer, the database sees at most ${DEFAULT_POOL_SIZE} connections however many the app opens. PgBouncer and PostgreSQL run on the client CPU, each measured as a group.`,
  services: (ctx) => [
    buildDatabase(ctx, { maxConnections: MAX_CONNECTIONS }),
    pgbouncerGroup({
      placement: 'client',
      defaultPoolSize: DEFAULT_POOL_SIZE,
      maxClientConn: 1000,
    }),
  ],
  build: buildPgbouncerPoints,
};
