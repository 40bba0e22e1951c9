/**
 * The database scenarios' points: each app under the models it is deployed with, pools sized as
 * each model calls for (or swept), the database where the placement note says, and each
 * recording within 20 minutes on the recording machine (the harness's own estimate).
 */
import { describe, expect, it } from 'vitest';
import { planScenarios } from '../../../../harness/run/estimate.ts';
import { describeServer } from '../../../../harness/run/run-task.ts';
import { buildScenarios } from '../../../../harness/scenarios/index.ts';
import { MODELS } from '../../../../harness/system/models.ts';

const ctx = { models: MODELS, serverCpuCount: 1 };
const build = (id: string) => {
  const [scenario] = buildScenarios([id], ctx);
  if (!scenario) throw new Error(`no scenario ${id}`);
  return scenario;
};

describe.each(['db-frameworks', 'db-pool', 'db-mistakes', 'db-pgbouncer'])('%s', (id) => {
  it('records within 20 minutes at its settings', () => {
    const [plan] = planScenarios([build(id)], {}, false, 1);
    expect((plan?.estimate.seconds ?? Infinity) / 60).toBeLessThanOrEqual(20);
  });

  it('runs PostgreSQL first, on the client CPUs', () => {
    expect(build(id).services.map((s) => [s.name, s.placement])[0]).toEqual(['postgres', 'client']);
  });
});

describe.each([
  { server: 'flask-psycopg-pool1-gunicorn-sync-w3-t1', pool: 1 },
  { server: 'flask-psycopg-pool4-gunicorn-gthread-w3-t4', pool: 4 },
  { server: 'flask-psycopg-pool4-gunicorn-gevent-w3-t1', pool: 4 },
  { server: 'django-psycopg-persistent1-gunicorn-sync-w3-t1', pool: 1 },
  { server: 'django-psycopg-persistent4-gunicorn-gthread-w3-t4', pool: 4 },
  { server: 'django-psycopg-pool4-gunicorn-gevent-w3-t1', pool: 4 },
  { server: 'django-psycopg-sync-to-async-pool4-uvicorn-w1-t1', pool: 4 },
  { server: 'fastapi-asyncpg-pool10-uvicorn-w1-t1', pool: 10 },
  // Gunicorn's ASGI workers at one per core, as its ASGI guide advises (worker-counts.ts).
  { server: 'fastapi-asyncpg-pool10-gunicorn-uvicorn-worker-w1-t1', pool: 10 },
  { server: 'fastapi-asyncpg-pool10-gunicorn-asgi-w1-t1', pool: 10 },
])('db-frameworks serves $server', ({ server, pool }) => {
  it(`on /db at 1 to 256 connections with ${pool} connection(s) per process`, () => {
    const points = build('db-frameworks').points.filter((p) => describeServer(p) === server);
    expect(points.map((p) => p.concurrency)).toEqual([1, 4, 16, 64, 256]);
    expect(new Set(points.map((p) => `${p.endpoint} ${p.poolSize}`))).toEqual(
      new Set([`db ${pool}`]),
    );
  });
});

describe('db-pool', () => {
  const points = build('db-pool').points;

  it('sweeps 1 to 20 connections per process, growing pools with a 1 s timeout', () => {
    expect(points.every((p) => p.poolMinSize === 1 && p.poolTimeoutS === 1)).toBe(true);
    expect([...new Set(points.map((p) => p.poolSize))]).toEqual([1, 2, 5, 10, 20]);
    expect(points.every((p) => p.endpoint === 'slow-query' && p.endpointMs === 20)).toBe(true);
  });

  it('has configurations whose pools may grow past what max_connections admits', () => {
    const [database] = build('db-pool').services;
    expect(database?.name).toBe('postgres');
    // 30 connections, 3 reserved for superusers: 27 for the app.
    // Gunicorn's uvicorn worker runs one process per core here, as advised: 20 fit.
    const over = points.filter((p) => p.workers * (p.poolSize ?? 0) > 27);
    expect(new Set(over.map((p) => p.model))).toEqual(
      new Set(['gunicorn-sync', 'gunicorn-gthread', 'gunicorn-gevent']),
    );
  });
});

describe('db-mistakes', () => {
  it('puts each mistake beside the right way, on db and on the slow query', () => {
    const servers = new Set(build('db-mistakes').points.map(describeServer));
    expect(servers).toEqual(
      new Set([
        'fastapi-asyncpg-pool10-uvicorn-w1-t1',
        'fastapi-psycopg-sync-in-async-pool4-uvicorn-w1-t1',
        'fastapi-psycopg-thread-pool-pool4-uvicorn-w1-t1',
        'django-psycopg-sync-to-async-pool4-uvicorn-w1-t1',
        'django-psycopg-persistent4-gunicorn-gthread-w3-t4',
      ]),
    );
  });
});

it('a target without the ASGI servers gets the WSGI points only', () => {
  const wsgiOnly = MODELS.filter((m) => m.appInterface === 'wsgi');
  const [scenario] = buildScenarios(['db-frameworks'], { ...ctx, models: wsgiOnly });
  expect(new Set(scenario?.points.map((p) => p.app))).toEqual(new Set(['flask', 'django']));
});

describe('db-pgbouncer', () => {
  const points = build('db-pgbouncer').points;

  it('runs each configuration straight to PostgreSQL and through PgBouncer', () => {
    expect(build('db-pgbouncer').services.map((s) => s.name)).toEqual(['postgres', 'pgbouncer']);
    const routes = new Map<string, string[]>();
    for (const p of points) {
      const key = `${p.app}/${p.model}/${p.endpoint}`;
      routes.set(key, [...(routes.get(key) ?? []), p.dbRoute ?? 'none']);
    }
    expect(Object.fromEntries(routes)).toEqual({
      'fastapi/gunicorn-uvicorn-worker/slow-query': ['direct', 'pgbouncer'],
      'flask/gunicorn-gevent/slow-query': ['direct', 'pgbouncer'],
      'django/gunicorn-gthread/db': ['direct', 'pgbouncer'],
    });
  });

  it('runs the growing pools on three processes, more than max_connections admits', () => {
    const growing = points.filter((p) => p.poolSize === 20);
    expect(growing.map((p) => [p.model, p.workers])).toEqual([
      ['gunicorn-uvicorn-worker', 3],
      ['gunicorn-uvicorn-worker', 3],
      ['gunicorn-gevent', 3],
      ['gunicorn-gevent', 3],
    ]);
    const [withFlag] = buildScenarios(['db-pgbouncer'], { ...ctx, workers: 2 });
    expect(new Set(withFlag?.points.map((p) => p.workers))).toEqual(new Set([2]));
  });

  it("sizes no pool for Django's connection per request", () => {
    const django = points.filter((p) => p.app === 'django');
    expect(django.map((p) => [p.dbConnections, p.poolSize])).toEqual([
      ['per-request', undefined],
      ['per-request', undefined],
    ]);
  });
});
