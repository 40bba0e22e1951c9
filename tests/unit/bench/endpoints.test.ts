import { describe, expect, it } from 'vitest';
import type { Endpoint, ModelId } from '../../../src/bench/schema.ts';
import {
  holdsSlotWhileWaiting,
  LEAK_KIB,
  toEndpointPath,
  toEndpointWork,
} from '../../../src/bench/endpoints.ts';

describe.each<{ endpoint: Endpoint; ms: number; path: string; work: object | null }>([
  { endpoint: 'hello', ms: 0, path: '/hello', work: { ioMs: 0, cpuMs: 0 } },
  { endpoint: 'io', ms: 50, path: '/io?ms=50', work: { ioMs: 50, cpuMs: 0 } },
  { endpoint: 'cpu', ms: 5, path: '/cpu?ms=5', work: { ioMs: 0, cpuMs: 5 } },
  { endpoint: 'block', ms: 50, path: '/block?ms=50', work: null },
  { endpoint: 'leak', ms: 50, path: `/leak?ms=50&kib=${LEAK_KIB}`, work: { ioMs: 50, cpuMs: 0 } },
])('$endpoint', ({ endpoint, ms, path, work }) => {
  it(`is ${path}`, () => {
    expect(toEndpointPath(endpoint, ms)).toBe(path);
    expect(toEndpointWork(endpoint, ms)).toEqual(work);
  });
});

describe.each<{ model: ModelId; endpoint: Endpoint; holds: boolean }>([
  { model: 'gunicorn-sync', endpoint: 'leak', holds: true },
  { model: 'gunicorn-gthread', endpoint: 'io', holds: true },
  { model: 'uvicorn', endpoint: 'leak', holds: false },
  { model: 'hypercorn', endpoint: 'io', holds: false },
  { model: 'daphne', endpoint: 'block', holds: true },
])('holdsSlotWhileWaiting($model, $endpoint)', ({ model, endpoint, holds }) => {
  it(`is ${holds}`, () => expect(holdsSlotWhileWaiting(model, endpoint)).toBe(holds));
});
