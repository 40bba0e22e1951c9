import { describe, expect, it } from 'vitest';
import {
  holdsDbConnectionFor,
  holdsSlotWhileWaiting,
  toEndpointPath,
  toEndpointWork,
} from '../../../src/bench/endpoints.ts';
import type { DbAccess } from '../../../src/bench/database-schema.ts';
import type { Endpoint, ModelId } from '../../../src/bench/schema.ts';

describe.each<{ endpoint: Endpoint; ms: number; path: string; holds: number | null }>([
  { endpoint: 'hello', ms: 0, path: '/hello', holds: null },
  { endpoint: 'io', ms: 50, path: '/io?ms=50', holds: null },
  { endpoint: 'db', ms: 0, path: '/db', holds: null },
  { endpoint: 'slow-query', ms: 20, path: '/slow-query?ms=20', holds: 20 },
])('$endpoint', ({ endpoint, ms, path, holds }) => {
  it(`is requested as ${path}`, () => expect(toEndpointPath(endpoint, ms)).toBe(path));
  it(`holds a database connection for ${holds ?? 'no set time'}`, () =>
    expect(holdsDbConnectionFor(endpoint, ms)).toBe(holds));
});

describe.each<{ endpoint: Endpoint; work: ReturnType<typeof toEndpointWork> }>([
  { endpoint: 'slow-query', work: { ioMs: 20, cpuMs: 0 } },
  { endpoint: 'db', work: null },
])('toEndpointWork($endpoint, 20)', ({ endpoint, work }) => {
  it('says what the request waits for and works', () =>
    expect(toEndpointWork(endpoint, 20)).toEqual(work));
});

describe.each<{ model: ModelId; endpoint: Endpoint; access?: DbAccess; holds: boolean }>([
  { model: 'gunicorn-sync', endpoint: 'slow-query', access: 'sync', holds: true },
  { model: 'gunicorn-gthread', endpoint: 'slow-query', access: 'sync', holds: true },
  { model: 'gunicorn-gevent', endpoint: 'slow-query', access: 'sync', holds: false },
  { model: 'uvicorn', endpoint: 'slow-query', access: 'async', holds: false },
  { model: 'uvicorn', endpoint: 'slow-query', access: 'sync-in-async', holds: true },
  { model: 'uvicorn', endpoint: 'db', access: 'sync-in-async', holds: true },
  { model: 'uvicorn', endpoint: 'slow-query', access: 'sync-to-async', holds: false },
  { model: 'uvicorn', endpoint: 'io', holds: false },
])('holdsSlotWhileWaiting($model, $endpoint, $access)', ({ model, endpoint, access, holds }) => {
  it(`is ${holds}`, () => expect(holdsSlotWhileWaiting(model, endpoint, access)).toBe(holds));
});
