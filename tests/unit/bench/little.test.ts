import { describe, expect, it } from 'vitest';
import type { BenchPoint } from '../../../src/bench/schema.ts';
import { computeLittleBound, computeThroughputBound } from '../../../src/bench/little.ts';
import { makePoint } from '../../support/bench-factory.ts';

it('computeLittleBound is slots x 1000 / ms', () => {
  expect(computeLittleBound(3, 50)).toBe(60);
  expect(computeLittleBound(1, 5)).toBe(200);
});

describe.each([
  { name: 'sync, 3 workers, io 50 ms', point: {}, limit: 60 },
  { name: 'sync, 1 worker', point: { workers: 1, id: 'x/w1' }, limit: 20 },
  {
    name: 'gthread, 3 x 4 threads',
    point: { model: 'gunicorn-gthread' as const, threads: 4 },
    limit: 240,
  },
  {
    name: 'gevent is bounded by connections only',
    point: { model: 'gunicorn-gevent' as const },
    limit: 64 * 20,
  },
  {
    name: 'uvicorn block holds the worker',
    point: { model: 'uvicorn' as const, endpoint: 'block' as const, workers: 1 },
    limit: 20,
  },
  {
    name: 'cpu 5 ms on one server CPU',
    point: { model: 'uvicorn' as const, endpoint: 'cpu' as const, endpointMs: 5 },
    limit: 200,
  },
  { name: 'hello has no bound', point: { endpoint: 'hello' as const, endpointMs: 0 }, limit: null },
  { name: 'db has no bound', point: { endpoint: 'db' as const, endpointMs: 0 }, limit: null },
  {
    name: 'slow query 20 ms, sync: the worker holds its slot (3 x 50)',
    point: {
      endpoint: 'slow-query' as const,
      endpointMs: 20,
      poolSize: 1,
      dbConnections: 'pool' as const,
    },
    limit: 150,
  },
  {
    name: 'slow query, gevent with a pool of 2: the pool binds (3 x 2 x 50)',
    point: {
      model: 'gunicorn-gevent' as const,
      endpoint: 'slow-query' as const,
      endpointMs: 20,
      poolSize: 2,
      dbConnections: 'pool' as const,
    },
    limit: 300,
  },
  {
    name: 'slow query, uvicorn with a pool of 20 at 16 connections: the connections bind',
    point: {
      model: 'uvicorn' as const,
      workers: 1,
      concurrency: 16,
      endpoint: 'slow-query' as const,
      endpointMs: 20,
      poolSize: 20,
      dbConnections: 'pool' as const,
    },
    limit: 800,
  },
  {
    name: 'slow query, the sync driver inside async def holds the loop (1 x 50)',
    point: {
      model: 'uvicorn' as const,
      workers: 1,
      endpoint: 'slow-query' as const,
      endpointMs: 20,
      poolSize: 4,
      dbConnections: 'pool' as const,
      dbAccess: 'sync-in-async' as const,
    },
    limit: 50,
  },
  {
    name: 'slow query, a connection per request: only the connections bind',
    point: {
      model: 'gunicorn-gevent' as const,
      endpoint: 'slow-query' as const,
      endpointMs: 20,
      dbConnections: 'per-request' as const,
    },
    limit: 64 * 50,
  },
])('computeThroughputBound: $name', ({ point, limit }) => {
  it(`is ${limit ?? 'none'}`, () => {
    expect(computeThroughputBound(makePoint(point as Partial<BenchPoint>), 1)?.limit ?? null).toBe(
      limit,
    );
  });
});
