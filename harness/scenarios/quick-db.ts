/**
 * The quick smoke recording with a real PostgreSQL, for the tests: Flask under one gunicorn sync
 * worker (db and a slow query, which Little's law bounds at one connection x 50 req/s) and
 * FastAPI with asyncpg under one uvicorn process with a pool of 2 (the pool bounds the slow
 * query at 2 x 50 req/s). Runs on Debian 12's packages and on the sid root alike.
 */
import { SLOW_QUERY_MS } from '../../src/bench/endpoints.ts';
import { QUICK_ROWS } from '../system/postgres-config.ts';
import type { PointSpec, ScenarioContext, ScenarioDefinition } from './scenario.ts';
import {
  buildDatabase,
  buildDbPoint,
  FASTAPI_ASYNCPG,
  FLASK,
  pickModels,
} from './shared/database.ts';

const CONCURRENCY = 4;

function buildQuickDbPoints(ctx: ScenarioContext): PointSpec[] {
  const slow = {
    endpoint: 'slow-query',
    endpointMs: SLOW_QUERY_MS,
    concurrency: CONCURRENCY,
  } as const;
  return [
    ...pickModels(ctx, ['gunicorn-sync']).flatMap((model) => [
      buildDbPoint(model, ctx, FLASK, { endpoint: 'db', concurrency: CONCURRENCY, workers: 1 }),
      buildDbPoint(model, ctx, FLASK, { ...slow, workers: 1 }),
    ]),
    ...pickModels(ctx, ['uvicorn']).map((model) =>
      buildDbPoint(model, ctx, FASTAPI_ASYNCPG, { ...slow, workers: 1, poolSize: 2 }),
    ),
  ];
}

export const scenario: ScenarioDefinition = {
  id: 'quick-db',
  // Not a committed dataset, so not in the catalog.
  entry: {
    id: 'quick-db',
    kind: 'concurrency-sweep',
    title: 'Quick smoke recording with PostgreSQL',
    simulated: false,
  },
  description: `A tiny real subset for tests, beside a real PostgreSQL (${QUICK_ROWS} rows) on the client CPU: Flask under one gunicorn sync worker on /db and /slow-query?ms=${SLOW_QUERY_MS}, and FastAPI with asyncpg (a pool of 2) under one uvicorn process on the slow query, at ${CONCURRENCY} connections.`,
  services: (ctx) => [buildDatabase(ctx, { rows: QUICK_ROWS })],
  build: buildQuickDbPoints,
};
