/**
 * Memory per worker with a real framework loaded (harness/apps/nodb_*.py: the Flask, Django and
 * FastAPI apps, without a database), as workers grow, with and without preloading and with
 * gc.freeze() before the fork. The per-worker increment is the slope of PSS over workers.
 */
import type { AppId, ServerOptions } from '../../src/bench/schema.ts';
import type { ModelSpec } from '../system/models.ts';
import { APP_ENTRIES, DEFAULT_SERVER_OPTIONS, toOptionArgs } from '../system/server-options.ts';
import {
  withDefaults,
  type PointSpec,
  type ScenarioContext,
  type ScenarioDefinition,
} from './scenario.ts';

/**
 * One process (one per pod) and gunicorn's `2 x cores + 1` on the one server CPU: the per-worker
 * increment is the slope between the two. (1, 2, 4 and 8 workers took 43 minutes to record; the
 * `memory` scenario already shows PSS growing in a straight line with workers.)
 */
const WORKERS = [1, 3];
/** Two repetitions: PSS at rest and under this light load moves little between windows. */
const REPETITIONS = 2;
/** A light load: a few connections on the framework's /hello. */
const CONCURRENCY = 4;
/**
 * Which app under which models: Django (WSGI) under gunicorn's three WSGI worker classes, and
 * its ASGI entry point under uvicorn, the common way to serve it async; FastAPI under gunicorn's
 * uvicorn worker class (which can preload), uvicorn, Hypercorn and Daphne; Flask under gunicorn
 * sync only, a lighter framework beside Django (its gthread and gevent points would repeat what
 * Django's show of the worker classes). Django ASGI under every ASGI server would add server
 * starts for little news.
 */
const GRID: readonly { app: AppId; models: readonly string[] }[] = [
  { app: 'flask', models: ['gunicorn-sync'] },
  { app: 'django', models: ['gunicorn-sync', 'gunicorn-gthread', 'gunicorn-gevent', 'uvicorn'] },
  { app: 'fastapi', models: ['gunicorn-uvicorn-worker', 'uvicorn', 'hypercorn', 'daphne'] },
];

/** Lazy loading (each worker imports the app), preload, preload with gc.freeze(). */
const VARIANTS: readonly ServerOptions[] = [
  DEFAULT_SERVER_OPTIONS,
  { ...DEFAULT_SERVER_OPTIONS, preload: true },
  { ...DEFAULT_SERVER_OPTIONS, preload: true, gcFreeze: true },
];

function buildAppPoints(model: ModelSpec, app: AppId, ctx: ScenarioContext): PointSpec[] {
  if (!APP_ENTRIES[app][model.appInterface]) return [];
  const workerCounts = WORKERS.filter((w) => w <= (model.maxWorkers ?? Infinity));
  return VARIANTS.filter((options) =>
    Array.isArray(toOptionArgs(model.id, options, '/apps')),
  ).flatMap((options) =>
    workerCounts.map((workers) =>
      withDefaults(model, ctx, {
        endpoint: 'hello',
        concurrency: CONCURRENCY,
        workers,
        app,
        ...(options.preload && { options }),
      }),
    ),
  );
}

export const scenario: ScenarioDefinition = {
  id: 'framework-memory',
  description: `PSS of the whole server process tree (shared pages counted once) with the Flask, Django and FastAPI apps of harness/apps loaded (Django under gunicorn's WSGI workers, Flask under gunicorn sync, Django's ASGI entry point under uvicorn, FastAPI under the ASGI servers), without a database (their pools never connect; harness/apps/nodb.py), for ${WORKERS.join(' and ')} workers (one per pod, and gunicorn's 2 x cores + 1 on one CPU), ${REPETITIONS} repetitions each: at rest before each repetition and under a light load (/hello at ${CONCURRENCY} connections). gunicorn's workers (sync, gthread, gevent, uvicorn's worker class) run three ways: each worker importing the app, with --preload, and with --preload plus gc.freeze() before each fork (CPython's gc docs' advice for pre-fork servers). uvicorn --workers and Hypercorn spawn fresh interpreters, so nothing can be preloaded; Daphne runs one process. The increment per worker is the slope between the two worker counts.`,
  settings: { repetitions: REPETITIONS },
  // Options a model cannot take are left out (toOptionArgs says why).
  build: (ctx) =>
    GRID.flatMap(({ app, models }) =>
      ctx.models
        .filter((m) => models.includes(m.id))
        .flatMap((model) => buildAppPoints(model, app, ctx)),
    ),
};
