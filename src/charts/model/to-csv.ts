/** The data of a chart view as CSV: one row per visible series and x value. */
import { METRICS } from './metrics.ts';
import type { ChartView } from './chart-state.ts';
import type { ChartData } from './to-chart-data.ts';

function quoteCsv(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Turns the current view into CSV text (RFC 4180, `\n` line ends). Missing points keep their
 * row with empty value cells, so a gap stays a gap and never becomes a zero.
 */
export function toCsv(data: ChartData, view: ChartView): string {
  const name = METRICS[view.metric].csvName;
  const header = [
    'series',
    data.x.field,
    `${name}_median`,
    `${name}_min`,
    `${name}_max`,
    'repetitions',
    `${name}_by_repetition`,
    'noisy',
    'point_id',
  ];
  const rows: (string | number | boolean | null)[][] = [header];
  for (const series of data.series) {
    if (view.hidden.includes(series.key)) continue;
    data.x.values.forEach((position, index) => {
      // A categorical x is written as its value (e.g. `pgbouncer`), a numeric one as the number.
      const x = data.x.categories?.[position]?.value ?? position;
      const value = series.values[view.metric]?.[index] ?? null;
      rows.push(
        value
          ? [
              series.label,
              x,
              value.median,
              value.min,
              value.max,
              value.repetitions.length,
              value.repetitions.map((v) => v ?? '').join(' '),
              value.noisy,
              value.pointId,
            ]
          : [series.label, x, null, null, null, null, null, null, null],
      );
    });
  }
  return rows.map((row) => row.map(quoteCsv).join(',')).join('\n') + '\n';
}
