/**
 * Latency distributions in HDR histograms (HdrHistogram's JS port): every value is kept to 3
 * significant digits whatever its size, so p99.9 comes from all samples, not from a sample.
 */
import {
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
} from 'hdr-histogram-js';
import type { DistributionMs } from './report.ts';

/** A histogram of durations recorded in ms, stored in µs. */
export interface DurationHistogram {
  record(ms: number): void;
  readonly count: number;
  /** Percentiles and mean in ms, or null when nothing was recorded. */
  summarise(): DistributionMs | null;
  /** p50, p99 and max only (zeros when empty): for the generator's own send lag. */
  summariseBrief(): { p50: number; p99: number; max: number };
  /**
   * Every recorded value in HdrHistogram's compressed base64 form (µs), so histograms of
   * several runs can be added exactly (`summariseEncoded`); null when nothing was recorded.
   */
  encode(): string | null;
}

const newHistogram = (): Histogram => build({ numberOfSignificantValueDigits: 3 });

/**
 * Percentiles and mean of a histogram of µs values, in ms; null when it is empty. `maxUs` is
 * the exact largest value (a recording histogram knows it; a decoded one only knows the top of
 * its bucket). A percentile is reported as the top of its bucket, which can pass it: clamped.
 */
function summariseHistogram(
  histogram: Histogram,
  maxUs = histogram.maxValue,
): DistributionMs | null {
  if (histogram.totalCount === 0) return null;
  const toMs = (us: number): number => us / 1000;
  const at = (percentile: number): number =>
    toMs(Math.min(histogram.getValueAtPercentile(percentile), maxUs));
  return {
    p50: at(50),
    p90: at(90),
    p99: at(99),
    p999: at(99.9),
    max: toMs(maxUs),
    mean: toMs(histogram.mean),
  };
}

/** One run's histogram (`encode()`) and the exact largest value it holds, ms. */
export interface EncodedRun {
  histogram: string | null;
  maxMs: number | null;
}

/**
 * The distribution of every value of several runs together, e.g. one point's latency over its
 * repetitions: HDR histograms add exactly (the sum holds each run's counts, 3 significant
 * digits), and the maximum is the largest run's exact one. Runs that recorded nothing add
 * nothing; null when no run recorded anything.
 */
export function summariseEncoded(runs: readonly EncodedRun[]): DistributionMs | null {
  const sum = newHistogram();
  let maxMs = 0;
  for (const run of runs) {
    if (run.histogram === null) continue;
    sum.add(decodeFromCompressedBase64(run.histogram));
    maxMs = Math.max(maxMs, run.maxMs ?? 0);
  }
  return summariseHistogram(sum, Math.round(maxMs * 1000));
}

/** A new empty histogram (values from 1 µs, resized as larger ones arrive). */
export function createDurationHistogram(): DurationHistogram {
  const histogram = newHistogram();
  const toMs = (us: number): number => us / 1000;
  const at = (percentile: number): number =>
    toMs(Math.min(histogram.getValueAtPercentile(percentile), histogram.maxValue));
  return {
    // Sub-µs values land on 1 µs: the histogram's lowest discernible value.
    record: (ms) => histogram.recordValue(Math.max(1, Math.round(ms * 1000))),
    get count() {
      return histogram.totalCount;
    },
    summarise: () => summariseHistogram(histogram),
    summariseBrief: () =>
      histogram.totalCount === 0
        ? { p50: 0, p99: 0, max: 0 }
        : {
            p50: at(50),
            p99: at(99),
            max: toMs(histogram.maxValue),
          },
    encode: () => (histogram.totalCount === 0 ? null : encodeIntoCompressedBase64(histogram)),
  };
}
