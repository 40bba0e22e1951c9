/**
 * The reader's view of a chart (metric, y scale, hidden series) and its place in the URL, so a
 * shared link opens the same view. Parameters are prefixed with the chart id because one page
 * can hold several charts; defaults are left out so plain links stay plain.
 */
import type { MetricId } from './metrics.ts';
import type { ScaleType } from './chart-definition.ts';
import type { ChartData } from './to-chart-data.ts';

/** What the reader chose to see. */
export interface ChartView {
  metric: MetricId;
  yScale: ScaleType;
  /** Keys of the series hidden from the legend, in series order. */
  hidden: string[];
}

/** The names of a chart's URL parameters. */
export function toParamNames(chartId: string): { metric: string; scale: string; hide: string } {
  return { metric: `${chartId}-metric`, scale: `${chartId}-scale`, hide: `${chartId}-hide` };
}

/** The view a chart opens with when the URL says nothing. */
export function toDefaultView(data: ChartData): ChartView {
  return { metric: data.metrics[0] ?? 'throughput', yScale: data.yScale, hidden: [] };
}

/** Reads a view from URL parameters; values that do not fit the chart fall back to defaults. */
export function readView(data: ChartData, params: URLSearchParams): ChartView {
  const names = toParamNames(data.id);
  const fallback = toDefaultView(data);
  const metric = params.get(names.metric);
  const scale = params.get(names.scale);
  const hide = new Set((params.get(names.hide) ?? '').split(',').filter(Boolean));
  return {
    metric: data.metrics.find((m) => m === metric) ?? fallback.metric,
    yScale: scale === 'log' ? 'logarithmic' : scale === 'linear' ? 'linear' : fallback.yScale,
    hidden: data.series.map((series) => series.key).filter((key) => hide.has(key)),
  };
}

/** Writes a view into URL parameters (in place), leaving defaults out. */
export function writeView(
  data: ChartData,
  view: ChartView,
  params: URLSearchParams,
): URLSearchParams {
  const names = toParamNames(data.id);
  const fallback = toDefaultView(data);
  const set = (name: string, value: string | null) =>
    value === null ? params.delete(name) : params.set(name, value);
  set(names.metric, view.metric === fallback.metric ? null : view.metric);
  set(
    names.scale,
    view.yScale === fallback.yScale ? null : view.yScale === 'logarithmic' ? 'log' : 'linear',
  );
  set(names.hide, view.hidden.length === 0 ? null : view.hidden.join(','));
  return params;
}
