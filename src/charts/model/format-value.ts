/**
 * Numbers and x positions as they read: with the metric's precision and unit, en-US digits so
 * tests and readers agree. Every number comes from the chart data.
 */
import { METRICS, type MetricId } from './metrics.ts';
import type { ChartData } from './to-chart-data.ts';

const formatters = new Map<number, Intl.NumberFormat>();

/** Formats a number with the metric's precision (en-US digits, so tests and readers agree). */
export function formatNumber(value: number, metric: MetricId): string {
  const digits = METRICS[metric].digits;
  let formatter = formatters.get(digits);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits });
    formatters.set(digits, formatter);
  }
  return formatter.format(value);
}

/** Formats a number followed by the metric's unit, e.g. `1,234.5 req/s`. */
export function formatValue(value: number, metric: MetricId): string {
  return `${formatNumber(value, metric)} ${METRICS[metric].unit}`;
}

/** A numeric x as the axis has it; an offered rate (a share of a measured rate) to 2 digits. */
const xFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, useGrouping: false });

/** An x position as it reads on the axis: the number, or a categorical field's value label. */
export function formatXValue(x: ChartData['x'], position: number): string {
  return x.categories?.[position]?.label ?? xFormat.format(position);
}

/** How an x value reads, e.g. `Connections: 64`. */
export function formatX(data: ChartData, x: number): string {
  return `${data.x.label}: ${formatXValue(data.x, x)}`;
}
