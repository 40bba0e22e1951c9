import { describe, expect, it } from 'vitest';
import {
  isNoisy,
  measureNoiseExcess,
  readOkThroughput,
  summarizeRepetitions,
} from '../../../src/bench/summary.ts';
import { makeRepetition } from '../../support/bench-factory.ts';

describe('summarizeRepetitions', () => {
  it('summarizes every metric and flags noise', () => {
    const reps = [
      makeRepetition({ index: 0, throughputRps: 50, otherCpuShare: 0.02 }),
      makeRepetition({ index: 1, throughputRps: 60, otherCpuShare: 0.3 }),
      makeRepetition({ index: 2, throughputRps: 70, otherCpuShare: 0.05 }),
    ];
    const summary = summarizeRepetitions(reps, 0.1);
    expect(summary.throughputRps).toEqual({ median: 60, min: 50, max: 70 });
    expect(summary.throughputCv).toBeCloseTo(10 / 60, 10);
    expect(summary.noisy).toBe(true);
    expect(summarizeRepetitions(reps, 0.5).noisy).toBe(false);
  });

  it('summarizes latency only over repetitions that completed requests', () => {
    const none = { p50: null, p90: null, p99: null, p999: null, max: null, mean: null };
    const stalled = makeRepetition({ index: 0, requests: 0, throughputRps: 0, latencyMs: none });
    const reps = [stalled, makeRepetition({ index: 1 })];
    expect(summarizeRepetitions(reps, 0.1).latencyMs.p99).toEqual({ median: 52, min: 52, max: 52 });
    expect(summarizeRepetitions([stalled], 0.1).latencyMs.p99).toBeNull();
  });

  it('judges noise on server CPU contention where recorded, and summarizes it', () => {
    const reps = [
      makeRepetition({
        index: 0,
        otherCpuShare: 0.9,
        serverCpuContention: 0.02,
        clientSaturated: false,
      }),
      makeRepetition({
        index: 1,
        otherCpuShare: 0.9,
        serverCpuContention: 0.04,
        clientSaturated: true,
      }),
    ];
    const summary = summarizeRepetitions(reps, 0.1);
    expect(summary.noisy).toBe(false);
    expect(summary.serverCpuContention).toEqual({ median: 0.03, min: 0.02, max: 0.04 });
    expect(summary.clientSaturated).toBe(true);
  });

  it('adds no new field to the summary of repetitions recorded before them', () => {
    const summary = summarizeRepetitions([makeRepetition()], 0.1);
    expect(Object.keys(summary)).toEqual([
      'throughputRps',
      'throughputCv',
      'latencyMs',
      'errorsTotal',
      'serverCpuCores',
      'pssBytesMax',
      'idlePssBytes',
      'otherCpuShare',
      'contendingCpuShare',
      'noisy',
    ]);
  });

  it('refuses no repetitions', () => {
    expect(() => summarizeRepetitions([], 0.1)).toThrowErrorMatchingInlineSnapshot(
      `[Error: cannot summarize a point with no repetitions]`,
    );
  });
});

describe('readOkThroughput', () => {
  it.each([
    { statusCounts: undefined, durationS: 3, expected: null },
    { statusCounts: { '200': 300, '503 pool-timeout': 60 }, durationS: 3, expected: 100 },
    { statusCounts: { '503 database-unavailable': 9 }, durationS: 3, expected: 0 },
  ])('$statusCounts over $durationS s: $expected answers 200 a second', (rep) => {
    expect(readOkThroughput(rep)).toBe(rep.expected);
  });
});

// The noise rule with both measures: contention over 0.1, the CPU probe's slowdown over 0.05.
const probe = (slowdown: number) => ({
  cpuProbe: { beforeLoopsPerMs: 20_000, afterLoopsPerMs: 20_000, slowdown },
});
describe.each([
  { name: 'quiet and at speed', rep: { serverCpuContention: 0.02, ...probe(0.01) }, excess: -0.04 },
  { name: 'contended', rep: { serverCpuContention: 0.3, ...probe(0) }, excess: 0.2 },
  {
    name: 'a slow CPU, not contended',
    rep: { serverCpuContention: 0, ...probe(0.25) },
    excess: 0.2,
  },
  {
    name: 'both: the larger excess',
    rep: { serverCpuContention: 0.15, ...probe(0.35) },
    excess: 0.3,
  },
  {
    name: 'a slow CPU recorded before the probe',
    rep: { serverCpuContention: 0.02 },
    excess: -0.08,
  },
])('measureNoiseExcess: $name', ({ rep, excess }) => {
  const full = { otherCpuShare: 0.5, ...rep };
  it(`is ${excess}, so the repetition is${excess > 0 ? '' : ' not'} noisy`, () => {
    expect(measureNoiseExcess(full, 0.1, 0.05)).toBeCloseTo(excess, 10);
    expect(isNoisy(full, 0.1, 0.05)).toBe(excess > 0);
  });
});

describe('the noise rule of a dataset recorded without a probe threshold', () => {
  it('ignores a slowdown, so a summary recomputed from old settings stays as recorded', () => {
    expect(isNoisy({ serverCpuContention: 0, otherCpuShare: 0, ...probe(0.9) }, 0.1)).toBe(false);
  });
});

describe('summarizeRepetitions with the CPU probe', () => {
  const reps = [0.01, 0.08, 0.02].map((slowdown, index) =>
    makeRepetition({ index, serverCpuContention: 0, ...probe(slowdown) }),
  );
  it('flags the point when one window ran slow, and summarizes the slowdowns', () => {
    const summary = summarizeRepetitions(reps, 0.1, 0.05);
    expect(summary.noisy).toBe(true);
    expect(summary.cpuProbeSlowdown).toEqual({ median: 0.02, min: 0.01, max: 0.08 });
  });
  it('does not flag it under a looser threshold', () => {
    expect(summarizeRepetitions(reps, 0.1, 0.1).noisy).toBe(false);
  });
});
