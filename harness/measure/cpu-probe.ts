/**
 * The CPU-speed probe beside every window (issue 12): this VM's CPUs sometimes run slower for
 * several windows in a row, with nothing else on them and no steal in /proc/stat, and every
 * request then costs more CPU time, so contention (noise.ts) cannot see it. A fixed loop of the
 * `cpu` endpoint's kernel, timed in CPU time on the server CPUs (apps/cpu_probe.py, run by
 * cpu-probe-process.ts) just before and just after each window, can: its readings are compared
 * with a baseline taken when the run started, and a repetition whose probe ran more than
 * `settings.cpuProbeThreshold` slower is noisy, measured again like a contended one.
 *
 * The decisions here are pure or take their clock and reader, so tests run no Python.
 */
import type { CpuProbeBaseline, CpuProbeRepetition } from '../../src/bench/cpu-probe-schema.ts';
import { computeMedian } from '../../src/bench/stats.ts';
import { sleep } from '../system/processes.ts';
import type { QuietBudget } from './noise.ts';

/** How the probe times its loop and takes its baseline. */
export interface CpuProbePlan {
  /** Trials per reading; a reading is their median, so one interrupted trial does not count. */
  trials: number;
  /** Loops per trial: 50,000 is about 2-3.5 ms at this machine's 14,000-24,000 loops per ms. */
  loopsPerTrial: number;
  /** Readings the baseline is the fastest of... */
  baselineReadings: number;
  /** ...taken this far apart, ms, so one slow moment does not set it. */
  baselineGapMs: number;
}

/** About 20-35 ms of CPU per reading on this machine; a baseline over about 1.2 s. */
export const CPU_PROBE_PLAN: CpuProbePlan = {
  trials: 10,
  loopsPerTrial: 50_000,
  baselineReadings: 10,
  baselineGapMs: 100,
};

/** What a repetition needs to probe the CPU's speed around its window. */
export interface CpuSpeed {
  /** One reading now: loops per ms of CPU time. */
  read(): Promise<number>;
  /** The run's baseline, loops per ms. */
  baselineLoopsPerMs: number;
}

const isRate = (value: number): boolean => Number.isFinite(value) && value > 0;

/** One reading from its trials (loops per ms each): their median. */
export function summarizeTrials(trials: readonly number[]): number {
  const bad = trials.findIndex((t) => !isRate(t));
  if (trials.length === 0 || bad >= 0)
    throw new Error(
      `the CPU probe's trials are not rates: ${trials.length === 0 ? 'none' : `trial ${bad + 1} is ${String(trials[bad])}`}`,
    );
  return computeMedian(trials);
}

/**
 * How much more CPU time a loop took at `loopsPerMs` than at the baseline: baseline / reading
 * - 1, at least 0 (a reading faster than the baseline is not slow).
 */
export function computeSlowdown(baselineLoopsPerMs: number, loopsPerMs: number): number {
  return Math.max(0, baselineLoopsPerMs / loopsPerMs - 1);
}

/** The readings around a window, judged by the slower of the two against the run's baseline. */
export function judgeCpuProbe(
  beforeLoopsPerMs: number,
  afterLoopsPerMs: number,
  baselineLoopsPerMs: number,
): CpuProbeRepetition {
  const slower = Math.min(beforeLoopsPerMs, afterLoopsPerMs);
  return {
    beforeLoopsPerMs,
    afterLoopsPerMs,
    slowdown: computeSlowdown(baselineLoopsPerMs, slower),
  };
}

/**
 * How much faster than the baseline the faster reading around a window ran (its loops per ms
 * over the baseline's, - 1; 0 or less when none was faster). Well above 0, the baseline was
 * taken while the CPU ran slow, and windows as slow as it pass as at speed.
 */
export function measureSpeedup(probe: CpuProbeRepetition, baselineLoopsPerMs: number): number {
  return Math.max(probe.beforeLoopsPerMs, probe.afterLoopsPerMs) / baselineLoopsPerMs - 1;
}

/**
 * The run's baseline from its readings: the fastest. A busy or slow moment only ever makes a
 * reading slower, so the fastest is the CPU at its usual speed.
 */
export function chooseBaseline(
  readings: readonly number[],
  plan: Pick<CpuProbePlan, 'trials' | 'loopsPerTrial'>,
): CpuProbeBaseline {
  const bad = readings.find((r) => !isRate(r));
  if (readings.length === 0 || bad !== undefined)
    throw new Error(
      `the CPU probe's baseline has no usable reading (${readings.length} readings${bad === undefined ? '' : `, one of them ${String(bad)}`})`,
    );
  return {
    baselineLoopsPerMs: Math.max(...readings),
    readings: readings.length,
    trials: plan.trials,
    loopsPerTrial: plan.loopsPerTrial,
  };
}

/** Take the run's baseline: `plan.baselineReadings` readings `plan.baselineGapMs` apart. */
export async function takeBaseline(
  read: () => Promise<number>,
  plan: CpuProbePlan,
  pause: (ms: number) => Promise<void> = sleep,
): Promise<CpuProbeBaseline> {
  const readings: number[] = [];
  for (let i = 0; i < plan.baselineReadings; i++) {
    if (i > 0) await pause(plan.baselineGapMs);
    readings.push(await read());
  }
  return chooseBaseline(readings, plan);
}

/** A reading just before a window, when the run probes the CPU's speed. */
export async function readBeforeWindow(cpu: CpuSpeed | undefined): Promise<number | undefined> {
  return cpu ? await cpu.read() : undefined;
}

/**
 * A reading just after the window, judged with the one before it: the repetition's `cpuProbe`
 * field, or nothing when the run does not probe.
 */
export async function readAfterWindow(
  cpu: CpuSpeed | undefined,
  before: number | undefined,
): Promise<{ cpuProbe?: CpuProbeRepetition }> {
  if (!cpu || before === undefined) return {};
  return { cpuProbe: judgeCpuProbe(before, await cpu.read(), cpu.baselineLoopsPerMs) };
}

/** Pause between readings while waiting for the CPU to run at speed again. */
const SPEED_WAIT_PAUSE_MS = 500;

/** A clock for the wait, replaceable in tests. */
export interface WaitClock {
  now(): number;
  pause(ms: number): Promise<void>;
}

/**
 * Before a repetition, read the probe until the CPU runs within `threshold` of its baseline, or
 * the quiet-wait budget (shared with waiting for contention to pass) runs out: a slow stretch
 * lasts several windows, so measuring again at once would mostly measure it again. Returns how
 * long it waited, ms, and takes that from the budget.
 */
export async function waitForCpuSpeed(
  cpu: CpuSpeed,
  threshold: number,
  budget: QuietBudget,
  clock: WaitClock = { now: Date.now, pause: sleep },
): Promise<number> {
  const limit = Math.min(budget.perRepetitionMs, budget.remainingMs);
  if (limit <= 0) return 0;
  const started = clock.now();
  while (computeSlowdown(cpu.baselineLoopsPerMs, await cpu.read()) > threshold) {
    if (clock.now() - started >= limit) break;
    await clock.pause(SPEED_WAIT_PAUSE_MS);
  }
  const waited = clock.now() - started;
  budget.remainingMs = Math.max(0, budget.remainingMs - waited);
  return waited;
}
