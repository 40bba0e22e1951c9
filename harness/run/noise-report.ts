/**
 * How many points of a dataset the noise rule marks (`npm run bench:check -- --noise-report`).
 * Where the repetitions recorded `serverCpuContention`, the count is exact. Datasets recorded
 * before it existed hold only `contendingCpuShare` (other work at normal priority over the
 * server and client CPUs together), which bounds the server CPUs' share: at most all of it ran
 * on them (and no more than the server left them), at least what the client CPUs could not
 * have held beside wrk. Where the repetitions recorded a CPU probe, the points whose probe ran
 * slow (the rule's second measure) are counted too.
 */
import type { BenchDataset, BenchRepetition } from '../../src/bench/schema.ts';

/** The counts for one dataset. */
export interface NoiseCount {
  id: string;
  points: number;
  /** Points whose recorded `summary.noisy` is true (the rule they were recorded under). */
  flaggedAsRecorded: number;
  /** Points with a repetition whose `serverCpuContention` is over the threshold; null when never recorded. */
  contended: number | null;
  /** For datasets without `serverCpuContention`: the fewest and most points the rule could mark. */
  estimate: { atLeast: number; atMost: number } | null;
  /**
   * Points with a repetition whose CPU probe ran slower than `settings.cpuProbeThreshold`, and
   * that threshold; null when no repetition was probed.
   */
  slowCpu: { points: number; threshold: number } | null;
}

/** Bounds on a repetition's server-CPU contention from its share over all pinned CPUs. */
export function boundServerShare(
  rep: Pick<BenchRepetition, 'contendingCpuShare' | 'clientCpuCores' | 'serverCpuCores'>,
  serverCpus: number,
  clientCpus: number,
): { atLeast: number; atMost: number } {
  const contendingCpus = rep.contendingCpuShare * (serverCpus + clientCpus);
  const clientRoom = Math.max(0, clientCpus - rep.clientCpuCores);
  const serverRoom = Math.max(0, serverCpus - rep.serverCpuCores);
  const clamp = (v: number): number => Math.min(1, Math.max(0, v));
  return {
    atLeast: clamp((contendingCpus - clientRoom) / serverCpus),
    atMost: clamp(Math.min(contendingCpus, serverRoom) / serverCpus),
  };
}

/** Count the points the noise rule marks in one dataset. */
export function countNoisyPoints(dataset: BenchDataset): NoiseCount {
  const threshold = dataset.settings.noiseThreshold;
  const { serverCpus, clientCpus } = dataset.environment;
  const reps = dataset.points.map((p) => p.repetitions);
  const recorded = reps.some((r) => r.some((rep) => rep.serverCpuContention !== undefined));
  const over = (test: (rep: BenchRepetition) => boolean): number =>
    reps.filter((r) => r.some(test)).length;
  const bound = (rep: BenchRepetition) =>
    boundServerShare(rep, serverCpus.length, clientCpus.length);
  const slowThreshold = dataset.settings.cpuProbeThreshold;
  const probed = reps.some((r) => r.some((rep) => rep.cpuProbe !== undefined));
  return {
    id: dataset.id,
    points: dataset.points.length,
    flaggedAsRecorded: dataset.points.filter((p) => p.summary.noisy).length,
    contended: recorded ? over((rep) => (rep.serverCpuContention ?? 0) > threshold) : null,
    estimate: recorded
      ? null
      : {
          atLeast: over((rep) => bound(rep).atLeast > threshold),
          atMost: over((rep) => bound(rep).atMost > threshold),
        },
    slowCpu:
      probed && slowThreshold !== undefined
        ? {
            points: over((rep) => (rep.cpuProbe?.slowdown ?? 0) > slowThreshold),
            threshold: slowThreshold,
          }
        : null,
  };
}

/** One line per dataset, for people. */
export function formatNoiseCount(c: NoiseCount, threshold: number): string {
  const rule =
    c.contended !== null
      ? `${c.contended} contended (serverCpuContention > ${threshold})`
      : `${c.estimate?.atLeast ?? 0} to ${c.estimate?.atMost ?? 0} by the server-CPU rule, estimated from contendingCpuShare (serverCpuContention not recorded)`;
  const slow = c.slowCpu
    ? `; ${c.slowCpu.points} with a slow CPU probe (slowdown > ${c.slowCpu.threshold})`
    : '';
  return `${c.id}: ${c.points} points; ${c.flaggedAsRecorded} flagged noisy as recorded; ${rule}${slow}`;
}
