import { describe, expect, it } from 'vitest';
import { computeCv, computeMedian, computeStat, toStat } from '../../../src/bench/stats.ts';

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

it('toStat is null for no values and computeStat otherwise', () => {
  expect(toStat([])).toBeNull();
  expect(toStat([2, 1])).toEqual(computeStat([2, 1]));
});
