/**
 * Two mistakes beside the right way: the sync driver called inside `async def` (FastAPI), and
 * Django's sync views served under ASGI, where Django runs each through sync_to_async.
 */
import { SLOW_QUERY_MS } from '../../src/bench/endpoints.ts';
import type { ModelId } from '../../src/bench/schema.ts';
import type { PointSpec, ScenarioContext, ScenarioDefinition } from './scenario.ts';
import {
  buildDatabase,
  buildDbPoint,
  DB_CPU_BOUND_WINDOW_S,
  FASTAPI_ASYNCPG,
  FASTAPI_SYNC_IN_ASYNC,
  FASTAPI_THREAD_POOL,
  pickModels,
  selectDjangoVariant,
  type DbVariant,
} from './shared/database.ts';

const LEVELS = [1, 16, 64, 256];

const CONFIGURATIONS: ReadonlyArray<{ model: ModelId; variant?: DbVariant }> = [
  // FastAPI: the right way (an async driver), the mistake, and FastAPI's advice for a sync driver.
  { model: 'uvicorn', variant: FASTAPI_ASYNCPG },
  { model: 'uvicorn', variant: FASTAPI_SYNC_IN_ASYNC },
  { model: 'uvicorn', variant: FASTAPI_THREAD_POOL },
  // Django's sync views under ASGI, and under WSGI threads, as its docs advise for sync code.
  { model: 'uvicorn' },
  { model: 'gunicorn-gthread' },
];

function buildMistakePoints(ctx: ScenarioContext): PointSpec[] {
  return CONFIGURATIONS.flatMap(({ model: id, variant }) =>
    pickModels(ctx, [id]).flatMap((model) =>
      (['db', 'slow-query'] as const).flatMap((endpoint) =>
        LEVELS.map((concurrency) =>
          buildDbPoint(model, ctx, variant ?? selectDjangoVariant(model), {
            endpoint,
            endpointMs: endpoint === 'slow-query' ? SLOW_QUERY_MS : 0,
            concurrency,
          }),
        ),
      ),
    ),
  );
}

export const scenario: ScenarioDefinition = {
  id: 'db-mistakes',
  description: `Two mistakes beside the right way, on /db and on /slow-query?ms=${SLOW_QUERY_MS}, at ${LEVELS.join(', ')} closed-loop connections. FastAPI under uvicorn three ways: asyncpg awaited in async def (the right way); psycopg's blocking pool called inside async def (the mistake: every query stops the event loop); plain def endpoints with the same blocking pool, which FastAPI runs in its thread pool (its documented advice for a library without await). Django's sync views under uvicorn, where Django runs each request's view through sync_to_async in a thread of its own, with Django's pool as its docs advise for ASGI; and the same views under gunicorn's gthread worker with persistent connections, the WSGI deployment its docs advise for sync code. Each at its default worker count and advised pool size; PostgreSQL on the client CPU.`,
  services: (ctx) => [buildDatabase(ctx)],
  settings: { durationS: DB_CPU_BOUND_WINDOW_S },
  build: buildMistakePoints,
};
