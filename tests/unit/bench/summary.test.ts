import { describe, expect, it } from 'vitest';
import { readOkThroughput, summarizeRepetitions } from '../../../src/bench/summary.ts';
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
