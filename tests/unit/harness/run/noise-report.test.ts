import { describe, expect, it } from 'vitest';
import {
  boundServerShare,
  countNoisyPoints,
  formatNoiseCount,
} from '../../../../harness/run/noise-report.ts';
import { makeDataset, makePoint, makeRepetition } from '../../../support/bench-factory.ts';

// One server CPU and one client CPU: a contending share of 0.2 over both is 0.4 of one CPU.
describe.each([
  {
    name: 'an idle server and a busy wrk',
    rep: { contendingCpuShare: 0.2, clientCpuCores: 0.9, serverCpuCores: 0.1 },
    bounds: { atLeast: 0.3, atMost: 0.4 },
  },
  {
    name: 'room for all of it on the client CPU',
    rep: { contendingCpuShare: 0.2, clientCpuCores: 0.1, serverCpuCores: 0.1 },
    bounds: { atLeast: 0, atMost: 0.4 },
  },
  {
    name: 'a server that used its whole CPU',
    rep: { contendingCpuShare: 0.2, clientCpuCores: 0.1, serverCpuCores: 1 },
    bounds: { atLeast: 0, atMost: 0 },
  },
])('boundServerShare: $name', ({ rep, bounds }) => {
  it(`is ${bounds.atLeast} to ${bounds.atMost}`, () => {
    const b = boundServerShare(rep, 1, 1);
    expect(b.atLeast).toBeCloseTo(bounds.atLeast, 10);
    expect(b.atMost).toBeCloseTo(bounds.atMost, 10);
  });
});

describe('countNoisyPoints', () => {
  it('counts exactly where serverCpuContention was recorded', () => {
    const dataset = makeDataset([
      makePoint({ id: 'a' }, [makeRepetition({ serverCpuContention: 0.3, otherCpuShare: 0.3 })]),
      makePoint({ id: 'b' }, [makeRepetition({ serverCpuContention: 0.02, otherCpuShare: 0.6 })]),
    ]);
    const count = countNoisyPoints(dataset);
    expect(count).toEqual({
      id: 'sweep-io',
      points: 2,
      flaggedAsRecorded: 1,
      contended: 1,
      estimate: null,
      slowCpu: null,
    });
    expect(formatNoiseCount(count, 0.1)).toBe(
      'sweep-io: 2 points; 1 flagged noisy as recorded; 1 contended (serverCpuContention > 0.1)',
    );
  });

  it('bounds the count of an older dataset from contendingCpuShare', () => {
    const old = (id: string, contendingCpuShare: number) =>
      makePoint({ id }, [
        makeRepetition({
          contendingCpuShare,
          otherCpuShare: 0.5,
          clientCpuCores: 0.9,
          serverCpuCores: 0.1,
        }),
      ]);
    const count = countNoisyPoints(makeDataset([old('a', 0.2), old('b', 0.06), old('c', 0.01)]));
    expect(count).toMatchObject({
      flaggedAsRecorded: 3,
      contended: null,
      estimate: { atLeast: 1, atMost: 2 },
    });
    expect(formatNoiseCount(count, 0.1)).toBe(
      'sweep-io: 3 points; 3 flagged noisy as recorded; 1 to 2 by the server-CPU rule, estimated from contendingCpuShare (serverCpuContention not recorded)',
    );
  });
});

describe('countNoisyPoints with the CPU probe', () => {
  const rep = (slowdown: number, serverCpuContention = 0) =>
    makeRepetition({
      serverCpuContention,
      cpuProbe: { beforeLoopsPerMs: 20_000, afterLoopsPerMs: 20_000, slowdown },
    });
  it('counts the points with a slow probe beside the contended ones', () => {
    const dataset = makeDataset([
      makePoint({ id: 'a' }, [rep(0.01), rep(0.2)]),
      makePoint({ id: 'b' }, [rep(0.3, 0.5)]),
      makePoint({ id: 'c' }, [rep(0.04, 0.5)]),
      makePoint({ id: 'd' }, [rep(0)]),
    ]);
    dataset.settings.cpuProbeThreshold = 0.05;
    const count = countNoisyPoints(dataset);
    expect(count).toMatchObject({ contended: 2, slowCpu: { points: 2, threshold: 0.05 } });
    expect(formatNoiseCount(count, 0.1)).toBe(
      'sweep-io: 4 points; 2 flagged noisy as recorded; 2 contended (serverCpuContention > 0.1); 2 with a slow CPU probe (slowdown > 0.05)',
    );
  });
});
