/**
 * Other people's work on the pinned CPUs: how much of them it used in a window, and waiting for a
 * quiet machine before a repetition. Every group of the system under test, wrk and the harness
 * count as our own work; everything else is noise.
 *
 * On a shared 2-core VM other people's builds come in bursts; when the whole VM is saturated,
 * even a high-priority server stalls for 100+ ms (seen here at nice -20 too: the stall is outside
 * the guest's scheduler), so no priority setting protects a measurement. Waiting for a burst to
 * pass does, within a time budget.
 */
import { readCpuTicks, readSessionsCpuTicks, sumCpuTicks } from './proc.ts';
import { sleep } from '../system/processes.ts';

/**
 * Share of the pinned CPUs used by anything but our own work (the groups, wrk, and this harness,
 * which pins itself to the client CPUs). Clamped to [0, 1]: tick counters are coarse (10 ms).
 */
export function computeOtherCpuShare(
  busyTicks: number,
  totalTicks: number,
  ownTicks: number,
): number {
  if (totalTicks <= 0) return 0;
  return Math.min(1, Math.max(0, (busyTicks - ownTicks) / totalTicks));
}

/** Summed CPU ticks of the groups' sessions. */
export function sumGroupTicks(groupPids: readonly number[]): number {
  let sum = 0;
  for (const ticks of readSessionsCpuTicks(groupPids).values()) sum += ticks;
  return sum;
}

/** Length of one look at the CPUs. */
const PROBE_MS = 500;

/** A budget of waiting shared by every repetition of a run. */
export interface QuietBudget {
  /** Longest wait before one repetition, ms. */
  perRepetitionMs: number;
  /** Waiting left for the rest of the run, ms. */
  remainingMs: number;
}

/**
 * Share of `cpus` used by anything but the groups and the harness over one probe window. All
 * other work counts, whatever its priority: on the VM measured here, SCHED_IDLE and niced work
 * slowed the servers too (see `contendingCpuShare` in the schema).
 */
async function probeOtherShare(
  cpus: readonly number[],
  groupPids: readonly number[],
  hz: number,
): Promise<number> {
  const before = sumCpuTicks(readCpuTicks(), cpus);
  const groupsBefore = sumGroupTicks(groupPids);
  const usageBefore = process.cpuUsage();
  await sleep(PROBE_MS);
  const after = sumCpuTicks(readCpuTicks(), cpus);
  const usage = process.cpuUsage(usageBefore);
  const own = sumGroupTicks(groupPids) - groupsBefore + ((usage.user + usage.system) / 1e6) * hz;
  return computeOtherCpuShare(after.busy - before.busy, after.total - before.total, own);
}

/**
 * Probe until other processes' CPU use is at or below `threshold`, or the budget runs out.
 * Returns how long it waited, ms (0 when the machine was already quiet or the budget is spent).
 */
export async function waitForQuiet(
  cpus: readonly number[],
  groupPids: readonly number[],
  threshold: number,
  hz: number,
  budget: QuietBudget,
): Promise<number> {
  const limit = Math.min(budget.perRepetitionMs, budget.remainingMs);
  if (limit <= 0) return 0;
  const started = Date.now();
  while (Date.now() - started < limit) {
    if ((await probeOtherShare(cpus, groupPids, hz)) <= threshold) break;
  }
  const waited = Date.now() - started;
  budget.remainingMs = Math.max(0, budget.remainingMs - waited);
  return waited;
}
