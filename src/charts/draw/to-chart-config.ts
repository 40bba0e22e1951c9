/**
 * Chart data + view + theme → Chart.js configuration. Pure and DOM-free: the browser and the
 * build-time image renderer call the same function, and unit tests inspect its result.
 */
import type { ChartConfiguration, TooltipModel } from 'chart.js';
import { formatXValue } from '../model/describe-chart.ts';
import { METRICS } from '../model/metrics.ts';
import { POINT_MARKERS, VARIANT_DASH, type ChartTheme } from './themes.ts';
import type { SpreadPoint } from './chart-plugins.ts';
import type { ChartView } from '../model/chart-state.ts';
import type { ChartData, ChartSeries } from '../model/to-chart-data.ts';
import { describeObjective } from '../model/describe-sustainable.ts';
import { applyObjective } from '../model/sustainable-rate.ts';

/** Where the chart is drawn: on the page (HTML legend and tooltip) or as a standalone image. */
export interface ChartConfigOptions {
  /** Standalone image: draw title, legend and attribution into the canvas, fill the background. */
  standalone: boolean;
  /** Attribution line drawn under a standalone image. */
  attribution?: string;
  /** Renders the tooltip as HTML (the page does; images have none). */
  externalTooltip?: (context: { chart: unknown; tooltip: TooltipModel<'line'> }) => void;
}

const tickFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** Characters of a subtitle line in a standalone image (960 px at 13 px type). */
const SUBTITLE_LINE_CHARS = 120;

/** Breaks text into lines of at most `width` characters at spaces (Chart.js does not wrap). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}

export type LineConfig = ChartConfiguration<'line', SpreadPoint[]>;

/** Series colour, by the series' colour index, wrapping around the palette. */
export function pickSeriesColor(theme: ChartTheme, colorIndex: number): string {
  const palette = theme.series;
  return palette[((colorIndex % palette.length) + palette.length) % palette.length] ?? theme.text;
}

/**
 * Round ticks of a log axis from `min` to `max`: 1, 2 and 5 times the powers of ten between
 * (the ends as well where fewer than two fall between).
 */
export function listRoundTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max >= min)) return [];
  const ticks: number[] = [];
  for (let power = Math.floor(Math.log10(min)); 10 ** power <= max; power += 1) {
    for (const step of [1, 2, 5]) {
      // Rounded, so that 2 x 0.1 reads 0.2, not 0.20000000000000004.
      const value = Number((step * 10 ** power).toPrecision(1));
      if (value >= min && value <= max) ticks.push(value);
    }
  }
  // A narrow range (6 to 9) holds one round value or none: label its ends too.
  return ticks.length < 2 ? [...new Set([min, ...ticks, max])] : ticks;
}

/**
 * The x indexes a series is drawn at: every x of a shared grid (a missing point is a gap), or
 * where each series has x values of its own, only those it was measured at, so its line joins
 * its own points (a point that measured nothing in this metric still breaks it).
 */
export function listDrawnIndexes(data: ChartData, series: ChartSeries | undefined): number[] {
  if (!series) return [];
  const all = data.x.values.map((_, i) => i);
  if (data.x.grid !== 'per-series') return all;
  return all.filter((i) => data.metrics.some((metric) => series.values[metric]?.[i]));
}

/** One Chart.js dataset per series, in the view's metric; gaps are `y: null`, never 0. */
function toDatasets(
  data: ChartData,
  view: ChartView,
  theme: ChartTheme,
): LineConfig['data']['datasets'] {
  return data.series.map((series, index) => {
    const color = pickSeriesColor(theme, series.colorIndex);
    const marker = POINT_MARKERS[index % POINT_MARKERS.length] ?? POINT_MARKERS[0];
    const values = listDrawnIndexes(data, series).map((i) => series.values[view.metric]?.[i]);
    const xs = listDrawnIndexes(data, series).map((i) => data.x.values[i] ?? NaN);
    return {
      label: series.label,
      data: xs.map((x, i): SpreadPoint => {
        const value = values[i] ?? null;
        return { x, y: value?.median ?? null, min: value?.min ?? null, max: value?.max ?? null };
      }),
      hidden: view.hidden.includes(series.key),
      borderColor: color,
      backgroundColor: color,
      // Hollow markers flag suspect points: the harness marked them noisy (other processes
      // took CPU), or the open-loop generator fell behind there (larger, so they stand out).
      pointBackgroundColor: values.map((value) =>
        value?.noisy || value?.generatorFlagged ? theme.background : color,
      ),
      pointStyle: marker.style,
      pointRotation: marker.rotation,
      borderDash: series.variant ? VARIANT_DASH : [],
      pointRadius: values.map((value) => (value?.generatorFlagged ? 7 : 4)),
      pointHoverRadius: 7,
      borderWidth: 2,
      spanGaps: false,
      // Points sit on the plot's edges (the axis ends at the first and last measured x).
      clip: 8,
      // A sustainable-rate chart draws bars: hollow where the generator was suspect.
      ...(data.sustainable && {
        type: 'bar' as never,
        backgroundColor: values.map((value) =>
          value?.generatorFlagged ? theme.background : color,
        ),
        borderColor: color,
        borderWidth: 2,
      }),
    };
  });
}

/** Bounds as flat dashed lines across the x range, after the series (so series indexes hold). */
function toBoundDatasets(
  data: ChartData,
  view: ChartView,
  theme: ChartTheme,
): LineConfig['data']['datasets'] {
  if (view.metric !== 'throughput') return [];
  const first = data.x.values[0];
  const last = data.x.values[data.x.values.length - 1];
  if (first === undefined || last === undefined) return [];
  return data.bounds.map((bound) => ({
    label: `Bound: ${bound.label}`,
    data: [first, last].map((x) => ({ x, y: bound.value, min: null, max: null })),
    borderColor: theme.mutedText,
    backgroundColor: theme.mutedText,
    borderDash: [6, 4],
    borderWidth: 1.5,
    // Shown as a line in the image legend; no markers on the line itself.
    pointStyle: 'line',
    pointRadius: 0,
    pointHoverRadius: 0,
    pointHitRadius: 0,
  }));
}

/** The y range the whiskers need: the largest max, and the smallest positive min for log axes. */
function findSpread(data: ChartData, view: ChartView): { max?: number; min?: number } {
  const values = data.series
    .filter((series) => !view.hidden.includes(series.key))
    .flatMap((series) => series.values[view.metric] ?? [])
    .filter((value) => value !== null);
  if (values.length === 0) return {};
  const positive = values.map((value) => value.min).filter((min) => min > 0);
  return {
    max: Math.max(...values.map((value) => value.max)),
    ...(positive.length > 0 && { min: Math.min(...positive) }),
  };
}

/** Builds the Chart.js configuration of one view of one chart. */
export function toChartConfig(
  chartData: ChartData,
  view: ChartView,
  theme: ChartTheme,
  options: ChartConfigOptions,
): LineConfig {
  // A sustainable-rate chart's bars follow the view's objective.
  const data = applyObjective(chartData, view.objectiveMs);
  const metric = METRICS[view.metric];
  const font = { family: theme.fontFamily, size: 13 };
  const axis = { color: theme.mutedText, font };
  const xValues = data.x.values;
  const spread = findSpread(data, view);
  const bars = data.sustainable
    ? `objective: ${describeObjective(data)}, no request failed`
    : metric.perPoint
      ? 'one number per point, over its runs'
      : 'bars: min–max over repetitions';
  return {
    type: 'line',
    data: { datasets: [...toDatasets(data, view, theme), ...toBoundDatasets(data, view, theme)] },
    options: {
      animation: false,
      responsive: !options.standalone,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      color: theme.text,
      font,
      interaction: { mode: 'nearest', intersect: false, axis: 'xy' },
      // Standalone images keep room at the bottom for the attribution line.
      layout: { padding: options.standalone ? { top: 12, right: 20, bottom: 30, left: 12 } : 4 },
      scales: {
        x: {
          type: data.x.scale,
          title: { display: true, text: data.x.label, ...axis },
          grid: { color: theme.grid },
          border: { color: theme.grid },
          // Label every measured x; the log scale's default labels only 1, 2 and 5 times 10^n.
          ticks: {
            ...axis,
            autoSkip: false,
            maxRotation: 0,
            callback: (value) =>
              data.x.categories
                ? formatXValue(data.x, Number(value))
                : tickFormat.format(Number(value)),
          },
          // Tick exactly at the measured x values: the grid is the experiment's, not a round one.
          // Where each series has its own x values, round ones (1, 2, 5 x 10^n) on a log axis.
          afterBuildTicks: (scale) => {
            if (data.x.grid !== 'per-series') scale.ticks = xValues.map((value) => ({ value }));
            else if (data.x.scale === 'logarithmic')
              scale.ticks = listRoundTicks(scale.min, scale.max).map((value) => ({ value }));
          },
          // Categories get half a step of room each side, so their labels fit under the ends.
          ...(xValues.length > 0 &&
            (data.x.categories
              ? { min: -0.5, max: xValues.length - 0.5 }
              : { min: xValues[0], max: xValues[xValues.length - 1] })),
        },
        y: {
          type: view.yScale,
          ...(view.yScale === 'linear' && { beginAtZero: true }),
          // Make room for the whiskers, which Chart.js does not count when it fits the axis.
          ...(spread.max !== undefined && { suggestedMax: spread.max }),
          ...(view.yScale === 'logarithmic' &&
            spread.min !== undefined && { suggestedMin: spread.min }),
          title: { display: true, text: metric.axisLabel, ...axis },
          grid: { color: theme.grid },
          border: { color: theme.grid },
          ticks: axis,
        },
      },
      plugins: {
        legend: {
          display: options.standalone,
          labels: { usePointStyle: true, boxWidth: 8, boxHeight: 8, color: theme.text, font },
        },
        title: {
          display: options.standalone,
          text: data.title,
          color: theme.text,
          font: { ...font, size: 17, weight: 'bold' },
        },
        subtitle: {
          display: options.standalone,
          text: [
            ...wrapText(data.subtitle, SUBTITLE_LINE_CHARS),
            `${metric.label} · ${view.yScale === 'logarithmic' ? 'log' : 'linear'} scale · ${bars}`,
          ],
          color: theme.mutedText,
          font,
          padding: { bottom: 8 },
        },
        tooltip: options.externalTooltip
          ? {
              enabled: false,
              external: options.externalTooltip,
              filter: (item) => item.datasetIndex < data.series.length,
            }
          : { enabled: false },
        errorBars: { capWidth: 6 },
        background: options.standalone
          ? {
              color: theme.background,
              footer: options.attribution ?? '',
              footerColor: theme.mutedText,
              font: `12px ${theme.fontFamily}`,
            }
          : false,
      },
    },
  };
}
