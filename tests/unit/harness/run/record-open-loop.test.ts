import { describe, expect, it } from 'vitest';
import { createDurationHistogram } from '../../../../harness/measure/open-loop/histogram.ts';
import type { OpenPointSpec } from '../../../../harness/run/open-loop-plan.ts';
import {
  measureProbes,
  resolveCapacities,
  summarizeOpenLoopPoint,
} from '../../../../harness/run/record-open-loop.ts';
import type { PointSpec } from '../../../../harness/scenarios/scenario.ts';
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
        { latencyMs: l },
        { completed: values.length, serviceMs: s },
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

describe('measureProbes', () => {
  const spec = makeSpec({ from: 'probe', concurrency: 4, estimateRps: 160 });
  /** A measure that answers with these throughputs in turn, recording what it was asked. */
  function fakeMeasure(throughputs: number[]) {
    const asked: number[] = [];
    const measure = (point: PointSpec) => {
      asked.push(point.concurrency);
      const throughputRps = throughputs.shift() ?? 0;
      return Promise.resolve({
        ...makeRepetition({ throughputRps }),
        noisyRetries: 0,
        quietWaitS: 0,
      });
    };
    return { asked, measure };
  }

  it('probes each distinct rule once, closed loop at its concurrency', async () => {
    const { asked, measure } = fakeMeasure([150]);
    const found = await measureProbes(
      SERVER,
      [spec, { ...spec, openLoop: { ...spec.openLoop, share: 0.5 } }],
      measure,
      { warmupS: 1 },
      () => {},
    );
    expect(asked).toEqual([4]);
    expect(found.get(`${SERVER}/io-50/probe-c4`)).toMatchObject({
      rps: 150,
      from: 'probe',
      probe: { concurrency: 4 },
    });
  });

  it('probes once more when the first got no answer, and gives up after the second', async () => {
    const lines: string[] = [];
    const again = fakeMeasure([0, 140]);
    const found = await measureProbes(SERVER, [spec], again.measure, { warmupS: 1 }, (l) =>
      lines.push(l),
    );
    expect(again.asked).toEqual([4, 4]);
    expect(found.get(`${SERVER}/io-50/probe-c4`)?.rps).toBe(140);
    expect(lines[0]).toContain('the probe got no answer in its window; probing once more');
    await expect(
      measureProbes(SERVER, [spec], fakeMeasure([0, 0]).measure, { warmupS: 1 }, () => {}),
    ).rejects.toThrow(`capacity ${SERVER}/io-50/probe-c4 measured 0 req/s`);
  });
});
