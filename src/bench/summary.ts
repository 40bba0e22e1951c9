/**
 * A point's summary across its repetitions (`PointSummarySchema`): how the harness computes it
 * when it records, and how `bench:check` and the test factories recompute it.
 */
import type { BenchRepetition, PointSummary, Stat } from './schema.ts';
import { computeCv, computeStat, toStat } from './stats.ts';

/** Summarize a point's repetitions; `noiseThreshold` is the otherCpuShare above which it is noisy. */
export function summarizeRepetitions(
  reps: readonly BenchRepetition[],
  noiseThreshold: number,
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
    noisy: reps.some((r) => r.otherCpuShare > noiseThreshold),
  };
}
