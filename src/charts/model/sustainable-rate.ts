/**
 * The highest rate a server sustains under a latency objective: for each series (a model, an
 * app and model) and x category (an endpoint, an app), the highest OFFERED rate of its
 * open-loop points at and below which every measured rate met a p99 objective with no
 * request failed or timed out. Pure: the build computes it at the chart's default objective,
 * and the page again whenever the reader changes the objective (`applyObjective`).
 *
 * It is a measured rate on the scenario's grid of shares of capacity, never an interpolation
 * between two of them: the true limit lies between it and the next rate measured.
 */
import type { BenchDataset, BenchPoint } from '../../bench/schema.ts';
import { ChartError } from './chart-error.ts';
import { countFailed } from './open-loop-metrics.ts';
import type { ChartData, ChartSeries, ChartValue } from './to-chart-data.ts';

/** One open-loop point as a sustained-rate candidate: what judging it needs, nothing more. */
export interface RateCandidate {
  /** The point's id in the dataset. */
  pointId: string;
  /** Offered rate, req/s. */
  rateRps: number;
  /** The share of the capacity offered (1 = at capacity). */
  share: number;
  /** Each repetition's p99 from the intended send time, ms; null where none was answered. */
  p99Ms: (number | null)[];
  /** Window requests that failed or timed out, over every repetition. */
  failed: number;
  /** Repetitions in which the generator fell behind or saturated its CPU. */
  generatorFlagged: number;
}

/** The objective a sustainable-rate chart offers: its default and the range it accepts, ms. */
export interface ObjectiveRange {
  defaultMs: number;
  minMs: number;
  /** The timeout: a slower answer is counted as a failure, so no objective lies beyond it. */
  maxMs: number;
}

/**
 * How one measured rate fares: it `meets` the objective, or is too `slow` (worst repetition's
 * p99 above it), had requests that `failed` (or timed out), had a repetition with no answer
 * at all (`unanswered`), or cannot be judged because the generator fell behind (`suspect`).
 */
export type RateVerdict = 'meets' | 'slow' | 'failed' | 'unanswered' | 'suspect';

/** A series' sustained rate on one category. */
export interface SustainedRate {
  /** The highest rate that met the objective, with every lower one; null: not even the lowest. */
  met: RateCandidate | null;
  /** The first rate that did not, and why; null when every measured rate met it. */
  limit: { candidate: RateCandidate; verdict: Exclude<RateVerdict, 'meets'> } | null;
}

/** The p99 that is held to the objective: the worst repetition's (see `judgeRate`). */
export function findWorstP99(candidate: RateCandidate): number | null {
  if (candidate.p99Ms.length === 0 || candidate.p99Ms.some((p99) => p99 === null)) return null;
  return Math.max(...(candidate.p99Ms as number[]));
}

/**
 * Judges one measured rate. Repetitions combine by the WORST p99, not the median: a capacity
 * plan should hold in every window measured, and the median of three would accept a rate at
 * which one window in three missed the objective. A failure or timeout in any window disqualifies the
 * rate, and so does a window in which the generator was late or saturated: its latencies then
 * include the generator's own delay, so the rate can be judged neither way.
 */
export function judgeRate(candidate: RateCandidate, objectiveMs: number): RateVerdict {
  if (candidate.generatorFlagged > 0) return 'suspect';
  if (candidate.failed > 0) return 'failed';
  const worst = findWorstP99(candidate);
  if (worst === null) return 'unanswered';
  return worst <= objectiveMs ? 'meets' : 'slow';
}

/**
 * The highest rate at and below which every measured rate met the objective. A rate that
 * meets it above one that did not is not counted: the series did not hold the lower rate, so
 * the pass above it is chance, not capacity.
 */
export function findSustainedRate(
  candidates: readonly RateCandidate[],
  objectiveMs: number,
): SustainedRate {
  const sorted = [...candidates].sort((a, b) => a.rateRps - b.rateRps);
  let met: RateCandidate | null = null;
  for (const candidate of sorted) {
    const verdict = judgeRate(candidate, objectiveMs);
    if (verdict !== 'meets') return { met, limit: { candidate, verdict } };
    met = candidate;
  }
  return { met, limit: null };
}

/** The candidates of a series on one category: its open-loop points; others stop the build. */
export function toRateCandidates(chartId: string, points: readonly BenchPoint[]): RateCandidate[] {
  return points.map((point) => {
    const open = point.openLoop;
    if (!open) {
      throw new ChartError(
        chartId,
        `point "${point.id}" is closed loop: a sustainable rate needs open-loop points (narrow "where")`,
      );
    }
    return {
      pointId: point.id,
      rateRps: open.rateRps,
      share: open.share,
      p99Ms: point.repetitions.map((r) => r.latencyMs.p99),
      failed: point.repetitions.reduce((sum, r) => sum + (countFailed(r) ?? 0), 0),
      generatorFlagged: open.generatorFlagged,
    };
  });
}

/** The objectives a chart of this dataset accepts, around the definition's default. */
export function toObjectiveRange(dataset: BenchDataset, defaultMs: number): ObjectiveRange {
  const timeoutS = dataset.settings.openLoop?.timeoutS ?? dataset.settings.wrkTimeoutS;
  return { defaultMs, minMs: 1, maxMs: timeoutS * 1000 };
}

/** A sustained rate as a chart value: the bar's height, with its point; null when none met. */
function toSustainedValue(rate: SustainedRate): ChartValue | null {
  if (!rate.met) return null;
  const value = rate.met.rateRps;
  return {
    median: value,
    min: value,
    max: value,
    repetitions: [],
    noisy: false,
    pointId: rate.met.pointId,
    ...(rate.limit?.verdict === 'suspect' && {
      generatorFlagged: rate.limit.candidate.generatorFlagged,
    }),
  };
}

/** The series with its bars computed at `objectiveMs`. */
function applyToSeries(series: ChartSeries, objectiveMs: number): ChartSeries {
  const sustainableRps = (series.candidates ?? []).map((candidates) =>
    candidates.length === 0 ? null : toSustainedValue(findSustainedRate(candidates, objectiveMs)),
  );
  return { ...series, values: { ...series.values, sustainableRps } };
}

/**
 * The chart data with its bars at `objectiveMs` (for any chart but a sustainable-rate one, the
 * data as it is). The objective must be in the chart's range (`readObjective` checks URLs).
 */
export function applyObjective(data: ChartData, objectiveMs: number | undefined): ChartData {
  if (!data.sustainable) return data;
  const objective = objectiveMs ?? data.sustainable.defaultMs;
  if (objective === data.sustainable.objectiveMs) return data;
  return {
    ...data,
    sustainable: { ...data.sustainable, objectiveMs: objective },
    series: data.series.map((series) => applyToSeries(series, objective)),
  };
}

/** The sustained rate behind one bar, for its tooltip. */
export function findBarRate(data: ChartData, seriesIndex: number, xIndex: number) {
  const candidates = data.series[seriesIndex]?.candidates?.[xIndex];
  if (!data.sustainable || !candidates || candidates.length === 0) return null;
  return findSustainedRate(candidates, data.sustainable.objectiveMs);
}

/** Sets up a sustainable-rate chart's series: every bar at the chart's default objective. */
export function initializeBars(
  series: ChartSeries[],
  range: ObjectiveRange,
): Pick<ChartData, 'series' | 'sustainable'> {
  return {
    series: series.map((s) => applyToSeries(s, range.defaultMs)),
    sustainable: { ...range, objectiveMs: range.defaultMs },
  };
}
