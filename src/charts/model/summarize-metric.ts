/**
 * What every metric module (`metrics.ts` and the container, open-loop and spread metrics)
 * shares: a summary the harness does not store, computed from a point's repetitions the way the
 * harness computes the others, and how a share is shown as a percentage.
 */
import type { BenchPoint, BenchRepetition, Stat } from '../../bench/schema.ts';
import { toStat } from '../../bench/stats.ts';

/** Median, min and max over the repetitions that measured it; null when none did. */
export function summarizeMetric(read: (r: BenchRepetition, point: BenchPoint) => number | null) {
  return (point: BenchPoint): Stat | null =>
    toStat(point.repetitions.map((r) => read(r, point)).filter((value) => value !== null));
}

/** A share (0 to 1, or above) shown as a percentage with one decimal. */
export const PERCENT = { unit: '%', divisor: 0.01, digits: 1 } as const;
