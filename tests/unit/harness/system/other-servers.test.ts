import { describe, expect, it } from 'vitest';
import { findModel, type ProbeResult } from '../../../../harness/system/models.ts';

const PROBE: ProbeResult = {
  python: { executable: '/usr/bin/python3', version: '3.14', implementation: 'CPython' },
  modules: { hypercorn: true, uvloop: true, daphne: true },
  packages: {},
  workers: { gunicornAsgi: true, uvicornWorkerClass: null },
  loopsPerMs: 1,
};
const PARAMS = {
  python: '/usr/bin/python3',
  appDir: '/apps',
  port: 8000,
  threads: 1,
  probe: PROBE,
};

describe.each([
  {
    model: 'hypercorn',
    workers: 2,
    argv: '/usr/bin/env PYTHONPATH=/apps /usr/bin/python3 -m hypercorn --bind 127.0.0.1:8000 --workers 2 --worker-class uvloop --log-level warning asgi_app:app',
    defaultWorkers: 1,
  },
  {
    model: 'daphne',
    workers: 1,
    argv: '/usr/bin/env PYTHONPATH=/apps /usr/bin/python3 -m daphne --bind 127.0.0.1 --port 8000 -v 0 asgi_app:app',
    defaultWorkers: 1,
  },
])('$model', ({ model, workers, argv, defaultWorkers }) => {
  const spec = findModel(model);
  it('runs as its docs advise, serving the plain ASGI app', () => {
    expect(spec.buildArgs({ ...PARAMS, workers }).join(' ')).toBe(argv);
  });
  it(`runs ${defaultWorkers} process(es) by default on one server CPU`, () => {
    expect(spec.defaultWorkers(1)).toBe(defaultWorkers);
  });
  it('names what is missing on a target without it', () => {
    expect(spec.findMissing({ ...PROBE, modules: {} })).toMatch(/^missing Python module\(s\): /);
    expect(spec.findMissing(PROBE)).toBeNull();
  });
});

it('Daphne refuses more than one process: it has no workers option', () => {
  expect(() => findModel('daphne').buildArgs({ ...PARAMS, workers: 2 })).toThrow(
    'daphne runs one process (it has no workers option); asked for 2',
  );
  expect(findModel('daphne').maxWorkers).toBe(1);
});
