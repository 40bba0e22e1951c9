import { describe, expect, it } from 'vitest';
import {
  findMissingCommands,
  selectModels,
  suggestInstall,
} from '../../../../harness/run/preflight.ts';
import type { ProbeResult } from '../../../../harness/system/models.ts';
import { createTarget } from '../../../../harness/system/target.ts';

function makeProbe(modules: string[], gunicornAsgi = false): ProbeResult {
  return {
    python: { executable: '/usr/bin/python3', version: '3.11.2', implementation: 'CPython' },
    modules: Object.fromEntries(modules.map((m) => [m, true])),
    packages: { gunicorn: '20.1.0' },
    workers: {
      gunicornAsgi,
      uvicornWorkerClass: modules.includes('uvicorn') ? 'uvicorn.workers.UvicornWorker' : null,
    },
    loopsPerMs: 20000,
  };
}

describe.each([
  { name: 'all there', present: ['wrk', 'taskset', 'getconf', 'git'], chroot: false, missing: [] },
  {
    name: 'no wrk, no taskset',
    present: ['getconf', 'git'],
    chroot: false,
    missing: [
      'command "wrk" not found: apt-get install -y wrk',
      'command "taskset" not found: apt-get install -y util-linux',
    ],
  },
  {
    name: 'chroot needed',
    present: ['wrk', 'taskset', 'getconf', 'git'],
    chroot: true,
    missing: ['command "chroot" not found: apt-get install -y coreutils'],
  },
])('findMissingCommands: $name', ({ present, chroot, missing }) => {
  it('names each missing command and its install', () => {
    expect(findMissingCommands(chroot, (c) => present.includes(c))).toEqual(missing);
  });
});

describe.each([
  { python: undefined, rootfs: undefined, hint: 'apt-get install -y python3-gevent' },
  { python: '/venv/bin/python', rootfs: undefined, hint: '/venv/bin/python -m pip install gevent' },
  {
    python: undefined,
    rootfs: '/sid',
    hint: 'sh harness/env/prepare-sid.sh /sid (or chroot /sid apt-get install -y python3-gevent)',
  },
])('suggestInstall python=$python rootfs=$rootfs', ({ python, rootfs, hint }) => {
  it('fits the target', () =>
    expect(suggestInstall(createTarget(python, rootfs), 'gevent')).toBe(hint));
});

describe('selectModels', () => {
  const target = createTarget(undefined, undefined);

  it('skips unavailable models from the default set with a reason', () => {
    const { models, skipped, problems } = selectModels(
      makeProbe(['gunicorn', 'uvicorn']),
      target,
      null,
    );
    expect(models.map((m) => m.id)).toEqual([
      'gunicorn-sync',
      'gunicorn-gthread',
      'uvicorn',
      'uvicorn-asyncio-h11',
      'gunicorn-uvicorn-worker',
    ]);
    expect(problems).toEqual([]);
    expect(skipped).toMatchInlineSnapshot(`
      [
        "gunicorn-gevent: missing Python module(s): gevent: apt-get install -y python3-gevent",
        "gunicorn-asgi: gunicorn 20.1.0 has no native asgi worker (added in 24.0)",
        "gunicorn-sync-python-parser: gunicorn 20.1.0 has no http_parser setting (added in 25.0.0)",
        "gunicorn-gthread-python-parser: gunicorn 20.1.0 has no http_parser setting (added in 25.0.0)",
        "gunicorn-gevent-python-parser: missing Python module(s): gevent: apt-get install -y python3-gevent",
        "gunicorn-asgi-python-parser: gunicorn 20.1.0 has no native asgi worker (added in 24.0)",
        "gunicorn-gthread-reuse-port: gunicorn 20.1.0 shares one socket with --reuse-port (a socket per worker since 24.0)",
        "gunicorn-gevent-reuse-port: missing Python module(s): gevent: apt-get install -y python3-gevent",
      ]
    `);
  });

  it('fails for a model the user asked for by name', () => {
    const { problems } = selectModels(makeProbe(['uvicorn']), target, ['gunicorn-sync']);
    expect(problems).toMatchInlineSnapshot(`
      [
        "gunicorn-sync: missing Python module(s): gunicorn: apt-get install -y python3-gunicorn",
      ]
    `);
  });
});
