/**
 * The parts of the dataset schema (schema.ts) that the CPU-speed probe adds
 * (harness/measure/cpu-probe.ts): a fixed pure-Python loop timed on the server CPUs just before
 * and just after every measured window, against a baseline taken when the run started. Every
 * field is optional in the dataset, so datasets recorded before the probe parse as before.
 */
import { z } from 'zod';

const positive = z.number().positive();

/** How a run's probe times its loop, and the speed its windows are compared with. */
export const CpuProbeBaselineSchema = z.object({
  /**
   * The run's baseline, loops per ms of CPU time: the fastest of `readings` probe readings taken
   * before the first server started, spread over about a second.
   */
  baselineLoopsPerMs: positive,
  /** Probe readings the baseline is the fastest of. */
  readings: z.number().int().positive(),
  /** Trials per reading; a reading is the median trial's loops per ms. */
  trials: z.number().int().positive(),
  /** Loops of the `cpu` endpoint's kernel (apps/workload.py `burn_loops`) per trial. */
  loopsPerTrial: z.number().int().positive(),
});

/**
 * The probe's readings around one window: loops per ms of the probe's own CPU time (not wall
 * time, so other work sharing the CPU does not slow a reading; a CPU that runs slower does).
 */
export const CpuProbeRepetitionSchema = z.object({
  /** Reading just before the window (after the warm-up and the wait for the server to drain). */
  beforeLoopsPerMs: positive,
  /** Reading just after the window. */
  afterLoopsPerMs: positive,
  /**
   * How much more CPU time a loop took in the slower of the two readings than in the run's
   * baseline: baseline / slower reading - 1, at least 0 (0.05: 5 % more). Above
   * `settings.cpuProbeThreshold` it marks the repetition noisy.
   */
  slowdown: z.number().nonnegative(),
});

/** The field a repetition adds (spread into RepetitionSchema). */
export const cpuProbeRepetitionFields = {
  /** The CPU-speed probe around this window; absent in datasets recorded before it existed. */
  cpuProbe: CpuProbeRepetitionSchema.optional(),
};

/** The field the environment and each run add (spread into EnvironmentSchema and RunSchema). */
export const cpuProbeRunFields = {
  /** The CPU-speed probe's baseline for this run; absent in datasets recorded before it existed. */
  cpuProbe: CpuProbeBaselineSchema.optional(),
};

/** The field the settings add (spread into SettingsSchema). */
export const cpuProbeSettingsFields = {
  /**
   * A repetition whose CPU probe's `slowdown` is above this is noisy, like one whose server
   * CPUs were contended (`--cpu-probe-threshold`); absent in datasets recorded before the probe.
   */
  cpuProbeThreshold: z.number().min(0).max(1).optional(),
};

export type CpuProbeBaseline = z.infer<typeof CpuProbeBaselineSchema>;
export type CpuProbeRepetition = z.infer<typeof CpuProbeRepetitionSchema>;
