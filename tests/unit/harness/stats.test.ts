import { describe, expect, it } from 'vitest';
import {
  computeCv,
  computeMedian,
  computeStat,
  createRandom,
  shuffle,
  summarizeRepetitions,
} from '../../../harness/lib/stats.ts';
import { makeRepetition } from './factories.ts';

describe.each([
  { values: [5], median: 5, min: 5, max: 5 },
  { values: [3, 1, 2], median: 2, min: 1, max: 3 },
  { values: [4, 1, 3, 2], median: 2.5, min: 1, max: 4 },
  { values: [0, 0, 0], median: 0, min: 0, max: 0 },
])('computeStat($values)', ({ values, median, min, max }) => {
  it('gives median, min and max', () => {
    expect(computeStat(values)).toEqual({ median, min, max });
    expect(computeMedian(values)).toBe(median);
  });
});

it('computeMedian refuses an empty list', () => {
  expect(() => computeMedian([])).toThrowErrorMatchingInlineSnapshot(
    `[Error: median of an empty list]`,
  );
});

describe.each([
  { values: [10], cv: 0 },
  { values: [10, 10, 10], cv: 0 },
  { values: [0, 0], cv: 0 },
  { values: [90, 100, 110], cv: 0.1 },
])('computeCv($values)', ({ values, cv }) => {
  it(`is ${cv}`, () => {
    expect(computeCv(values)).toBeCloseTo(cv, 10);
  });
});

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

describe.each([{ seed: 1 }, { seed: 42 }, { seed: 2 ** 31 - 1 }])(
  'shuffle with seed $seed',
  ({ seed }) => {
    it('is a reproducible permutation', () => {
      const items = Array.from({ length: 20 }, (_, i) => i);
      const a = shuffle(items, createRandom(seed));
      expect(shuffle(items, createRandom(seed))).toEqual(a);
      expect([...a].sort((x, y) => x - y)).toEqual(items);
    });
  },
);
