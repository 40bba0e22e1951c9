/** A chart's data as CSV: one row per visible series and x value, every metric of the chart. */
import { METRICS } from './metrics.ts';
import type { ChartView } from './chart-state.ts';
import type { ChartData, ChartValue } from './to-chart-data.ts';

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
 * Turns a chart into CSV text (RFC 4180, `\n` line ends): every metric the chart can show, each
 * as median, min, max and the values of each repetition, so the file holds what any view of
 * the chart draws. Series the view hides are left out. Missing points keep their row with
 * empty value cells, so a gap stays a gap and never becomes a zero.
 */
export function toCsv(data: ChartData, view: Pick<ChartView, 'hidden'>): string {
  const header = [
    'series',
    data.x.field,
    ...data.metrics.flatMap((metric) => {
      const name = METRICS[metric].csvName;
      return [`${name}_median`, `${name}_min`, `${name}_max`, `${name}_by_repetition`];
    }),
    'repetitions',
    'noisy',
    'point_id',
  ];
  const rows: Cell[][] = [header];
  for (const series of data.series) {
    if (view.hidden.includes(series.key)) continue;
    data.x.values.forEach((position, index) => {
      // A categorical x is written as its value (e.g. `pgbouncer`), a numeric one as the number.
      const x = data.x.categories?.[position]?.value ?? position;
      const values = data.metrics.map((metric) => series.values[metric]?.[index]);
      const point = values.find(Boolean) ?? null;
      rows.push([
        series.label,
        x,
        ...values.flatMap(toMetricCells),
        point ? point.repetitions.length : null,
        point ? point.noisy : null,
        point ? point.pointId : null,
      ]);
    });
  }
  return rows.map((row) => row.map(quoteCsv).join(',')).join('\n') + '\n';
}
