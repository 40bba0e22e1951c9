/**
 * A metric's summary that the harness does not store, computed from a point's repetitions the
 * way the harness computes the others. Shared by every metric module (`metrics.ts` and the
 * container, open-loop and spread metrics).
 */
import type { BenchPoint, BenchRepetition, Stat } from '../../bench/schema.ts';
import { toStat } from '../../bench/stats.ts';

/** Median, min and max over the repetitions that measured it; null when none did. */
export function summarizeMetric(read: (r: BenchRepetition, point: BenchPoint) => number | null) {
  return (point: BenchPoint): Stat | null =>
    toStat(point.repetitions.map((r) => read(r, point)).filter((value) => value !== null));
}
