/** Flask, Django and FastAPI under their worker models, one indexed lookup per request. */
import type { ModelId } from '../../src/bench/schema.ts';
import type { ModelSpec } from '../system/models.ts';
import { DEFAULT_ROWS } from '../system/postgres-config.ts';
import {
  SWEEP,
  type PointSpec,
  type ScenarioContext,
  type ScenarioDefinition,
} from './scenario.ts';
import {
  buildDatabase,
  buildDbPoint,
  FASTAPI_ASYNCPG,
  FLASK,
  pickModels,
  selectDjangoVariant,
  type DbVariant,
} from './shared/database.ts';

/** Each app under the models its documentation deploys it with. */
const WSGI: readonly ModelId[] = ['gunicorn-sync', 'gunicorn-gthread', 'gunicorn-gevent'];
const FASTAPI_MODELS: readonly ModelId[] = ['uvicorn', 'gunicorn-uvicorn-worker', 'gunicorn-asgi'];

function buildFrameworkPoints(ctx: ScenarioContext): PointSpec[] {
  const sweep = (ids: readonly ModelId[], variantOf: (model: ModelSpec) => DbVariant) =>
    pickModels(ctx, ids).flatMap((model) =>
      SWEEP.map((concurrency) =>
        buildDbPoint(model, ctx, variantOf(model), { endpoint: 'db', concurrency }),
      ),
    );
  return [
    ...sweep(WSGI, () => FLASK),
    ...sweep([...WSGI, 'uvicorn'], selectDjangoVariant),
    ...sweep(FASTAPI_MODELS, () => FASTAPI_ASYNCPG),
  ];
}

export const scenario: ScenarioDefinition = {
  id: 'db-frameworks',
  description: `Flask (psycopg 3 and psycopg_pool) under gunicorn's sync, gthread and gevent workers; Django's ORM under the same three and under uvicorn (its sync views through sync_to_async); FastAPI with asyncpg under uvicorn, gunicorn's uvicorn worker and gunicorn's native asgi worker: every model at its default worker count, each app serving /db (one primary-key lookup of a random row among ${DEFAULT_ROWS.toLocaleString('en')} in PostgreSQL, as JSON) to ${SWEEP.join(', ')} closed-loop connections. Pool sizes as each model calls for: one connection per sync worker, one per gthread thread, the driver's default where a process runs requests without a bound (psycopg_pool 4, asyncpg 10); Django keeps one persistent connection per thread under WSGI and uses its own pool under gevent and ASGI. PostgreSQL runs on the client CPU; its CPU and memory are recorded beside the server's.`,
  services: (ctx) => [buildDatabase(ctx)],
  build: buildFrameworkPoints,
};
