import { describe, expect, it } from 'vitest';
import {
  createDurationHistogram,
  summariseEncoded,
} from '../../../../../harness/measure/open-loop/histogram.ts';

/** A histogram holding `values` (ms). */
function fill(values: readonly number[]) {
  const histogram = createDurationHistogram();
  for (const v of values) histogram.record(v);
  return histogram;
}

const range = (from: number, count: number, step = 1): number[] =>
  Array.from({ length: count }, (_, i) => from + i * step);

describe.each([
  { name: 'one run', runs: [range(1, 1000)] },
  { name: 'three runs of different spread', runs: [range(1, 300), range(50, 500, 2), [2000]] },
  { name: 'a run that recorded nothing', runs: [range(10, 200), []] },
])('summariseEncoded: $name', ({ runs }) => {
  it('gives what one histogram of every value gives', () => {
    const merged = summariseEncoded(
      runs.map((values) => {
        const histogram = fill(values);
        return { histogram: histogram.encode(), maxMs: histogram.summarise()?.max ?? null };
      }),
    );
    expect(merged).toEqual(fill(runs.flat()).summarise());
    expect(merged?.max).toBe(Math.max(...runs.flat()));
  });
});

describe('encode', () => {
  it('is null for an empty histogram, and the sum of nothing is null', () => {
    expect(createDurationHistogram().encode()).toBeNull();
    expect(summariseEncoded([{ histogram: null, maxMs: null }])).toBeNull();
    expect(summariseEncoded([])).toBeNull();
  });
});
