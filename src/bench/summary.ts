/**
 * A point's summary across its repetitions (`PointSummarySchema`): how the harness computes it
 * when it records, and how `bench:check` and the test factories recompute it.
 */
import type { BenchRepetition, PointSummary, Stat } from './schema.ts';
import { computeCv, computeMedian, computeStat, toStat } from './stats.ts';

/** What the noise rule reads from a repetition. */
export type NoiseReadings = Pick<
  BenchRepetition,
  'serverCpuContention' | 'otherCpuShare' | 'cpuProbe'
>;

/**
 * How far a repetition's noise measures went past their thresholds, the larger of the two
 * excesses: contention for its server CPUs (`serverCpuContention`; in datasets recorded before
 * it existed, `otherCpuShare`) over `noiseThreshold`, and its CPU probe's `slowdown` over
 * `cpuProbeThreshold` (where both were recorded). Above 0 the repetition is noisy; between two
 * attempts at one repetition, the lower is the quieter.
 */
export function measureNoiseExcess(
  rep: NoiseReadings,
  noiseThreshold: number,
  cpuProbeThreshold?: number,
): number {
  const contention = (rep.serverCpuContention ?? rep.otherCpuShare) - noiseThreshold;
  if (!rep.cpuProbe || cpuProbeThreshold === undefined) return contention;
  return Math.max(contention, rep.cpuProbe.slowdown - cpuProbeThreshold);
}

/** Whether a repetition was noisy: a noise measure above its threshold (`measureNoiseExcess`). */
export function isNoisy(
  rep: NoiseReadings,
  noiseThreshold: number,
  cpuProbeThreshold?: number,
): boolean {
  return measureNoiseExcess(rep, noiseThreshold, cpuProbeThreshold) > 0;
}

/**
 * A repetition's answers 200 per second, where its statuses were counted (the database
 * endpoints); null elsewhere. A database app's quick 503s (no pooled connection in time,
 * PostgreSQL refused one) count in `throughputRps` but never ran the query.
 */
export function readOkThroughput(
  rep: Pick<BenchRepetition, 'statusCounts' | 'durationS'>,
): number | null {
  if (!rep.statusCounts) return null;
  return (rep.statusCounts['200'] ?? 0) / rep.durationS;
}

/**
 * Summarize a point's repetitions; `noiseThreshold` and `cpuProbeThreshold` (the dataset's
 * settings) mark a repetition noisy (`isNoisy`). Fields from later harness versions appear only
 * when the repetitions recorded what they summarize, so an older dataset's summary stays as it
 * was recorded.
 */
export function summarizeRepetitions(
  reps: readonly BenchRepetition[],
  noiseThreshold: number,
  cpuProbeThreshold?: number,
): PointSummary {
  if (reps.length === 0) throw new Error('cannot summarize a point with no repetitions');
  const of = (pick: (r: BenchRepetition) => number): Stat => computeStat(reps.map(pick));
  // Latency exists only for repetitions that completed requests.
  const ofLatency = (pick: (r: BenchRepetition) => number | null): Stat | null =>
    toStat(reps.map(pick).filter((v): v is number => v !== null));
  const throughput = reps.map((r) => r.throughputRps);
  return {
    throughputRps: computeStat(throughput),
    throughputCv: computeCv(throughput),
    latencyMs: {
      p50: ofLatency((r) => r.latencyMs.p50),
      p90: ofLatency((r) => r.latencyMs.p90),
      p99: ofLatency((r) => r.latencyMs.p99),
      p999: ofLatency((r) => r.latencyMs.p999),
      max: ofLatency((r) => r.latencyMs.max),
    },
    errorsTotal: of((r) => r.errorsTotal),
    serverCpuCores: of((r) => r.serverCpuCores),
    pssBytesMax: of((r) => r.pssBytesMax),
    idlePssBytes: of((r) => r.idlePssBytes),
    otherCpuShare: of((r) => r.otherCpuShare),
    contendingCpuShare: of((r) => r.contendingCpuShare),
    noisy: reps.some((r) => isNoisy(r, noiseThreshold, cpuProbeThreshold)),
    ...optionalStat(
      'serverCpuContention',
      reps.map((r) => r.serverCpuContention),
    ),
    ...optionalStat(
      'cpuProbeSlowdown',
      reps.map((r) => r.cpuProbe?.slowdown),
    ),
    ...(reps.some((r) => r.clientSaturated !== undefined)
      ? { clientSaturated: reps.some((r) => r.clientSaturated === true) }
      : {}),
    ...summarizeRuns(reps),
  };
}

/** (max - min) / median of some throughputs; 0 when the median is 0. */
function computeRelativeRange(values: readonly number[]): number {
  const { median, min, max } = computeStat(values);
  return median === 0 ? 0 : (max - min) / median;
}

/** The spread between runs beside the spread within one, when the repetitions come from two or more. */
function summarizeRuns(reps: readonly BenchRepetition[]): Pick<PointSummary, 'runs'> {
  const byRun = new Map<number, number[]>();
  for (const r of reps) byRun.set(r.run ?? 0, [...(byRun.get(r.run ?? 0) ?? []), r.throughputRps]);
  if (byRun.size < 2) return {};
  const runs = [...byRun.entries()].sort(([a], [b]) => a - b).map(([, values]) => values);
  const medians = runs.map(computeMedian);
  return {
    runs: {
      throughputMedianRps: medians,
      throughputSpreadBetweenRuns: computeRelativeRange(medians),
      throughputSpreadWithinRuns: computeMedian(runs.map(computeRelativeRange)),
    },
  };
}

/** `{ [key]: Stat }` over the values recorded, or nothing when none was. */
function optionalStat<K extends string>(
  key: K,
  values: readonly (number | undefined)[],
): Partial<Record<K, Stat>> {
  const recorded = values.filter((v): v is number => v !== undefined);
  return recorded.length ? ({ [key]: computeStat(recorded) } as Record<K, Stat>) : {};
}
