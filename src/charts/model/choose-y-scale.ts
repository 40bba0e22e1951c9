/**
 * The y scale a chart opens on, chosen from its data: when a metric's values span more than two
 * orders of magnitude, a linear axis flattens the small series onto zero (sync's 20 req/s under
 * an event loop's thousands) and hides a bound drawn near them, so such a metric opens on a log
 * axis. The reader can still switch; the build-time images use the same rule.
 */
import type { ScaleType } from './chart-definition.ts';

/** The largest ratio of the highest to the lowest value that a linear axis still shows well. */
export const LINEAR_SPAN_LIMIT = 100;

/**
 * `logarithmic` when the positive values span more than {@link LINEAR_SPAN_LIMIT} (max / min),
 * `linear` otherwise. Zeros and gaps are left out: a log axis cannot show them, and a metric
 * that is all zeros (no errors) has nothing to spread.
 */
export function chooseYScale(values: readonly (number | null)[]): ScaleType {
  const positive = values.filter((value): value is number => value !== null && value > 0);
  if (positive.length < 2) return 'linear';
  return Math.max(...positive) / Math.min(...positive) > LINEAR_SPAN_LIMIT
    ? 'logarithmic'
    : 'linear';
}
