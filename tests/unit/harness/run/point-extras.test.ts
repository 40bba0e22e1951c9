import { describe, expect, it } from 'vitest';
import { describeServerExtras } from '../../../../harness/run/point-extras.ts';
import { describePoint, describeServer } from '../../../../harness/run/run-task.ts';
import type { PointSpec } from '../../../../harness/scenarios/scenario.ts';
import { DEFAULT_SERVER_OPTIONS } from '../../../../harness/system/server-options.ts';

const BASE: PointSpec = {
  model: 'gunicorn-sync',
  endpoint: 'io',
  endpointMs: 50,
  concurrency: 16,
  workers: 3,
  threads: 1,
  slowClients: 0,
};
const MIB = 2 ** 20;

describe.each([
  { name: 'a plain point', point: {}, extras: [], server: 'gunicorn-sync-w3-t1' },
  {
    name: 'the plain app named',
    point: { app: 'plain' as const },
    extras: [],
    server: 'gunicorn-sync-w3-t1',
  },
  {
    name: 'a CPU quota',
    point: { limits: { cpus: 0.5, memoryBytes: null, procSysMounted: true } },
    extras: ['cpu0.5'],
    server: 'gunicorn-sync-w3-t1-cpu0.5',
  },
  {
    name: 'a cgroup that only counts',
    point: { limits: { cpus: null, memoryBytes: null, procSysMounted: true } },
    extras: ['cpu-unlimited'],
    server: 'gunicorn-sync-w3-t1-cpu-unlimited',
  },
  {
    name: 'a memory limit and a leaking app with max requests',
    point: {
      app: 'plain-leak' as const,
      limits: { cpus: null, memoryBytes: 256 * MIB, procSysMounted: true },
      options: { ...DEFAULT_SERVER_OPTIONS, maxRequests: 10, maxRequestsJitter: 5 },
    },
    extras: ['plain-leak', 'mem256M', 'max-requests10j5'],
    server: 'gunicorn-sync-w3-t1-plain-leak-mem256M-max-requests10j5',
  },
  {
    name: 'a framework app preloaded with gc.freeze',
    point: {
      app: 'django' as const,
      options: { ...DEFAULT_SERVER_OPTIONS, preload: true, gcFreeze: true },
    },
    extras: ['django', 'preload', 'gc-freeze'],
    server: 'gunicorn-sync-w3-t1-django-preload-gc-freeze',
  },
])('ids of $name', ({ point, extras, server }) => {
  const spec = { ...BASE, ...point };
  it(`name ${extras.join(', ') || 'nothing more'}`, () => {
    expect(describeServerExtras(spec)).toEqual(extras);
    expect(describeServer(spec)).toBe(server);
    expect(describePoint(spec)).toBe(['gunicorn-sync/io-50/c16/w3t1', ...extras].join('/'));
  });
});
