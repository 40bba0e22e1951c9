import { describe, expect, it } from 'vitest';
import {
  chooseBaseline,
  computeSlowdown,
  judgeCpuProbe,
  measureSpeedup,
  readAfterWindow,
  readBeforeWindow,
  summarizeTrials,
  takeBaseline,
  waitForCpuSpeed,
  type CpuSpeed,
  type WaitClock,
} from '../../../../harness/measure/cpu-probe.ts';

const PLAN = { trials: 10, loopsPerTrial: 50_000, baselineReadings: 4, baselineGapMs: 100 };

/** A probe that returns `readings` in turn (the last one from then on), counting its reads. */
function makeCpu(readings: readonly number[], baselineLoopsPerMs = 20_000) {
  let reads = 0;
  const cpu: CpuSpeed = {
    baselineLoopsPerMs,
    read: () => Promise.resolve(readings[Math.min(reads++, readings.length - 1)] ?? 0),
  };
  return { cpu, reads: () => reads };
}

/** A clock that moves only when the code under test pauses; it records every pause. */
function makeClock(): WaitClock & { paused: number[] } {
  let now = 0;
  const paused: number[] = [];
  return {
    paused,
    now: () => now,
    pause: (ms) => {
      paused.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

describe.each([
  { name: 'an odd count', trials: [3, 1, 2], reading: 2 },
  { name: 'an even count', trials: [4, 1, 3, 2], reading: 2.5 },
  { name: 'one interrupted trial among steady ones', trials: [20, 20, 20, 5, 20], reading: 20 },
])('summarizeTrials: $name', ({ trials, reading }) => {
  it(`is the median, ${reading}`, () => expect(summarizeTrials(trials)).toBe(reading));
});

describe('summarizeTrials refuses what is not a rate', () => {
  it.each([
    { trials: [], message: "the CPU probe's trials are not rates: none" },
    { trials: [1, 0], message: "the CPU probe's trials are not rates: trial 2 is 0" },
    { trials: [Infinity], message: "the CPU probe's trials are not rates: trial 1 is Infinity" },
    { trials: [1, NaN], message: "the CPU probe's trials are not rates: trial 2 is NaN" },
  ])('$trials', ({ trials, message }) => expect(() => summarizeTrials(trials)).toThrow(message));
});

describe.each([
  { name: 'both at the baseline', before: 20_000, after: 20_000, slowdown: 0 },
  { name: 'both faster than the baseline', before: 21_000, after: 22_000, slowdown: 0 },
  { name: 'slow before the window', before: 16_000, after: 20_000, slowdown: 0.25 },
  { name: 'slow after the window', before: 20_000, after: 10_000, slowdown: 1 },
  { name: 'both slow: the slower counts', before: 19_000, after: 16_000, slowdown: 0.25 },
])('judgeCpuProbe: $name', ({ before, after, slowdown }) => {
  it(`keeps both readings and finds a slowdown of ${slowdown}`, () => {
    const judged = judgeCpuProbe(before, after, 20_000);
    expect(judged).toEqual({
      beforeLoopsPerMs: before,
      afterLoopsPerMs: after,
      slowdown: expect.closeTo(slowdown, 10) as number,
    });
    expect(computeSlowdown(20_000, Math.min(before, after))).toBeCloseTo(slowdown, 10);
  });
});

describe('chooseBaseline', () => {
  it('takes the fastest reading and records how it was taken', () => {
    expect(chooseBaseline([18_000, 20_000, 12_000], PLAN)).toEqual({
      baselineLoopsPerMs: 20_000,
      readings: 3,
      trials: 10,
      loopsPerTrial: 50_000,
    });
  });
  it.each([
    { readings: [], message: "the CPU probe's baseline has no usable reading (0 readings)" },
    {
      readings: [20_000, -1],
      message: "the CPU probe's baseline has no usable reading (2 readings, one of them -1)",
    },
  ])('refuses $readings', ({ readings, message }) =>
    expect(() => chooseBaseline(readings, PLAN)).toThrow(message),
  );
});

describe('takeBaseline', () => {
  it('reads the planned number of times, paused between readings, and keeps the fastest', async () => {
    const { cpu, reads } = makeCpu([15_000, 19_000, 17_000, 18_000]);
    const clock = makeClock();
    const baseline = await takeBaseline(cpu.read, PLAN, clock.pause);
    expect(reads()).toBe(4);
    expect(clock.paused).toEqual([100, 100, 100]);
    expect(baseline.baselineLoopsPerMs).toBe(19_000);
  });
});

describe('readBeforeWindow and readAfterWindow', () => {
  it('read nothing and add no field when the run does not probe', async () => {
    expect(await readBeforeWindow(undefined)).toBeUndefined();
    expect(await readAfterWindow(undefined, undefined)).toEqual({});
  });
  it('read once on each side and judge the pair against the baseline', async () => {
    const { cpu, reads } = makeCpu([20_000, 16_000]);
    const before = await readBeforeWindow(cpu);
    expect(await readAfterWindow(cpu, before)).toEqual({
      cpuProbe: { beforeLoopsPerMs: 20_000, afterLoopsPerMs: 16_000, slowdown: 0.25 },
    });
    expect(reads()).toBe(2);
  });
});

// Readings against a baseline of 20,000 loops/ms and a threshold of 0.05 (19,048 and up is at
// speed); the wait pauses 500 ms between readings.
describe.each([
  {
    name: 'a CPU at speed',
    readings: [20_000],
    budget: { perRepetitionMs: 10_000, remainingMs: 60_000 },
    waited: 0,
    reads: 1,
  },
  {
    name: 'a CPU back at speed after two slow readings',
    readings: [15_000, 18_000, 19_500],
    budget: { perRepetitionMs: 10_000, remainingMs: 60_000 },
    waited: 1000,
    reads: 3,
  },
  {
    name: 'a CPU that stays slow: the wait stops at the per-repetition limit',
    readings: [10_000],
    budget: { perRepetitionMs: 2000, remainingMs: 60_000 },
    waited: 2000,
    reads: 5,
  },
  {
    name: 'a CPU that stays slow: the wait stops when the run budget is spent',
    readings: [10_000],
    budget: { perRepetitionMs: 10_000, remainingMs: 1000 },
    waited: 1000,
    reads: 3,
  },
  {
    name: 'waiting switched off (--quiet-wait 0)',
    readings: [10_000],
    budget: { perRepetitionMs: 0, remainingMs: 60_000 },
    waited: 0,
    reads: 0,
  },
])('waitForCpuSpeed: $name', ({ readings, budget, waited, reads }) => {
  it(`waits ${waited} ms over ${reads} readings and takes it from the budget`, async () => {
    const { cpu, reads: counted } = makeCpu(readings);
    const left = { ...budget };
    expect(await waitForCpuSpeed(cpu, 0.05, left, makeClock())).toBe(waited);
    expect(counted()).toBe(reads);
    expect(left.remainingMs).toBe(budget.remainingMs - waited);
  });
});

describe.each([
  { name: 'readings at the baseline', before: 20_000, after: 20_000, speedup: 0 },
  { name: 'readings slower than the baseline', before: 16_000, after: 18_000, speedup: -0.1 },
  { name: 'a reading faster: the baseline ran slow', before: 16_000, after: 25_000, speedup: 0.25 },
])('measureSpeedup: $name', ({ before, after, speedup }) => {
  it(`is ${speedup}`, () => {
    const probe = { beforeLoopsPerMs: before, afterLoopsPerMs: after, slowdown: 0 };
    expect(measureSpeedup(probe, 20_000)).toBeCloseTo(speedup, 10);
  });
});
