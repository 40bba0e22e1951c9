/**
 * The simulator's open-loop table: its rows, and how each predicted value reads. The same
 * quantities the harness's open-loop generator reports (harness/measure/open-loop/report.ts).
 * Pure, so it is tested without a page.
 */
import { formatValue } from '../../charts/model/describe-chart.ts';
import { OPEN_LOOP_TIMEOUT_S } from './simulator-controls.ts';

/** One model's open-loop prediction, as `simulate_open` puts it in `RESULT.models`. */
export interface OpenLoopPrediction {
  /** The window's requests answered in time, per second of window. */
  achievedRps: number;
  /** From each request's arrival, over those answered in time; null when none was. */
  p50Ms: number | null;
  p99Ms: number | null;
  /** The window's requests: scheduled, unanswered as it closed, and given up. */
  scheduled: number;
  outstandingAtEnd: number;
  timeouts: number;
}

/** One row: its cell id part (`<model>.<metric>.predicted`), its header, and its value's words. */
export interface OpenLoopRow {
  metric: string;
  label: string;
  read: (prediction: OpenLoopPrediction) => string;
}

/** Predictions are not measurements: three significant digits are all they deserve. */
export function roundPrediction(value: number): number {
  return Number(value.toPrecision(3));
}

const counts = new Intl.NumberFormat('en-US');

/** `135 of 270`: a share of the window's requests, counted. */
function ofScheduled(count: number, scheduled: number): string {
  return `${counts.format(count)} of ${counts.format(scheduled)}`;
}

function readLatency(ms: number | null, metric: 'p50' | 'p99'): string {
  return ms === null ? 'none answered' : formatValue(roundPrediction(ms), metric);
}

/** The rows, in table order. */
export const OPEN_LOOP_ROWS: readonly OpenLoopRow[] = [
  {
    metric: 'achieved',
    label: 'Achieved rate, predicted',
    read: (p) => formatValue(roundPrediction(p.achievedRps), 'throughput'),
  },
  {
    metric: 'arrivalP50',
    label: 'p50 latency from arrival, predicted',
    read: (p) => readLatency(p.p50Ms, 'p50'),
  },
  {
    metric: 'arrivalP99',
    label: 'p99 latency from arrival, predicted',
    read: (p) => readLatency(p.p99Ms, 'p99'),
  },
  {
    metric: 'waiting',
    label: 'Still waiting as the window closed, predicted',
    read: (p) => ofScheduled(p.outstandingAtEnd, p.scheduled),
  },
  {
    metric: 'timedOut',
    label: `Timed out (no answer ${OPEN_LOOP_TIMEOUT_S} s after arrival), predicted`,
    read: (p) => ofScheduled(p.timeouts, p.scheduled),
  },
];
