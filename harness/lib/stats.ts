/** Summary statistics across repetitions. Pure functions over numbers. */
import type { BenchRepetition, PointSummary, Stat } from '../../src/schemas/bench-dataset.ts';

export function computeMedian(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  const lower = sorted[mid - 1] ?? upper;
  return sorted.length % 2 === 1 ? upper : (lower + upper) / 2;
}

export function computeStat(values: readonly number[]): Stat {
  return { median: computeMedian(values), min: Math.min(...values), max: Math.max(...values) };
}

/** Sample coefficient of variation (stdev with n-1 / mean); 0 for one value or a zero mean. */
export function computeCv(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (mean === 0) return 0;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1);
  return Math.sqrt(variance) / mean;
}

/** Summarize a point's repetitions; `noiseThreshold` is the otherCpuShare above which it is noisy. */
export function summarizeRepetitions(
  reps: readonly BenchRepetition[],
  noiseThreshold: number,
): PointSummary {
  if (reps.length === 0) throw new Error('cannot summarize a point with no repetitions');
  const of = (pick: (r: BenchRepetition) => number): Stat => computeStat(reps.map(pick));
  // Latency exists only for repetitions that completed requests.
  const ofLatency = (pick: (r: BenchRepetition) => number | null): Stat | null => {
    const values = reps.map(pick).filter((v): v is number => v !== null);
    return values.length ? computeStat(values) : null;
  };
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

/** Seeded PRNG (mulberry32) so a recorded run order can be reproduced from its seed. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates shuffle into a new array. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}
