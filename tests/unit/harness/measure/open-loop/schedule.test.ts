import { describe, expect, it } from 'vitest';
import { createSchedule, listArrivals } from '../../../../../harness/measure/open-loop/schedule.ts';

describe.each([
  { rateRps: 200, first: [0, 5, 10, 15, 20] },
  { rateRps: 1, first: [0, 1000, 2000, 3000, 4000] },
  { rateRps: 3, first: [0, 333.333, 666.667, 1000, 1333.333] },
  { rateRps: 8000, first: [0, 0.125, 0.25, 0.375, 0.5] },
])('constant arrivals at $rateRps req/s', ({ rateRps, first }) => {
  const spec = { rateRps, arrival: 'constant' as const, seed: 1 };

  it('puts the i-th request at exactly i / rate', () => {
    listArrivals(spec, first.length).forEach((at, i) => expect(at).toBeCloseTo(first[i] ?? -1, 3));
  });

  it('does not drift over a million arrivals', () => {
    const next = createSchedule(spec);
    let at = 0;
    for (let i = 0; i <= 1_000_000; i++) at = next();
    expect(at).toBeCloseTo((1_000_000 * 1000) / rateRps, 3);
  });
});

describe.each([
  { rateRps: 10, seed: 1 },
  { rateRps: 500, seed: 42 },
  { rateRps: 20_000, seed: 7 },
])('Poisson arrivals at $rateRps req/s, seed $seed', ({ rateRps, seed }) => {
  const spec = { rateRps, arrival: 'poisson' as const, seed };
  const count = 100_000;
  const arrivals = listArrivals(spec, count + 1);
  const gaps = arrivals.slice(1).map((at, i) => at - (arrivals[i] ?? 0));

  it('is the same for the same seed and differs for another', () => {
    expect(listArrivals(spec, 50)).toEqual(arrivals.slice(0, 50));
    expect(listArrivals({ ...spec, seed: seed + 1 }, 50)).not.toEqual(arrivals.slice(0, 50));
  });

  it('offers the rate on average (within 2 % over 100 000 arrivals)', () => {
    const achieved = count / ((arrivals[count] ?? 0) / 1000);
    expect(Math.abs(achieved / rateRps - 1)).toBeLessThan(0.02);
  });

  it('has exponential gaps: positive, standard deviation equal to the mean (within 3 %)', () => {
    expect(Math.min(...gaps)).toBeGreaterThan(0);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    expect(Math.abs(sd / mean - 1)).toBeLessThan(0.03);
    // Memorylessness shows as P(gap > mean) = 1/e.
    const longer = gaps.filter((g) => g > 1000 / rateRps).length / gaps.length;
    expect(longer).toBeCloseTo(Math.exp(-1), 2);
  });
});
