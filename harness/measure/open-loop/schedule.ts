/**
 * When each request is due: the fixed schedule that makes the load open-loop. It is decided
 * before the run and never waits for an answer, so a stalled server cannot slow it down.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { mersenne } from 'pure-rand/generator/mersenne';
import type { z } from 'zod';
import type { ArrivalSchema } from './options.ts';

/** What a schedule depends on. */
export interface ScheduleSpec {
  rateRps: number;
  arrival: z.infer<typeof ArrivalSchema>;
  /** Seed of the Poisson gaps; ignored for constant arrivals. */
  seed: number;
}

/**
 * A generator of intended send times, in ms after the schedule's start, the first at 0.
 * Constant: the i-th at exactly i * 1000 / rate (computed from i, so no rounding accumulates).
 * Poisson: gaps drawn from the exponential distribution with mean 1000 / rate, from a seeded
 * Mersenne Twister, so a seed always gives the same arrivals.
 */
export function createSchedule(spec: ScheduleSpec): () => number {
  const intervalMs = 1000 / spec.rateRps;
  if (spec.arrival === 'constant') {
    let index = 0;
    return () => index++ * intervalMs;
  }
  const rng = mersenne(spec.seed);
  let next = 0;
  return () => {
    const at = next;
    // 1 - u is in (0, 1], so the logarithm is finite.
    next += -Math.log(1 - uniformFloat64(rng)) * intervalMs;
    return at;
  };
}

/** The first `count` intended send times of a schedule (for tests and plots). */
export function listArrivals(spec: ScheduleSpec, count: number): number[] {
  const next = createSchedule(spec);
  return Array.from({ length: count }, () => next());
}
