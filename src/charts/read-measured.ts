/**
 * Looks up one measured number for chapter prose (`<Measured>`), so no number is typed by hand.
 * A reference that does not match the chart's data throws, which stops the build.
 */
import { METRIC_IDS, type MetricId } from './chart-constants.ts';
import { ChartError } from './chart-error.ts';
import type { ChartData, ChartValue } from './to-chart-data.ts';

/** Which number: a chart, one of its series (by key), an x value and a metric. */
export interface MeasuredReference {
  chart: string;
  series: string;
  x: number;
  metric: string;
}

/** The value found, with what is needed to label it. */
export interface MeasuredValue {
  metric: MetricId;
  seriesLabel: string;
  value: ChartValue;
}

/** Finds the referenced value; throws a `ChartError` listing what would have matched. */
export function readMeasured(data: ChartData, reference: MeasuredReference): MeasuredValue {
  const where = `<Measured chart="${reference.chart}" series="${reference.series}" x={${reference.x}} metric="${reference.metric}">`;
  const fail = (problem: string): never => {
    throw new ChartError(data.id, `${where}: ${problem}`);
  };
  const metric = METRIC_IDS.find((id) => id === reference.metric);
  if (!metric || !data.metrics.includes(metric)) {
    return fail(
      `unknown metric "${reference.metric}" (this chart has: ${data.metrics.join(', ')})`,
    );
  }
  const series = data.series.find((s) => s.key === reference.series);
  if (!series)
    return fail(`unknown series (this chart has: ${data.series.map((s) => s.key).join(', ')})`);
  const index = data.x.values.indexOf(reference.x);
  if (index < 0)
    return fail(`no ${data.x.field} ${reference.x} (this chart has: ${data.x.values.join(', ')})`);
  const value = series.values[metric]?.[index] ?? null;
  if (!value)
    return fail(
      `series "${series.key}" has no ${metric} measurement at ${data.x.field} ${reference.x}`,
    );
  return { metric, seriesLabel: series.label, value };
}
