import { describe, expect, it } from 'vitest';
import { summarizeRepetitions } from '../../../src/bench/summary.ts';
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

  it('refuses no repetitions', () => {
    expect(() => summarizeRepetitions([], 0.1)).toThrowErrorMatchingInlineSnapshot(
      `[Error: cannot summarize a point with no repetitions]`,
    );
  });
});
