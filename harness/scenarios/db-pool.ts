/**
 * A slow query with the pool size per process swept against a fixed max_connections: where the
 * pool, not the worker model, bounds throughput, and what each model does when requests wait
 * for a connection and when the database refuses one.
 */
import { SLOW_QUERY_MS } from '../../src/bench/endpoints.ts';
import type { ModelId } from '../../src/bench/schema.ts';
import type { PointSpec, ScenarioContext, ScenarioDefinition } from './scenario.ts';
import {
  buildDatabase,
  buildDbPoint,
  FASTAPI_ASYNCPG,
  FLASK,
  pickModels,
  type DbVariant,
} from './shared/database.ts';

/** Connections per process. */
export const POOL_SIZES = [1, 2, 5, 10, 20];
/**
 * max_connections of this scenario's database: a small database, or one shared by several app
 * servers. With PostgreSQL's 3 superuser-reserved slots the app may open 27, so three processes
 * with pools of 10 or 20 ask for more than it admits.
 */
export const MAX_CONNECTIONS = 30;
/** More clients than any configuration has connections: the pool, not the clients, binds. */
const CONCURRENCY = 128;
/**
 * Waiting for a pooled connection ends in a 503 after 1 s, before wrk gives up (2 s), so a
 * request that waited too long is answered and counted as the app's pool timeout.
 */
const POOL_TIMEOUT_S = 1;
/**
 * Pools open one connection at start and grow on demand to their size, so a process asks the
 * database for more while it serves requests and a refusal reaches a request, not the boot.
 */
const POOL_MIN_SIZE = 1;

const CONFIGURATIONS: ReadonlyArray<{ variant: DbVariant; models: readonly ModelId[] }> = [
  { variant: FLASK, models: ['gunicorn-sync', 'gunicorn-gthread', 'gunicorn-gevent'] },
  { variant: FASTAPI_ASYNCPG, models: ['uvicorn', 'gunicorn-uvicorn-worker'] },
];

function buildPoolPoints(ctx: ScenarioContext): PointSpec[] {
  return CONFIGURATIONS.flatMap(({ variant, models }) =>
    pickModels(ctx, models).flatMap((model) =>
      POOL_SIZES.map((poolSize) =>
        buildDbPoint(model, ctx, variant, {
          endpoint: 'slow-query',
          endpointMs: SLOW_QUERY_MS,
          concurrency: CONCURRENCY,
          poolSize,
          poolMinSize: POOL_MIN_SIZE,
          poolTimeoutS: POOL_TIMEOUT_S,
        }),
      ),
    ),
  );
}

export const scenario: ScenarioDefinition = {
  id: 'db-pool',
  description: `/slow-query?ms=${SLOW_QUERY_MS}: one primary-key lookup with pg_sleep(${SLOW_QUERY_MS} ms) in the same query, so every request holds a database connection for at least ${SLOW_QUERY_MS} ms and each connection serves at most ${1000 / SLOW_QUERY_MS} req/s. ${CONCURRENCY} closed-loop connections against Flask under gunicorn sync, gthread and gevent, and FastAPI with asyncpg under uvicorn and gunicorn's uvicorn worker, each at its default worker count, with ${POOL_SIZES.join(', ')} database connections per process. The pools open ${POOL_MIN_SIZE} connection at start and grow on demand to their size; a request waits at most ${POOL_TIMEOUT_S} s for one before the app answers 503 pool-timeout. PostgreSQL admits ${MAX_CONNECTIONS} connections (max_connections; ${MAX_CONNECTIONS - 3} for the app): three processes with pools of 10 or 20 ask for more, and what the database refuses is counted in its log and in the answers (503 database-unavailable). Little's law bounds throughput by processes x pool size x ${1000 / SLOW_QUERY_MS} req/s, and by the worker's own slots for sync and gthread.`,
  services: (ctx) => [buildDatabase(ctx, { maxConnections: MAX_CONNECTIONS })],
  build: buildPoolPoints,
};
