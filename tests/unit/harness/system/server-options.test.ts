import { describe, expect, it } from 'vitest';
import type { ModelId, ServerOptions } from '../../../../src/bench/schema.ts';
import { findModel, type ServerParams } from '../../../../harness/system/models.ts';
import {
  applyServerOptions,
  DEFAULT_SERVER_OPTIONS,
  findAppEntry,
  toOptionArgs,
} from '../../../../harness/system/server-options.ts';

const D = DEFAULT_SERVER_OPTIONS;
const PRELOAD = { ...D, preload: true };
const FREEZE = { ...D, preload: true, gcFreeze: true };
const MAX = { ...D, maxRequests: 10, maxRequestsJitter: 5 };

describe.each<{ model: ModelId; options: ServerOptions; result: string[] | RegExp }>([
  { model: 'gunicorn-sync', options: D, result: [] },
  { model: 'gunicorn-sync', options: PRELOAD, result: ['--preload'] },
  {
    model: 'gunicorn-gevent',
    options: FREEZE,
    result: ['--preload', '--config', '/apps/gc_freeze_conf.py'],
  },
  { model: 'gunicorn-uvicorn-worker', options: PRELOAD, result: ['--preload'] },
  {
    model: 'gunicorn-gthread',
    options: MAX,
    result: ['--max-requests', '10', '--max-requests-jitter', '5'],
  },
  {
    model: 'uvicorn',
    options: MAX,
    result: ['--limit-max-requests', '10', '--limit-max-requests-jitter', '5'],
  },
  {
    model: 'uvicorn',
    options: { ...MAX, maxRequestsJitter: 0 },
    result: ['--limit-max-requests', '10'],
  },
  {
    model: 'hypercorn',
    options: MAX,
    result:
      /hypercorn's --max-requests-jitter uses the --max-requests value \(10\) as the jitter, not 5/,
  },
  {
    model: 'hypercorn',
    options: { ...MAX, maxRequestsJitter: 10 },
    result: ['--max-requests', '10', '--max-requests-jitter', '10'],
  },
  {
    model: 'hypercorn',
    options: { ...MAX, maxRequestsJitter: 0 },
    result: ['--max-requests', '10'],
  },
  { model: 'uvicorn', options: PRELOAD, result: /uvicorn spawns its workers/ },
  { model: 'hypercorn', options: FREEZE, result: /hypercorn spawns its workers/ },
  { model: 'daphne', options: MAX, result: /daphne has no max-requests setting/ },
  { model: 'gunicorn-sync', options: { ...D, gcFreeze: true }, result: /needs preload/ },
  {
    model: 'gunicorn-sync',
    options: { ...D, maxRequestsJitter: 5 },
    result: /Jitter without maxRequests/,
  },
])('toOptionArgs($model, $options)', ({ model, options, result }) => {
  it(Array.isArray(result) ? `gives ${result.join(' ') || 'nothing'}` : 'says why not', () => {
    const args = toOptionArgs(model, options, '/apps');
    if (Array.isArray(result)) expect(args).toEqual(result);
    else expect(args).toMatch(result);
  });
});

const PARAMS: ServerParams = {
  python: '/usr/bin/python3',
  appDir: '/apps',
  port: 8000,
  workers: 2,
  threads: 1,
  probe: {
    python: { executable: '/usr/bin/python3', version: '3.14', implementation: 'CPython' },
    modules: {},
    packages: {},
    workers: { gunicornAsgi: true, uvicornWorkerClass: 'uvicorn.workers.UvicornWorker' },
    loopsPerMs: 1,
  },
};

describe.each([
  {
    model: 'gunicorn-sync',
    app: 'django',
    options: PRELOAD,
    tail: ['--preload', 'nodb_django_wsgi:application'],
  },
  { model: 'uvicorn', app: 'fastapi', options: undefined, tail: ['warning', 'nodb_fastapi:app'] },
  {
    model: 'hypercorn',
    app: 'django',
    options: undefined,
    tail: ['warning', 'nodb_django_asgi:application'],
  },
  { model: 'gunicorn-sync', app: 'plain-leak', options: MAX, tail: ['5', 'leak_wsgi:app'] },
  { model: 'daphne', app: 'plain-leak', options: undefined, tail: ['0', 'leak_asgi:app'] },
] as const)('applyServerOptions($model, $app)', ({ model, app, options, tail }) => {
  it(`ends with ${tail.join(' ')}`, () => {
    const spec = findModel(model);
    const entry = findAppEntry(app, spec.appInterface);
    const args = applyServerOptions(spec, spec.buildArgs({ ...PARAMS, workers: 1, app: entry }), {
      options,
      appDir: '/apps',
    });
    expect(args.slice(-tail.length)).toEqual(tail);
  });
});

describe('findAppEntry refuses', () => {
  it.each([
    { iface: 'asgi', app: 'flask', message: 'the flask app has no asgi entry point' },
    { iface: 'wsgi', app: 'fastapi', message: 'the fastapi app has no wsgi entry point' },
  ] as const)('$app under $iface', ({ iface, app, message }) => {
    expect(() => findAppEntry(app, iface)).toThrow(message);
  });
});

describe('applyServerOptions', () => {
  it('refuses options the model cannot take', () => {
    const spec = findModel('uvicorn');
    expect(() =>
      applyServerOptions(spec, spec.buildArgs(PARAMS), { options: PRELOAD, appDir: '/apps' }),
    ).toThrow('uvicorn spawns its workers');
  });

  it('leaves any command alone without options', () => {
    const spec = findModel('gunicorn-sync');
    expect(applyServerOptions(spec, ['python', 'x.py'], { appDir: '/apps' })).toEqual([
      'python',
      'x.py',
    ]);
  });
});
