/**
 * The reader's view of a chart (metric, y scale, hidden series, and for a sustainable-rate
 * chart the p99 objective) and its place in the URL, so a shared link opens the same view.
 * Parameters are prefixed with the chart id because one page can hold several charts; defaults
 * are left out so plain links stay plain. Each metric has its own default scale, so a scale
 * left out of the URL means "the one this metric opens on".
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
  /** A sustainable-rate chart's p99 objective, ms; absent for every other chart. */
  objectiveMs?: number;
}

/** The names of a chart's URL parameters. */
export function toParamNames(chartId: string): {
  metric: string;
  scale: string;
  hide: string;
  objective: string;
} {
  return {
    metric: `${chartId}-metric`,
    scale: `${chartId}-scale`,
    hide: `${chartId}-hide`,
    objective: `${chartId}-p99`,
  };
}

/** The y scale a metric opens on (see `choose-y-scale.ts`). */
export function toDefaultScale(data: ChartData, metric: MetricId): ScaleType {
  return data.yScales[metric] ?? 'linear';
}

/** The view a chart opens with when the URL says nothing. */
export function toDefaultView(data: ChartData): ChartView {
  const metric = data.metrics[0] ?? 'throughput';
  return {
    metric,
    yScale: toDefaultScale(data, metric),
    hidden: [],
    ...(data.sustainable && { objectiveMs: data.sustainable.defaultMs }),
  };
}

/** An objective as the reader or a URL gave it, checked against the chart's range. */
export type ObjectiveReading =
  { ok: true; objectiveMs: number } | { ok: false; problem: string; objectiveMs: number };

/**
 * Reads a p99 objective typed by a reader or found in a URL: a number of milliseconds within
 * the chart's range. Anything else falls back to the default, with a sentence that says what
 * was wrong and what is shown instead.
 */
export function readObjective(data: ChartData, text: string): ObjectiveReading {
  const range = data.sustainable;
  if (!range) return { ok: false, problem: 'this chart has no objective', objectiveMs: 0 };
  const value = /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : NaN;
  if (value >= range.minMs && value <= range.maxMs) return { ok: true, objectiveMs: value };
  return {
    ok: false,
    objectiveMs: range.defaultMs,
    problem:
      `p99 objective ${JSON.stringify(text)} is not a number of ms from ${range.minMs} to ` +
      `${range.maxMs} (the timeout); showing ${range.defaultMs} ms.`,
  };
}

/**
 * What is wrong with the view the URL asks for, for the reader to see beside the chart; empty
 * when nothing is. (`readView` falls back to defaults either way.)
 */
export function findViewProblems(data: ChartData, params: URLSearchParams): string[] {
  const text = params.get(toParamNames(data.id).objective);
  if (text === null || !data.sustainable) return [];
  const reading = readObjective(data, text);
  return reading.ok ? [] : [`This link's ${reading.problem}`];
}

/** Reads a view from URL parameters; values that do not fit the chart fall back to defaults. */
export function readView(data: ChartData, params: URLSearchParams): ChartView {
  const names = toParamNames(data.id);
  const fallback = toDefaultView(data);
  const metric = params.get(names.metric);
  const scale = params.get(names.scale);
  const hide = new Set((params.get(names.hide) ?? '').split(',').filter(Boolean));
  const chosen = data.metrics.find((m) => m === metric) ?? fallback.metric;
  const objective = params.get(names.objective);
  return {
    metric: chosen,
    yScale:
      scale === 'log'
        ? 'logarithmic'
        : scale === 'linear'
          ? 'linear'
          : toDefaultScale(data, chosen),
    hidden: data.series.map((series) => series.key).filter((key) => hide.has(key)),
    ...(data.sustainable && {
      objectiveMs:
        objective === null
          ? data.sustainable.defaultMs
          : readObjective(data, objective).objectiveMs,
    }),
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
  if (data.sustainable) {
    const objective = view.objectiveMs ?? fallback.objectiveMs;
    set(names.objective, objective === fallback.objectiveMs ? null : String(objective));
  }
  return params;
}
