/** A chart's data as CSV: one row per visible series and x value, every metric of the chart. */
import { METRICS } from './metrics.ts';
import type { ChartView } from './chart-state.ts';
import { applyObjective } from './sustainable-rate.ts';
import type { ChartData, ChartSeries, ChartValue } from './to-chart-data.ts';

type Cell = string | number | boolean | null;

function quoteCsv(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The four columns of one metric at one point; empty cells where it was not measured. */
function toMetricCells(value: ChartValue | null | undefined): Cell[] {
  if (!value) return [null, null, null, null];
  return [value.median, value.min, value.max, value.repetitions.map((v) => v ?? '').join(' ')];
}

/**
 * Whether a series has a row at an x index. On a shared grid every x has one (a gap stays a
 * gap); where each series has x values of its own, or a bar has no points, only measured ones.
 */
export function hasRow(data: ChartData, series: ChartSeries, index: number): boolean {
  if (data.sustainable) return (series.candidates?.[index]?.length ?? 0) > 0;
  if (data.x.grid !== 'per-series') return true;
  return data.metrics.some((metric) => series.values[metric]?.[index]);
}

/**
 * Turns a chart into CSV text (RFC 4180, `\n` line ends): every metric the chart can show, each
 * as median (or the value over all repetitions' requests, for open-loop latency), min, max and
 * the values of each repetition, so the file holds what any view of the chart draws. Series the
 * view hides are left out. Missing points keep their row with empty value cells, so a gap stays
 * a gap and never becomes a zero. Open-loop charts add the repetitions in which the load
 * generator was suspect; a sustainable-rate chart adds the objective its rates meet.
 */
export function toCsv(data: ChartData, view: Pick<ChartView, 'hidden' | 'objectiveMs'>): string {
  const shown = applyObjective(data, view.objectiveMs);
  const openLoop = shown.x.grid === 'per-series' || shown.sustainable !== undefined;
  const header = [
    'series',
    shown.x.field,
    ...shown.metrics.flatMap((metric) => {
      const name = METRICS[metric].csvName;
      return [`${name}_median`, `${name}_min`, `${name}_max`, `${name}_by_repetition`];
    }),
    'repetitions',
    'noisy',
    ...(openLoop ? ['generator_flagged_repetitions'] : []),
    ...(shown.sustainable ? ['objective_p99_ms'] : []),
    'point_id',
  ];
  const rows: Cell[][] = [header];
  for (const series of shown.series) {
    if (view.hidden.includes(series.key)) continue;
    shown.x.values.forEach((position, index) => {
      if (!hasRow(shown, series, index)) return;
      // A categorical x is written as its value (e.g. `pgbouncer`), a numeric one as the number.
      const x = shown.x.categories?.[position]?.value ?? position;
      const values = shown.metrics.map((metric) => series.values[metric]?.[index]);
      const point = values.find(Boolean) ?? null;
      rows.push([
        series.label,
        x,
        ...values.flatMap(toMetricCells),
        point && !shown.sustainable ? point.repetitions.length : null,
        point ? point.noisy : null,
        ...(openLoop ? [point ? (point.generatorFlagged ?? 0) : null] : []),
        ...(shown.sustainable ? [shown.sustainable.objectiveMs] : []),
        point ? point.pointId : null,
      ]);
    });
  }
  return rows.map((row) => row.map(quoteCsv).join(',')).join('\n') + '\n';
}
