import { describe, expect, it } from 'vitest';
import { MODEL_VARIANTS, toBaseModel } from '../../../../src/bench/model-family.ts';
import { ModelIdSchema } from '../../../../src/bench/schema.ts';
import { findModel, MODELS, type ProbeResult } from '../../../../harness/system/models.ts';

/** A probe of a target with `gunicorn` at `version` and everything else installed. */
function makeProbe(version: string, httpParser: boolean): ProbeResult {
  return {
    python: { executable: '/usr/bin/python3', version: '3.14.0', implementation: 'CPython' },
    modules: { gunicorn: true, gevent: true, uvicorn: true },
    packages: { gunicorn: version },
    workers: {
      gunicornAsgi: Number(version.split('.')[0]) >= 24,
      gunicornHttpParser: httpParser,
      uvicornWorkerClass: 'uvicorn.workers.UvicornWorker',
    },
    loopsPerMs: 1,
  };
}

const PARAMS = {
  python: '/usr/bin/python3',
  appDir: '/apps',
  port: 8000,
  workers: 3,
  threads: 4,
  probe: makeProbe('26.2.2', true),
};

// The worker counts each project's documentation advises on one and on four server CPUs
// (harness/system/worker-counts.ts quotes the sentences).
describe.each([
  { model: 'gunicorn-sync', one: 3, four: 9 },
  { model: 'gunicorn-gthread', one: 3, four: 9 },
  { model: 'gunicorn-gevent', one: 3, four: 9 },
  { model: 'uvicorn', one: 1, four: 4 },
  { model: 'gunicorn-uvicorn-worker', one: 1, four: 4 },
  { model: 'gunicorn-asgi', one: 1, four: 4 },
])('$model by its documentation', ({ model, one, four }) => {
  it(`runs ${one} worker(s) on one CPU and ${four} on four`, () => {
    expect(findModel(model).defaultWorkers(1)).toBe(one);
    expect(findModel(model).defaultWorkers(4)).toBe(four);
  });
});

describe.each([
  { model: 'gunicorn-sync-python-parser', option: ['--http-parser', 'python'] },
  { model: 'gunicorn-gthread-python-parser', option: ['--http-parser', 'python'] },
  { model: 'gunicorn-gevent-python-parser', option: ['--http-parser', 'python'] },
  { model: 'gunicorn-asgi-python-parser', option: ['--http-parser', 'python'] },
  { model: 'gunicorn-gthread-reuse-port', option: ['--reuse-port'] },
  { model: 'gunicorn-gevent-reuse-port', option: ['--reuse-port'] },
])('the variant $model', ({ model, option }) => {
  const variant = findModel(model);
  const base = findModel(toBaseModel(variant.id));

  it("is its base model's command with the option before the app", () => {
    const args = base.buildArgs(PARAMS);
    expect(variant.buildArgs(PARAMS)).toEqual([...args.slice(0, -1), ...option, ...args.slice(-1)]);
    expect(variant.variantOf).toBe(base.id);
    expect(variant.defaultWorkers(1)).toBe(base.defaultWorkers(1));
  });
});

describe.each([
  {
    model: 'gunicorn-sync-python-parser',
    probe: makeProbe('24.1.1', false),
    missing: 'gunicorn 24.1.1 has no http_parser setting (added in 25.0.0)',
  },
  {
    model: 'gunicorn-gthread-reuse-port',
    probe: makeProbe('23.0.0', false),
    missing: 'gunicorn 23.0.0 shares one socket with --reuse-port (a socket per worker since 24.0)',
  },
  { model: 'gunicorn-gthread-reuse-port', probe: makeProbe('24.0.0', false), missing: null },
  { model: 'gunicorn-asgi-python-parser', probe: makeProbe('26.2.2', true), missing: null },
])('$model on gunicorn $probe.packages.gunicorn', ({ model, probe, missing }) => {
  it(`is ${missing === null ? 'available' : 'missing'}`, () => {
    expect(findModel(model).findMissing(probe)).toBe(missing);
  });
});

it('has one model for every model id, and every variant in src/bench/model-family.ts', () => {
  expect(MODELS.map((m) => m.id).sort()).toEqual([...ModelIdSchema.options].sort());
  for (const model of MODELS) expect(model.variantOf).toBe(MODEL_VARIANTS[model.id]?.of);
});
