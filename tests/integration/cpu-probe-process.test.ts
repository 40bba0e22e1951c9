/**
 * The CPU probe's process (harness/measure/cpu-probe-process.ts running apps/cpu_probe.py) in
 * Debian 12's /usr/bin/python3, pinned to CPU 0 as the servers are. Nothing here asserts speed:
 * only that readings are rates, that a probe which fails says why, and that stopping it leaves
 * no process.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startCpuProbeProcess, startRunCpuProbe } from '../../harness/measure/cpu-probe-process.ts';
import { findMarkedProcesses } from '../../harness/system/processes.ts';
import { createTarget } from '../../harness/system/target.ts';

const target = createTarget('/usr/bin/python3', undefined);
const SMALL = { trials: 3, loopsPerTrial: 2000, baselineReadings: 3, baselineGapMs: 10 };

/** The CPUs a process may run on, from /proc (e.g. `0`). */
const readCpusAllowed = (pid: number): string | undefined =>
  /^Cpus_allowed_list:\s*(\S+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];

describe('the CPU probe process', () => {
  it('answers every reading with a rate, runs pinned to the server CPUs and leaves nothing behind', async () => {
    const probe = startCpuProbeProcess(target, [0], SMALL);
    const readings = await Promise.all([probe.read(), probe.read(), probe.read()]);
    for (const reading of readings) {
      expect(Number.isFinite(reading)).toBe(true);
      expect(reading).toBeGreaterThan(0);
    }
    const [pid] = findMarkedProcesses();
    expect(pid).toBeDefined();
    expect(readCpusAllowed(pid ?? -1)).toBe('0');
    await probe.stop();
    expect(findMarkedProcesses()).toEqual([]);
  }, 30_000);

  it('takes a run baseline as the fastest of its readings', async () => {
    const run = await startRunCpuProbe(target, [0], SMALL);
    try {
      expect(run.baseline).toMatchObject({ readings: 3, trials: 3, loopsPerTrial: 2000 });
      expect(run.cpuSpeed.baselineLoopsPerMs).toBe(run.baseline.baselineLoopsPerMs);
      expect(await run.cpuSpeed.read()).toBeGreaterThan(0);
    } finally {
      await run.stop();
    }
    expect(findMarkedProcesses()).toEqual([]);
  }, 30_000);

  it('says why a probe that cannot run gave no reading, with the end of what it printed', async () => {
    // int("0.5") fails in cpu_probe.py's argument parsing: the process exits before reading.
    const probe = startCpuProbeProcess(target, [0], { trials: 0.5, loopsPerTrial: 2000 });
    const failure = probe.read();
    await expect(failure).rejects.toThrow(/^the CPU probe exited \(exit code 1\): taskset -c 0 /);
    await expect(failure).rejects.toThrow(/ValueError: invalid literal for int\(\)/);
    await expect(probe.read()).rejects.toThrow(/the CPU probe (is not running|exited)/);
    await probe.stop();
    expect(findMarkedProcesses()).toEqual([]);
  }, 30_000);
});
