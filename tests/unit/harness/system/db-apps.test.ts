import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelId } from '../../../../src/bench/schema.ts';
import {
  advisePoolSize,
  buildDbAppEnv,
  buildDbServerSetup,
  type DbPointFields,
  DB_APPS,
  DJANGO_CONNECTIONS,
  FASTAPI_DRIVERS,
  type DbApp,
} from '../../../../harness/system/db-apps.ts';

function findApp(id: string): DbApp {
  const found = DB_APPS.find((a) => a.id === id);
  if (!found) throw new Error(`no app ${id}`);
  return found;
}

describe.each<{ model: ModelId; threads: number; appId: string; size: number }>([
  { model: 'gunicorn-sync', threads: 1, appId: 'flask', size: 1 },
  { model: 'gunicorn-gthread', threads: 4, appId: 'flask', size: 4 },
  { model: 'gunicorn-gthread', threads: 8, appId: 'django', size: 8 },
  { model: 'gunicorn-gevent', threads: 1, appId: 'flask', size: 4 },
  { model: 'uvicorn', threads: 1, appId: 'fastapi', size: 10 },
  { model: 'gunicorn-uvicorn-worker', threads: 1, appId: 'fastapi', size: 10 },
  { model: 'uvicorn', threads: 1, appId: 'django', size: 4 },
  { model: 'gunicorn-sync-python-parser', threads: 1, appId: 'flask', size: 1 },
  { model: 'gunicorn-gthread-reuse-port', threads: 4, appId: 'flask', size: 4 },
])('advisePoolSize($model, $threads threads, $appId)', ({ model, threads, appId, size }) => {
  it('matches the model’s concurrency per process', () => {
    const advice = advisePoolSize(model, threads, findApp(appId));
    expect(advice.size).toBe(size);
    expect(advice.why).not.toBe('');
  });
});

describe('buildDbAppEnv', () => {
  const database = { DATABASE_URL: 'postgresql://bench@127.0.0.1:5555/bench', DB_ROWS: '10000' };
  it('passes only what is set', () => {
    expect(buildDbAppEnv({ database })).toEqual(database);
    expect(
      buildDbAppEnv({
        database,
        poolSize: 2,
        poolTimeoutS: 1,
        fastapiDriver: 'asyncpg',
        djangoConnections: 'pool',
      }),
    ).toEqual({
      ...database,
      DB_POOL_SIZE: '2',
      DB_POOL_TIMEOUT_S: '1',
      DB_DRIVER: 'asyncpg',
      DJANGO_DB_CONNECTIONS: 'pool',
    });
  });
});

describe('the catalog matches the apps', () => {
  const apps = new URL('../../../../harness/apps/', import.meta.url).pathname;
  const read = (file: string): string => readFileSync(join(apps, file), 'utf8');
  const tuple = (source: string, name: string): string[] =>
    [
      ...(new RegExp(`^${name} = \\(([^)]*)\\)`, 'm').exec(source)?.[1] ?? '').matchAll(
        /"([^"]+)"/g,
      ),
    ].map((m) => m[1] ?? '');

  it('names every DB_DRIVER and DJANGO_DB_CONNECTIONS value the apps accept', () => {
    expect(tuple(read('fastapi_app.py'), 'DRIVERS')).toEqual([...FASTAPI_DRIVERS]);
    expect(tuple(read('django_items/settings.py'), 'MODES')).toEqual([...DJANGO_CONNECTIONS]);
  });

  it.each(DB_APPS.flatMap((app) => [app.wsgi, app.asgi]).filter((e) => e !== null))(
    'entry point %s exists',
    (entry) => {
      const [module = '', attribute = ''] = entry.split(':');
      expect(read(`${module.replaceAll('.', '/')}.py`)).toMatch(
        new RegExp(`^\\s*${attribute} = `, 'm'),
      );
    },
  );
});

describe.each<{ name: string; point: DbPointFields; iface: 'wsgi' | 'asgi'; setup: unknown }>([
  {
    name: 'Flask with a fixed pool of 4',
    point: {
      app: 'flask',
      driver: 'psycopg',
      dbAccess: 'sync',
      dbConnections: 'pool',
      poolSize: 4,
    },
    iface: 'wsgi',
    setup: { app: 'flask_app:app', env: { DB_POOL_SIZE: '4' }, envFromExports: {} },
  },
  {
    name: 'FastAPI with the sync driver in async def, a growing pool, through PgBouncer',
    point: {
      app: 'fastapi',
      driver: 'psycopg',
      dbAccess: 'sync-in-async',
      dbConnections: 'pool',
      poolSize: 20,
      poolMinSize: 1,
      poolTimeoutS: 1,
      dbRoute: 'pgbouncer',
    },
    iface: 'asgi',
    setup: {
      app: 'fastapi_app:app',
      env: {
        DB_POOL_SIZE: '20',
        DB_POOL_MIN_SIZE: '1',
        DB_POOL_TIMEOUT_S: '1',
        DB_DRIVER: 'psycopg-sync-in-async',
      },
      envFromExports: { DATABASE_URL: 'PGBOUNCER_DATABASE_URL' },
    },
  },
  {
    name: "Django's persistent connections: no pool to size",
    point: {
      app: 'django',
      driver: 'psycopg',
      dbAccess: 'sync',
      dbConnections: 'persistent',
      poolSize: 4,
    },
    iface: 'wsgi',
    setup: {
      app: 'django_items.wsgi:application',
      env: { DJANGO_DB_CONNECTIONS: 'persistent' },
      envFromExports: {},
    },
  },
  {
    name: "Django's sync views under ASGI with its pool",
    point: {
      app: 'django',
      driver: 'psycopg',
      dbAccess: 'sync-to-async',
      dbConnections: 'pool',
      poolSize: 4,
    },
    iface: 'asgi',
    setup: {
      app: 'django_items.asgi:application',
      env: { DB_POOL_SIZE: '4', DJANGO_DB_CONNECTIONS: 'pool' },
      envFromExports: {},
    },
  },
])('buildDbServerSetup: $name', ({ point, iface, setup }) => {
  it('names the entry point and the environment the app reads', () =>
    expect(buildDbServerSetup(point, iface)).toEqual(setup));
});

it('buildDbServerSetup refuses an app without that interface', () => {
  expect(() =>
    buildDbServerSetup(
      { app: 'flask', driver: 'psycopg', dbAccess: 'sync', dbConnections: 'pool' },
      'asgi',
    ),
  ).toThrow('the flask app has no asgi entry point');
});
