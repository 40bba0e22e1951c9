/**
 * Words for chart values: formatted numbers with units, tooltip lines, and the text summary
 * of what a chart shows. Every number comes from the chart data; nothing is typed here.
 */
import { METRICS, type MetricId } from './metrics.ts';
import type { ChartView } from './chart-state.ts';
import type { ChartData, ChartValue } from './to-chart-data.ts';
import { formatNumber, formatValue, formatX, formatXValue } from './format-value.ts';
import { describeBar, summarizeBars } from './describe-sustainable.ts';
import { applyObjective } from './sustainable-rate.ts';

export { formatNumber, formatValue, formatX, formatXValue };

/** What a noisy point's flag means (`isNoisy` in src/bench/summary.ts), as the charts say it. */
const NOISY_REASON =
  'in at least one repetition other work took the server’s CPU, or the CPU probe found the CPU slow';
const NOISY_POINT = `Noisy: ${NOISY_REASON}`;

/** The lines of a point's tooltip: where it is, its median, and the spread of its repetitions. */
export function describePoint(
  data: ChartData,
  metric: MetricId,
  seriesIndex: number,
  xIndex: number,
): string[] {
  const series = data.series[seriesIndex];
  const x = data.x.values[xIndex];
  if (!series || x === undefined) return [];
  const heading = `${series.label} · ${formatX(data, x)}`;
  if (data.sustainable) return [heading, ...describeBar(data, seriesIndex, xIndex)];
  const value = series.values[metric]?.[xIndex] ?? null;
  if (!value) return [heading, `${METRICS[metric].label}: not measured`];
  const over = value.pooled
    ? 'all repetitions’ requests together'
    : value.perPoint
      ? 'over the point’s runs'
      : 'median';
  const label = `${METRICS[metric].label}: ${formatValue(value.median, metric)} (${over})`;
  if (value.perPoint) return [heading, label];
  return [
    heading,
    label,
    describeSpread(value, metric),
    ...(value.repetitions.length > 1 ? [describeRepetitions(value, metric)] : []),
  ]
    .concat(value.noisy ? [NOISY_POINT] : [])
    .concat(value.generatorFlagged ? [describeGeneratorFlag(value.generatorFlagged)] : []);
}

/** Why a point is suspect: the load generator, not the server, may have set its numbers. */
export function describeGeneratorFlag(repetitions: number): string {
  const noun = repetitions === 1 ? 'repetition' : 'repetitions';
  return `Suspect: the load generator fell behind its schedule or saturated its CPU in ${repetitions} ${noun}`;
}

/** `Each repetition: 1,000 · 1,500.5 · 2,000 req/s`, in repetition order; a dash where one measured nothing. */
export function describeRepetitions(value: ChartValue, metric: MetricId): string {
  const each = value.repetitions.map((v) => (v === null ? '–' : formatNumber(v, metric)));
  return `Each repetition: ${each.join(' · ')} ${METRICS[metric].unit}`;
}

/** `5 repetitions, min 1,200 – max 1,250 req/s`. */
export function describeSpread(value: ChartValue, metric: MetricId): string {
  if (value.perPoint) return 'one number for the point, computed over its runs';
  const count = value.repetitions.length;
  const noun = count === 1 ? 'repetition' : 'repetitions';
  if (count === 1) return `1 ${noun}`;
  return `${count} ${noun}, min ${formatNumber(value.min, metric)} – max ${formatValue(value.max, metric)}`;
}

interface Extreme {
  label: string;
  x: number;
  median: number;
}

function findExtremes(data: ChartData, view: ChartView): { high: Extreme; low: Extreme } | null {
  let high: Extreme | null = null;
  let low: Extreme | null = null;
  for (const series of data.series) {
    if (view.hidden.includes(series.key)) continue;
    series.values[view.metric]?.forEach((value, index) => {
      const x = data.x.values[index];
      if (!value || x === undefined) return;
      const entry = { label: series.label, x, median: value.median };
      if (!high || value.median > high.median) high = entry;
      if (!low || value.median < low.median) low = entry;
    });
  }
  return high && low ? { high, low } : null;
}

/**
 * A text summary of a view: what is plotted against what, for which series, and where the
 * highest and lowest medians are. Used as the canvas's accessible name and under the chart.
 */
export function summarizeChart(data: ChartData, view: ChartView): string {
  if (data.sustainable) return summarizeBars(applyObjective(data, view.objectiveMs), view);
  const spec = METRICS[view.metric];
  const shown = data.series.filter((series) => !view.hidden.includes(series.key));
  const xs = data.x.values;
  const [first, last] = [xs[0] ?? 0, xs[xs.length - 1] ?? 0].map((x) => formatXValue(data.x, x));
  const range = xs.length > 1 ? `from ${first} to ${last}` : `at ${first}`;
  const parts = [
    `${spec.label} in ${spec.unit} against ${data.x.label} ${range}, ` +
      `for ${shown.length} of ${data.series.length} series: ${shown.map((s) => s.label).join('; ')}.`,
  ];
  const extremes = findExtremes(data, view);
  if (extremes) {
    const { high, low } = extremes;
    parts.push(
      `Highest median: ${formatValue(high.median, view.metric)} (${high.label}, ${formatX(data, high.x)}).`,
      `Lowest median: ${formatValue(low.median, view.metric)} (${low.label}, ${formatX(data, low.x)}).`,
    );
  }
  parts.push('Bars show the minimum and maximum over repetitions.');
  const noisy = shown.some((series) => series.values[view.metric]?.some((value) => value?.noisy));
  if (noisy) parts.push(`Hollow markers are noisy points: ${NOISY_REASON}.`);
  const values = shown.flatMap((series) => series.values[view.metric] ?? []);
  if (values.some((value) => value?.pooled))
    parts.push('Each open-loop latency is over all repetitions’ requests together.');
  if (values.some((value) => value?.generatorFlagged))
    parts.push(
      'Large hollow markers are suspect: the load generator fell behind or saturated its CPU there.',
    );
  if (view.metric === 'throughput') {
    for (const bound of data.bounds) {
      parts.push(
        `Dashed line: the bound ${bound.label} = ${formatValue(bound.value, 'throughput')}.`,
      );
    }
  }
  return parts.join(' ');
}
