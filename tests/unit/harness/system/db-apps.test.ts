import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelId } from '../../../../src/bench/schema.ts';
import {
  advisePoolSize,
  buildDbAppEnv,
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
