/**
 * The spread metrics (issue 14): read from the per-worker counts of a window, they tell a
 * gthread shortfall that the division of connections explains from one it does not, and
 * connections starved inside a worker from workers that took unequal shares.
 */
import { describe, expect, it } from 'vitest';
import type { BenchRepetition } from '../../../../src/bench/schema.ts';
import { METRICS } from '../../../../src/charts/model/metrics.ts';
import {
  readBusiestWorkerConnections,
  readEvennessAcrossWorkers,
  readEvennessWithinWorkers,
  readSpreadBound,
  readSpreadBoundReached,
  SPREAD_METRIC_IDS,
} from '../../../../src/charts/model/spread-metrics.ts';
import { makePoint, makeRepetition } from '../../../support/bench-factory.ts';

/** Responses per connection, the same quantiles shape as the harness writes. */
const perConnection = (min: number, p10: number, median: number, p90: number, max: number) => ({
  min,
  p10,
  median,
  p90,
  max,
});

/** A worker with `connections` connections, each answered alike `each` times. */
const worker = (connections: number, each: number) => ({
  requests: connections * each,
  connections,
  requestsPerConnection: perConnection(each, each, each, each, each),
});

function withSpread(
  processes: NonNullable<BenchRepetition['spread']>['processes'],
  throughputRps: number,
  connectionsWithoutResponse = 0,
): BenchRepetition {
  const all = Object.values(processes);
  const requests = all.reduce((sum, p) => sum + p.requests, 0);
  return makeRepetition({
    throughputRps,
    spread: {
      processes,
      connectionsSeen: all.reduce((sum, p) => sum + p.connections, 0),
      connectionsWithoutResponse,
      requestsPerConnection: perConnection(0, 0, requests, requests, requests),
      untagged: 0,
    },
  });
}

const gthread = makePoint({
  id: 'gunicorn-gthread/io-50/c16/w3t4',
  model: 'gunicorn-gthread',
  concurrency: 16,
  workers: 3,
  threads: 4,
});

describe('how connections divide between gthread workers', () => {
  // 16 connections: 8, 6 and 2. Threads busy at once: 4 + 4 + 2 = 10, so 10 x 20 req/s.
  const uneven = withSpread({ 101: worker(8, 30), 102: worker(6, 30), 103: worker(2, 30) }, 196);
  // 6, 5 and 5: every thread of every worker busy, 12 x 20 req/s.
  const even = withSpread({ 101: worker(6, 30), 102: worker(5, 30), 103: worker(5, 30) }, 235);

  it('counts the connections of the worker that holds the most', () => {
    expect(readBusiestWorkerConnections(uneven, gthread)).toBe(8);
    expect(readBusiestWorkerConnections(even, gthread)).toBe(6);
  });

  it('bounds throughput by min(connections, threads) summed over the workers', () => {
    expect(readSpreadBound(uneven, gthread)).toBe(200);
    expect(readSpreadBound(even, gthread)).toBe(240);
  });

  it('gives the share of that bound the window reached', () => {
    expect(readSpreadBoundReached(uneven, gthread)).toBeCloseTo(0.98, 10);
  });

  it('counts one slot per sync worker, whatever the connections it saw', () => {
    const sync = makePoint({ model: 'gunicorn-sync', workers: 3, threads: 1 });
    const r = withSpread({ 1: worker(500, 1), 2: worker(400, 1), 3: worker(300, 1) }, 59);
    expect(readSpreadBound(r, sync)).toBe(60);
  });

  it('has no slot bound for an event loop or a hub, nor on an endpoint that does not wait', () => {
    const r = withSpread({ 1: worker(8, 30) }, 100);
    expect(readSpreadBound(r, makePoint({ model: 'gunicorn-gevent' }))).toBeNull();
    expect(readSpreadBound(r, makePoint({ model: 'uvicorn', workers: 1 }))).toBeNull();
    const hello = makePoint({ model: 'gunicorn-gthread', endpoint: 'hello', endpointMs: 0 });
    expect(readSpreadBound(r, hello)).toBeNull();
    expect(readSpreadBoundReached(r, hello)).toBeNull();
  });
});

describe('connections served alike, inside a worker and across workers', () => {
  const gevent = makePoint({ model: 'gunicorn-gevent', concurrency: 64 });

  it('reads starvation inside a worker as low evenness within, high across', () => {
    const starving = {
      requests: 400,
      connections: 20,
      requestsPerConnection: perConnection(1, 5, 20, 40, 60),
    };
    const r = withSpread({ 1: starving, 2: starving, 3: starving }, 400);
    expect(readEvennessWithinWorkers(r, gevent)).toBe(0.25);
    expect(readEvennessAcrossWorkers(r, gevent)).toBe(1);
  });

  it('reads unequal shares across workers as high evenness within, low across', () => {
    const r = withSpread({ 1: worker(40, 10), 2: worker(16, 25), 3: worker(8, 40) }, 400);
    expect(readEvennessWithinWorkers(r, gevent)).toBe(1);
    expect(readEvennessAcrossWorkers(r, gevent)).toBe(0.25);
  });
});

describe('connections that got nothing', () => {
  it('counts the connections wrk opened that no response came back on', () => {
    const r = withSpread({ 1: worker(300, 10), 2: worker(280, 10) }, 1000, 444);
    expect(METRICS.unansweredConnections.repetition(r, makePoint())).toBe(444);
  });
});

describe('a window without per-worker counts', () => {
  it('has none of the spread metrics, so a chart shows a gap rather than zero', () => {
    const r = makeRepetition();
    const point = makePoint({ repetitions: [r] });
    for (const id of SPREAD_METRIC_IDS) {
      expect(METRICS[id].repetition(r, point)).toBeNull();
      expect(METRICS[id].summary(point)).toBeNull();
    }
  });
});

describe('a point summary over its windows', () => {
  it('spans the windows: median, min and max of the bound', () => {
    const windows = [
      // A worker that answered nothing is not in the counts at all.
      withSpread({ 1: worker(16, 10) }, 79),
      withSpread({ 1: worker(6, 10), 2: worker(5, 10), 3: worker(5, 10) }, 235),
      withSpread({ 1: worker(10, 10), 2: worker(6, 10) }, 159),
    ].map((r, index) => ({ ...r, index, runOrder: index }));
    const point = makePoint({ ...gthread, repetitions: windows });
    expect(METRICS.spreadBound.summary(point)).toMatchObject({ median: 160, min: 80, max: 240 });
  });
});
