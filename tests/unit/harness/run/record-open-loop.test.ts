import { describe, expect, it } from 'vitest';
import { createDurationHistogram } from '../../../../harness/measure/open-loop/histogram.ts';
import type { OpenPointSpec } from '../../../../harness/run/open-loop-plan.ts';
import {
  resolveCapacities,
  summarizeOpenLoopPoint,
} from '../../../../harness/run/record-open-loop.ts';
import type { Capacity } from '../../../../src/bench/schema.ts';
import { makeRepetition } from '../../../support/bench-factory.ts';
import { CAPACITY, makeOpenLoopRepetition } from '../../../support/open-loop-factory.ts';

const SERVER = 'gunicorn-sync-w3-t1';

function makeSpec(capacity: OpenPointSpec['openLoop']['capacity'], share = 1): OpenPointSpec {
  return {
    model: 'gunicorn-sync',
    endpoint: 'io',
    endpointMs: 50,
    concurrency: 1024,
    workers: 3,
    threads: 1,
    slowClients: 0,
    openLoop: { arrival: 'constant', share, capacity },
  };
}

describe('resolveCapacities', () => {
  const probe: Capacity = { ...CAPACITY, id: `${SERVER}/io-50/probe-c64`, from: 'probe', rps: 58 };
  const points = [
    makeSpec({ from: 'configuration', rps: 60, why: 'Little' }, 0.5),
    makeSpec({ from: 'configuration', rps: 60, why: 'Little' }, 0.9),
    makeSpec({ from: 'probe', concurrency: 64, estimateRps: 60 }),
    makeSpec({ from: 'point', concurrency: 2, estimateRps: 40 }),
  ];
  const closed = [41, 39, 40].map((throughputRps) => makeRepetition({ throughputRps }));

  it('derives, takes the probe, or takes the closed point median: one capacity per id', () => {
    const found = resolveCapacities(SERVER, points, new Map([[probe.id, probe]]), (id) =>
      id === 'gunicorn-sync/io-50/c2/w3t1' ? closed : undefined,
    );
    expect([...found.values()].map((c) => [c.id, c.from, c.rps])).toEqual([
      [`${SERVER}/io-50`, 'configuration', 60],
      [`${SERVER}/io-50/probe-c64`, 'probe', 58],
      [`${SERVER}/io-50/c2`, 'point', 40],
    ]);
  });

  it('says which closed-loop point a scenario forgot to measure', () => {
    expect(() =>
      resolveCapacities(SERVER, points, new Map([[probe.id, probe]]), () => undefined),
    ).toThrow(
      'open-loop point gunicorn-sync/io-50/constant-100pct-of-c2/w3t1 takes its rate from closed-loop point gunicorn-sync/io-50/c2/w3t1, which the scenario does not measure',
    );
  });
});

describe('summarizeOpenLoopPoint', () => {
  /** A repetition whose latencies are `values` (ms), with its histograms. */
  function makeRun(index: number, values: number[]) {
    const latency = createDurationHistogram();
    const service = createDurationHistogram();
    for (const v of values) {
      latency.record(v);
      service.record(v - 1);
    }
    const l = latency.summarise();
    const s = service.summarise();
    if (!l || !s) throw new Error('no values');
    return {
      rep: makeOpenLoopRepetition(
        index,
        { requests: values.length, latencyMs: l },
        { serviceMs: s },
      ),
      histograms: { latency: latency.encode(), service: service.encode() },
    };
  }
  const runs = [makeRun(0, [50, 51, 52]), makeRun(1, [60, 61, 300]), makeRun(2, [55])];
  const summary = summarizeOpenLoopPoint(
    makeSpec({ from: 'configuration', rps: 60, why: 'Little' }, 0.75),
    CAPACITY,
    runs.map((r) => r.rep),
    runs.map((r) => r.histograms),
  );

  it('states the load as a share of its capacity', () => {
    expect(summary).toMatchObject({
      arrival: 'constant',
      rateRps: 45,
      share: 0.75,
      capacityId: CAPACITY.id,
    });
  });

  it('rests its percentiles on every repetition together', () => {
    expect(summary.completed).toBe(7);
    expect(summary.latencyMs.p50).toBeCloseTo(55, 1);
    expect(summary.latencyMs.max).toBe(300);
    expect(summary.serviceMs.max).toBe(299);
    expect(summary.generatorFlagged).toBe(0);
  });
});
