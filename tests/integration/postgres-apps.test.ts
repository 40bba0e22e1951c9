/**
 * The database apps under real servers against a real PostgreSQL started by the harness.
 *
 * By default on the host (Debian 12: postgresql-15, python3-flask, -django, -fastapi, -psycopg,
 * -psycopg-pool, -asyncpg, -psycogreen, gunicorn 20.1, uvicorn 0.17). With
 * BENCH_TEST_ROOTFS=/var/cache/worker-models/sid the same checks run inside that chroot with
 * PostgreSQL 18 and current releases, plus what only they have (gunicorn's asgi worker,
 * Django's pool). A rootfs that is missing fails the run; nothing is skipped.
 *
 * No wall-clock limits: the only timing assertion is a lower bound (a slow query cannot answer
 * before the database has slept), and concurrency is read from pg_stat_activity.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findMarkedProcesses } from '../../harness/system/processes.ts';
import { QUICK_ROWS, startPostgres, type RunningPostgres } from '../../harness/system/postgres.ts';
import { buildDbAppEnv } from '../../harness/system/db-apps.ts';
import {
  createAppTarget,
  get,
  startAppServer,
  type AppServer,
  type AppTarget,
  type ServerKind,
} from '../support/db-servers.ts';

const ROOTFS = process.env['BENCH_TEST_ROOTFS'] || null;
if (ROOTFS && !existsSync(join(ROOTFS, 'usr/bin/python3'))) {
  throw new Error(
    `BENCH_TEST_ROOTFS=${ROOTFS} is not a prepared rootfs: run sh harness/env/prepare-sid.sh ${ROOTFS}`,
  );
}
const SID = ROOTFS !== null;
const LONG = 120_000;

interface Case {
  name: string;
  kind: ServerKind;
  entry: string;
  env?: Record<string, string>;
  /**
   * Of 4 half-second slow queries sent at once to the one server process, how many the database
   * runs at the same time (peak of active queries in pg_stat_activity); unset where the case
   * has nothing to show about it.
   */
  together?: number;
}
const FLASK = 'flask_app:app';
const DJANGO_WSGI = 'django_items.wsgi:application';
const DJANGO_ASGI = 'django_items.asgi:application';
const FASTAPI = 'fastapi_app:app';
const fastapi = (driver: string, together: number): Case => ({
  name: `FastAPI ${driver}, uvicorn`,
  kind: 'uvicorn',
  entry: FASTAPI,
  env: { DB_DRIVER: driver },
  together,
});
/** What only current releases have: gunicorn >= 24 (asgi worker), Django >= 5.1 (pool). */
const SID_CASES: Case[] = [
  { name: 'FastAPI asyncpg, gunicorn asgi worker', kind: 'gunicorn-asgi', entry: FASTAPI },
  {
    name: "Django, gunicorn gthread, Django's pool",
    kind: 'gunicorn-gthread',
    entry: DJANGO_WSGI,
    env: { DJANGO_DB_CONNECTIONS: 'pool' },
    together: 4,
  },
  {
    name: "Django, uvicorn, Django's pool (the ASGI default)",
    kind: 'uvicorn',
    entry: DJANGO_ASGI,
    env: { DJANGO_DB_CONNECTIONS: 'pool' },
    together: 4,
  },
];

const CASES: Case[] = [
  { name: 'Flask, gunicorn sync', kind: 'gunicorn-sync', entry: FLASK },
  { name: 'Flask, gunicorn gthread', kind: 'gunicorn-gthread', entry: FLASK, together: 4 },
  // psycopg 3 waits on gevent's patched select: no psycogreen.
  { name: 'Flask, gunicorn gevent', kind: 'gunicorn-gevent', entry: FLASK, together: 4 },
  { name: 'Django, gunicorn sync', kind: 'gunicorn-sync', entry: DJANGO_WSGI },
  { name: 'Django, gunicorn gthread', kind: 'gunicorn-gthread', entry: DJANGO_WSGI, together: 4 },
  // psycopg2 through psycogreen on Debian 12, psycopg 3 by itself on sid.
  { name: 'Django, gunicorn gevent', kind: 'gunicorn-gevent', entry: DJANGO_WSGI, together: 4 },
  // Django 3.2 runs the sync views of a process in one shared thread; Django >= 4 gives each
  // request its own (asgiref ThreadSensitiveContext).
  { name: 'Django, uvicorn', kind: 'uvicorn', entry: DJANGO_ASGI, together: SID ? 4 : 1 },
  { name: 'FastAPI asyncpg, uvicorn', kind: 'uvicorn', entry: FASTAPI, together: 4 },
  {
    name: 'FastAPI asyncpg, gunicorn + UvicornWorker',
    kind: 'gunicorn-uvicorn-worker',
    entry: FASTAPI,
  },
  fastapi('psycopg-async', 4),
  // The classic mistake: every query blocks the event loop, so they run one after another.
  fastapi('psycopg-sync-in-async', 1),
  fastapi('psycopg-sync-def', 4),
  ...(SID ? SID_CASES : []),
];

/** With one pooled connection and a 0.5 s pool timeout, 3 slow queries at once. */
const POOL_CASES: Case[] = [
  { name: 'Flask (psycopg_pool)', kind: 'gunicorn-gthread', entry: FLASK },
  { name: 'FastAPI (asyncpg)', kind: 'uvicorn', entry: FASTAPI },
  {
    name: 'FastAPI (psycopg AsyncConnectionPool)',
    kind: 'uvicorn',
    entry: FASTAPI,
    env: { DB_DRIVER: 'psycopg-async' },
  },
  ...(SID
    ? [
        {
          name: "Django's pool",
          kind: 'gunicorn-gthread' as const,
          entry: DJANGO_WSGI,
          env: { DJANGO_DB_CONNECTIONS: 'pool' },
        },
      ]
    : []),
];

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
const EXPECTED: Record<string, string> = {
  '/hello': '{"message": "Hello, world!"}',
  '/db?id=42': `{"id": 42, "name": "${md5('42')}"}`,
  '/slow-query?id=7&ms=300': `{"id": 7, "name": "${md5('7')}", "sleptMs": 300}`,
  '/db?id=2000000000': '{"error": "not found"}',
};

let pg: RunningPostgres;
let target: AppTarget;
const logDir = mkdtempSync(join(tmpdir(), 'db-apps-it-'));

beforeAll(async () => {
  pg = await startPostgres({ cpus: cpus().map((_, i) => i), rootfs: ROOTFS, rows: QUICK_ROWS });
  target = createAppTarget(ROOTFS);
}, LONG);

afterAll(async () => {
  target.remove();
  await pg.stop();
  expect(pg.listProcesses()).toEqual([]);
  expect(existsSync(join(ROOTFS ?? '/', pg.facts.dataDir))).toBe(false);
  rmSync(logDir, { recursive: true, force: true });
}, LONG);

async function withServer<T>(
  kind: ServerKind,
  entry: string,
  env: Record<string, string>,
  run: (server: AppServer) => Promise<T>,
): Promise<T> {
  const server = await startAppServer(target, kind, entry, { ...pg.env, ...env }, logDir);
  try {
    return await run(server);
  } finally {
    await server.stop();
  }
}

describe('the database', () => {
  it('is filled, analysed and described', () => {
    expect(pg.facts.rows).toBe(QUICK_ROWS);
    expect(pg.facts.serverVersionNum).toBeGreaterThanOrEqual(SID ? 180000 : 150000);
    expect(pg.facts.maxConnections).toBe(100);
    expect(pg.facts.settings['listen_addresses']).toBe('127.0.0.1');
    expect(pg.env).toEqual({
      DATABASE_URL: `postgresql://bench@127.0.0.1:${pg.port}/bench`,
      DB_ROWS: String(QUICK_ROWS),
    });
  });
});

/** Send `n` slow queries at once; their answers and the peak of queries active in the database. */
async function sendSlowQueries(server: AppServer, n: number, ms: number) {
  const sampler = pg.startConnectionSampler(50);
  const answers = await Promise.all(
    Array.from({ length: n }, (_, i) => get(`${server.url}/slow-query?id=${i + 1}&ms=${ms}`)),
  );
  return { answers, ...(await sampler.stop()) };
}

describe.each(CASES)('$name', ({ kind, entry, env = {}, together }) => {
  it(
    `answers every URL with the same bytes as every other app${together ? `, running ${together} of 4 slow queries at once` : ''}`,
    async () => {
      await withServer(kind, entry, env, async (server) => {
        for (const [path, body] of Object.entries(EXPECTED)) {
          const answer = await get(`${server.url}${path}`);
          expect(answer.body, path).toBe(body);
          expect(answer.status, path).toBe(path.includes('2000000000') ? 404 : 200);
          // The lookup and pg_sleep are one query: no answer before the database has slept.
          if (path.startsWith('/slow-query')) expect(answer.elapsedMs).toBeGreaterThanOrEqual(300);
        }
        const random = JSON.parse((await get(`${server.url}/db`)).body) as { id: number };
        expect(random.id).toBeGreaterThanOrEqual(1);
        expect(random.id).toBeLessThanOrEqual(QUICK_ROWS);
        const bad = await get(`${server.url}/db?id=abc`);
        expect(bad.status).toBe(400);
        expect(JSON.parse(bad.body)).toMatchObject({ error: 'bad request' });
        expect(server.info).toMatchObject({ dbRows: QUICK_ROWS, pid: expect.any(Number) });
        if (together === undefined) return;
        const { answers, peakActive } = await sendSlowQueries(server, 4, 500);
        expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
        expect(peakActive).toBe(together);
      });
    },
    LONG,
  );
});

describe.each(POOL_CASES)(
  '$name, one pooled connection, 0.5 s pool timeout',
  ({ kind, entry, env = {} }) => {
    it(
      'answers the requests that waited too long with 503 pool-timeout',
      async () => {
        const pool = buildDbAppEnv({ database: pg.env, poolSize: 1, poolTimeoutS: 0.5 });
        await withServer(kind, entry, { ...env, ...pool }, async (server) => {
          const { answers } = await sendSlowQueries(server, 3, 2000);
          expect(answers.map((a) => a.status).sort()).toEqual([200, 503, 503]);
          for (const answer of answers.filter((a) => a.status === 503)) {
            expect(JSON.parse(answer.body)).toMatchObject({ error: 'pool-timeout' });
          }
        });
      },
      LONG,
    );
  },
);

describe('Django opening a connection per request when the database refuses more', () => {
  it(
    'answers 503 database-unavailable, not a hang or an HTML page',
    async () => {
      await pg.runSql('ALTER ROLE bench CONNECTION LIMIT 1');
      try {
        const env = { DJANGO_DB_CONNECTIONS: 'per-request' };
        await withServer('gunicorn-gthread', DJANGO_WSGI, env, async (server) => {
          const { answers } = await sendSlowQueries(server, 3, 1000);
          expect(answers.map((a) => a.status).sort()).toEqual([200, 503, 503]);
          for (const answer of answers.filter((a) => a.status === 503)) {
            const body = JSON.parse(answer.body) as { error: string; detail: string };
            expect(body.error).toBe('database-unavailable');
            expect(body.detail).toMatch(/too many connections for role "bench"/);
          }
        });
      } finally {
        await pg.runSql('ALTER ROLE bench CONNECTION LIMIT -1');
      }
    },
    LONG,
  );
});

describe('Django under gevent with its default connection handling', () => {
  // Persistent connections (CONN_MAX_AGE) are per thread, and each greenlet is a thread to
  // Django: they would pile up, one per request. The default is the pool, or per request.
  it(
    'keeps no more connections than its pool after many requests',
    async () => {
      await withServer('gunicorn-gevent', DJANGO_WSGI, {}, async (server) => {
        for (let round = 0; round < 3; round++) {
          await Promise.all(
            Array.from({ length: 20 }, (_, i) => get(`${server.url}/db?id=${i + 1}`)),
          );
        }
        expect((await pg.countConnections()).total).toBeLessThanOrEqual(4);
        const { connections } = server.info as { connections: { mode: string } };
        expect(connections.mode).toBe(SID ? 'pool' : 'per-request');
      });
    },
    LONG,
  );
});

describe('after the servers', () => {
  it('no process this test started is left but the database', () => {
    const database = new Set(pg.listProcesses());
    expect(findMarkedProcesses().filter((pid) => !database.has(pid))).toEqual([]);
  });
});
