/**
 * Summary statistics, as the datasets define them (`StatSchema`): pure functions over numbers,
 * shared by the harness (which writes summaries) and the site (which recomputes spreads).
 */
import type { Quantiles, Stat } from './schema.ts';

/** Median; the mean of the two middle values for an even count. Throws on an empty list. */
export function computeMedian(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  const lower = sorted[mid - 1] ?? upper;
  return sorted.length % 2 === 1 ? upper : (lower + upper) / 2;
}

/** Median, minimum and maximum. Throws on an empty list. */
export function computeStat(values: readonly number[]): Stat {
  return { median: computeMedian(values), min: Math.min(...values), max: Math.max(...values) };
}

/** Median, minimum and maximum, or null for no values (nothing was measured). */
export function toStat(values: readonly number[]): Stat | null {
  return values.length === 0 ? null : computeStat(values);
}

/** Sample coefficient of variation (stdev with n-1 / mean); 0 for one value or a zero mean. */
export function computeCv(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (mean === 0) return 0;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1);
  return Math.sqrt(variance) / mean;
}

/** The q-quantile (0..1), linear between the closest ranks (Hyndman-Fan type 7, like numpy). */
export function computeQuantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('quantile of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const low = sorted[Math.floor(rank)] ?? 0;
  const high = sorted[Math.ceil(rank)] ?? low;
  return low + (high - low) * (rank - Math.floor(rank));
}

/** Min, p10, median, p90 and max; all 0 for no values (nothing was counted). */
export function computeQuantiles(values: readonly number[]): Quantiles {
  if (values.length === 0) return { min: 0, p10: 0, median: 0, p90: 0, max: 0 };
  const at = (q: number): number => computeQuantile(values, q);
  return { min: at(0), p10: at(0.1), median: at(0.5), p90: at(0.9), max: at(1) };
}
