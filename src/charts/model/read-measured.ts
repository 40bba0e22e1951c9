/**
 * Looks up one measured number for chapter prose (`<Measured>`), so no number is typed by hand.
 * A reference that does not match the chart's data throws, which stops the build.
 */
import { METRIC_IDS, type MetricId } from './metrics.ts';
import { ChartError } from './chart-error.ts';
import type { ChartData, ChartValue } from './to-chart-data.ts';

/** Which number: a chart, one of its series (by key), an x value and a metric. */
export interface MeasuredReference {
  chart: string;
  series: string;
  /**
   * An x value of the chart (for a categorical x, a category's value, e.g. `pgbouncer`), or the
   * series' highest or lowest x that has a measurement.
   */
  x: number | string;
  metric: string;
}

/** The value found, with what is needed to label it. */
export interface MeasuredValue {
  metric: MetricId;
  seriesLabel: string;
  /** The x value the reference resolved to. */
  x: number;
  value: ChartValue;
}

/** Finds the referenced value; throws a `ChartError` listing what would have matched. */
export function readMeasured(data: ChartData, reference: MeasuredReference): MeasuredValue {
  const x = typeof reference.x === 'number' ? `{${reference.x}}` : `"${reference.x}"`;
  const categories = data.x.categories?.map((category) => category.value);
  const where = `<Measured chart="${reference.chart}" series="${reference.series}" x=${x} metric="${reference.metric}">`;
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
  const values = series.values[metric] ?? [];
  const measured = values.flatMap((value, i) => (value ? [i] : []));
  const index =
    reference.x === 'max'
      ? (measured.at(-1) ?? -1)
      : reference.x === 'min'
        ? (measured[0] ?? -1)
        : typeof reference.x === 'string'
          ? data.x.values.indexOf(categories?.indexOf(reference.x) ?? -1)
          : data.x.values.indexOf(reference.x);
  if (reference.x !== 'max' && reference.x !== 'min' && index < 0) {
    const known = categories ?? data.x.values;
    return fail(`no ${data.x.field} ${reference.x} (this chart has: ${known.join(', ')})`);
  }
  const value = values[index] ?? null;
  const xValue = data.x.values[index];
  if (!value || xValue === undefined) {
    return fail(
      `series "${series.key}" has no ${metric} measurement at ${data.x.field} ${reference.x}`,
    );
  }
  return { metric, seriesLabel: series.label, x: xValue, value };
}
