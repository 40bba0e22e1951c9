/**
 * Latency against the offered rate with PostgreSQL behind every request: Flask, Django and
 * FastAPI as db-frameworks runs them, under open-loop load from 10 % to 150 % of each
 * configuration's capacity on /db (the io and cpu endpoints are open-loop.ts's).
 */
import type { ModelId } from '../../src/bench/schema.ts';
import { OPEN_LOOP_CONNECTIONS } from '../run/open-loop-plan.ts';
import type { ModelSpec } from '../system/models.ts';
import { SHARES } from './open-loop.ts';
import type { CapacityRule, PointSpec, ScenarioContext, ScenarioDefinition } from './scenario.ts';
import {
  buildDatabase,
  buildDbPoint,
  FASTAPI_ASYNCPG,
  FLASK,
  pickModels,
  selectDjangoVariant,
  type DbVariant,
} from './shared/database.ts';

/**
 * Each app under the models a reader deploys it with: Flask under gunicorn's three WSGI
 * workers, Django under sync (its classic deployment) and uvicorn (the "should I switch to
 * async?" question), FastAPI under uvicorn. Six configurations, so the scenario records within
 * the 20 minutes a scenario may take (`npm run bench -- --dry-run` prints the estimate).
 */
const CONFIGURATIONS: readonly { model: ModelId; variant: (m: ModelSpec) => DbVariant }[] = [
  { model: 'gunicorn-sync', variant: () => FLASK },
  { model: 'gunicorn-gthread', variant: () => FLASK },
  { model: 'gunicorn-gevent', variant: () => FLASK },
  { model: 'gunicorn-sync', variant: selectDjangoVariant },
  { model: 'uvicorn', variant: selectDjangoVariant },
  { model: 'uvicorn', variant: () => FASTAPI_ASYNCPG },
];

/**
 * wrk connections of the capacity probe: db-frameworks measured every configuration here at
 * its highest throughput, or within a few percent of it, from 4 to 64 connections (gevent and
 * Django under gthread lose throughput beyond).
 */
export const DB_PROBE_CONNECTIONS = 16;

/** A guess for the start-of-run estimate only (db-frameworks, 2026-12-02); the probe decides. */
const ESTIMATE_RPS: Record<string, number> = { flask: 1200, django: 800, fastapi: 3000 };

function buildOpenLoopDbPoints(ctx: ScenarioContext): PointSpec[] {
  return CONFIGURATIONS.flatMap(({ model: id, variant }) =>
    pickModels(ctx, [id]).flatMap((model) => {
      const fields = variant(model);
      const capacity: CapacityRule = {
        from: 'probe',
        concurrency: DB_PROBE_CONNECTIONS,
        estimateRps: ESTIMATE_RPS[fields.app] ?? 1000,
      };
      const base = buildDbPoint(model, ctx, fields, {
        endpoint: 'db',
        concurrency: OPEN_LOOP_CONNECTIONS,
      });
      return SHARES.map((share) => ({
        ...base,
        openLoop: { arrival: 'poisson' as const, share, capacity },
      }));
    }),
  );
}

export const scenario: ScenarioDefinition = {
  id: 'open-loop-db',
  description: `Flask (psycopg 3 and psycopg_pool) under gunicorn's sync, gthread and gevent workers, Django's ORM under gunicorn sync and under uvicorn (sync views through sync_to_async), and FastAPI with asyncpg under uvicorn, each at its default worker count with the pool db-frameworks gives it, serving /db (one primary-key lookup in PostgreSQL) under open-loop load: requests arrive on a Poisson schedule that never waits for answers, at ${SHARES.map((s) => `${s * 100} %`).join(', ')} of the configuration's capacity, measured by a closed-loop wrk probe at ${DB_PROBE_CONNECTIONS} connections at the start of each server configuration (capacities[] records each), and every latency counts from the request's intended send time. PostgreSQL runs on the client CPU beside the generator; both CPUs' use is recorded per repetition.`,
  services: (ctx) => [buildDatabase(ctx)],
  build: buildOpenLoopDbPoints,
};
