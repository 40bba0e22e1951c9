/**
 * Latency distributions in HDR histograms (HdrHistogram's JS port): every value is kept to 3
 * significant digits whatever its size, so p99.9 comes from all samples, not from a sample.
 */
import { build, type Histogram } from 'hdr-histogram-js';
import type { DistributionMs } from './report.ts';

/** A histogram of durations recorded in ms, stored in µs. */
export interface DurationHistogram {
  record(ms: number): void;
  readonly count: number;
  /** Percentiles and mean in ms, or null when nothing was recorded. */
  summarise(): DistributionMs | null;
  /** p50, p99 and max only (zeros when empty): for the generator's own send lag. */
  summariseBrief(): { p50: number; p99: number; max: number };
}

/** A new empty histogram (values from 1 µs, resized as larger ones arrive). */
export function createDurationHistogram(): DurationHistogram {
  const histogram: Histogram = build({ numberOfSignificantValueDigits: 3 });
  const toMs = (us: number): number => us / 1000;
  // A percentile is reported as the top of its bucket, which can pass the exact maximum.
  const at = (percentile: number): number =>
    toMs(Math.min(histogram.getValueAtPercentile(percentile), histogram.maxValue));
  return {
    // Sub-µs values land on 1 µs: the histogram's lowest discernible value.
    record: (ms) => histogram.recordValue(Math.max(1, Math.round(ms * 1000))),
    get count() {
      return histogram.totalCount;
    },
    summarise: () =>
      histogram.totalCount === 0
        ? null
        : {
            p50: at(50),
            p90: at(90),
            p99: at(99),
            p999: at(99.9),
            max: toMs(histogram.maxValue),
            mean: toMs(histogram.mean),
          },
    summariseBrief: () =>
      histogram.totalCount === 0
        ? { p50: 0, p99: 0, max: 0 }
        : {
            p50: at(50),
            p99: at(99),
            max: toMs(histogram.maxValue),
          },
  };
}
