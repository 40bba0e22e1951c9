/**
 * Words for a sustainable-rate chart: what a bar rests on (the rate that met the objective and
 * the next one measured, with why it did not) and a summary of every bar. Every number comes
 * from the chart data at the objective it was computed for.
 */
import type { ChartView } from './chart-state.ts';
import { formatValue, formatXValue } from './format-value.ts';
import {
  findBarRate,
  findWorstP99,
  type RateCandidate,
  type RateVerdict,
} from './sustainable-rate.ts';
import type { ChartData } from './to-chart-data.ts';

const ms = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });

/** `p99 ≤ 100 ms`: the objective a chart's bars are computed at. */
export function describeObjective(data: ChartData): string {
  return `p99 ≤ ${ms.format(data.sustainable?.objectiveMs ?? NaN)} ms`;
}

/** Why a measured rate did not count as sustained. */
function describeVerdict(candidate: RateCandidate, verdict: Exclude<RateVerdict, 'meets'>): string {
  switch (verdict) {
    case 'slow':
      return `the worst repetition’s p99 was ${ms.format(findWorstP99(candidate) ?? NaN)} ms`;
    case 'failed':
      return `${candidate.failed} ${candidate.failed === 1 ? 'request' : 'requests'} failed or timed out`;
    case 'unanswered':
      return 'a repetition had no request answered in time';
    case 'suspect':
      return (
        `the load generator fell behind or saturated its CPU in ${candidate.generatorFlagged} ` +
        `${candidate.generatorFlagged === 1 ? 'repetition' : 'repetitions'}, so it cannot be judged (suspect)`
      );
  }
}

/** The tooltip lines of one bar (after its heading). */
export function describeBar(data: ChartData, seriesIndex: number, xIndex: number): string[] {
  const rate = findBarRate(data, seriesIndex, xIndex);
  if (!rate) return ['Not measured'];
  const goal = `${describeObjective(data)} and no request failed`;
  const { met, limit } = rate;
  const lines = met
    ? [
        `Highest rate meeting ${goal}: ${formatValue(met.rateRps, 'sustainableRps')} offered ` +
          `(${percent.format(met.share)} of capacity; worst repetition’s p99 ${ms.format(findWorstP99(met) ?? NaN)} ms)`,
      ]
    : [`No measured rate met ${goal}`];
  lines.push(
    limit
      ? `Next rate measured, ${formatValue(limit.candidate.rateRps, 'sustainableRps')}: ${describeVerdict(limit.candidate, limit.verdict)}`
      : 'Every measured rate met it: the limit lies above the highest rate measured',
  );
  return lines;
}

/**
 * A text summary of a sustainable-rate view: the objective, then every shown bar's rate (or
 * that none met it), for the canvas's accessible name and the text under the chart.
 */
export function summarizeBars(data: ChartData, view: ChartView): string {
  const shown = data.series.filter((series) => !view.hidden.includes(series.key));
  const bars = shown.flatMap((series) =>
    data.x.values.flatMap((position, index) => {
      const candidates = series.candidates?.[index] ?? [];
      if (candidates.length === 0) return [];
      const value = series.values.sustainableRps?.[index];
      const where = `${series.label}, ${formatXValue(data.x, position)}`;
      return [`${where}: ${value ? formatValue(value.median, 'sustainableRps') : 'none met it'}`];
    }),
  );
  const parts = [
    `Highest offered rate in req/s with ${describeObjective(data)} and no request failed, against ${data.x.label}, for ${shown.length} of ${data.series.length} series: ${bars.join('; ')}.`,
    'Each is a rate measured on the grid of shares of capacity, not an interpolation.',
  ];
  const suspect = shown.some((s) => s.values.sustainableRps?.some((v) => v?.generatorFlagged));
  if (suspect)
    parts.push(
      'Hollow bars stop below a rate where the load generator fell behind, which cannot be judged.',
    );
  return parts.join(' ');
}
