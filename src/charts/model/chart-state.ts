/**
 * The reader's view of a chart (metric, y scale, hidden series) and its place in the URL, so a
 * shared link opens the same view. Parameters are prefixed with the chart id because one page
 * can hold several charts; defaults are left out so plain links stay plain. Each metric has
 * its own default scale, so a scale left out of the URL means "the one this metric opens on".
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

/** The y scale a metric opens on (see `choose-y-scale.ts`). */
export function toDefaultScale(data: ChartData, metric: MetricId): ScaleType {
  return data.yScales[metric] ?? 'linear';
}

/** The view a chart opens with when the URL says nothing. */
export function toDefaultView(data: ChartData): ChartView {
  const metric = data.metrics[0] ?? 'throughput';
  return { metric, yScale: toDefaultScale(data, metric), hidden: [] };
}

/** Reads a view from URL parameters; values that do not fit the chart fall back to defaults. */
export function readView(data: ChartData, params: URLSearchParams): ChartView {
  const names = toParamNames(data.id);
  const fallback = toDefaultView(data);
  const metric = params.get(names.metric);
  const scale = params.get(names.scale);
  const hide = new Set((params.get(names.hide) ?? '').split(',').filter(Boolean));
  const chosen = data.metrics.find((m) => m === metric) ?? fallback.metric;
  return {
    metric: chosen,
    yScale:
      scale === 'log'
        ? 'logarithmic'
        : scale === 'linear'
          ? 'linear'
          : toDefaultScale(data, chosen),
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
    view.yScale === toDefaultScale(data, view.metric)
      ? null
      : view.yScale === 'logarithmic'
        ? 'log'
        : 'linear',
  );
  set(names.hide, view.hidden.length === 0 ? null : view.hidden.join(','));
  return params;
}
