/**
 * Other people's work on the pinned CPUs: how much of them it used in a window, and waiting for a
 * quiet machine before a repetition. Every group of the system under test, wrk and the harness
 * count as our own work; everything else is noise.
 *
 * Two measures. `otherCpuShare` (kept as a diagnostic) counts everything else on the server and
 * client CPUs, whatever its priority. `serverCpuContention`, which decides `noisy` since issue 14,
 * counts only what can take CPU time from the server: other tasks at normal priority on the
 * server CPUs, and steal (another VM running on our CPU). Work at nice > 0 or under SCHED_IDLE
 * only fills time the server leaves idle, so it is left out.
 *
 * On a shared 2-core VM other people's builds come in bursts; when the whole VM is saturated,
 * even a high-priority server stalls for 100+ ms (seen here at nice -20 too: the stall is outside
 * the guest's scheduler, and then shows as steal), so no priority setting protects a measurement.
 * Waiting for a burst to pass does, within a time budget.
 */
import { readCpuTicks, readSessionsCpuTicks, sumCpuTicks, type CpuTicks } from './proc.ts';
import { readThreads, sumYieldingTicks, type ThreadSample } from './threads.ts';
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

/** What took the server CPUs from the server in one window, as shares of their capacity. */
export interface ServerCpuContention {
  /** Other tasks at normal priority, plus steal: the noise flag's measure. */
  contention: number;
  /** Steal alone: the hypervisor ran another VM on our CPU. */
  steal: number;
}

/**
 * Contention for the server CPUs from their /proc/stat tick deltas (`cpu`), the ticks our own
 * groups pinned there used (`ownTicks`) and those of yielding (SCHED_IDLE) threads that ran
 * there (`yieldingTicks`). irq and softirq count as busy here: with tick-based accounting a
 * softirq tick that interrupts the server is charged both to /proc/stat's softirq column and to
 * the server's own stime, so leaving them out would subtract the server's loopback work twice.
 * Niced work (the `nice` column) yields to the server; steal does not. Clamped to [0, 1]: tick
 * counters are coarse (10 ms).
 */
export function computeServerCpuContention(
  cpu: CpuTicks,
  ownTicks: number,
  yieldingTicks: number,
): ServerCpuContention {
  if (cpu.total <= 0) return { contention: 0, steal: 0 };
  const clamp = (v: number): number => Math.min(1, Math.max(0, v));
  const normalOthers = cpu.busy + cpu.irq - cpu.niced - cpu.steal - ownTicks - yieldingTicks;
  return {
    contention: clamp((Math.max(0, normalOthers) + cpu.steal) / cpu.total),
    steal: clamp(cpu.steal / cpu.total),
  };
}

/** The difference of two /proc/stat readings of the same CPUs. */
export function diffCpuTicks(before: CpuTicks, after: CpuTicks): CpuTicks {
  return {
    busy: after.busy - before.busy,
    total: after.total - before.total,
    niced: after.niced - before.niced,
    steal: after.steal - before.steal,
    irq: after.irq - before.irq,
    idle: after.idle - before.idle,
  };
}

/** The server CPUs' ticks and every thread, at one moment. */
export interface ServerCpuReading {
  cpu: CpuTicks;
  threads: Map<number, ThreadSample>;
}

/** Read the server CPUs' ticks and every thread now. */
export function readServerCpus(serverCpus: readonly number[]): ServerCpuReading {
  return { cpu: sumCpuTicks(readCpuTicks(), serverCpus), threads: readThreads() };
}

/** Contention between two readings, given the ticks our groups on the server CPUs used. */
export function measureServerCpuContention(
  before: ServerCpuReading,
  after: ServerCpuReading,
  serverCpus: readonly number[],
  ownTicks: number,
): ServerCpuContention {
  const yielding = sumYieldingTicks(before.threads, after.threads, serverCpus).onCpus;
  return computeServerCpuContention(diffCpuTicks(before.cpu, after.cpu), ownTicks, yielding);
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
 * Contention for the server CPUs over one probe window: everything on them at normal priority
 * that is not one of our groups pinned there (`serverGroupPids`). The harness runs on the client
 * CPUs, so it needs no subtracting.
 */
export async function probeServerCpuContention(
  serverCpus: readonly number[],
  serverGroupPids: readonly number[],
  probeMs = PROBE_MS,
): Promise<number> {
  const before = readServerCpus(serverCpus);
  const groupsBefore = sumGroupTicks(serverGroupPids);
  await sleep(probeMs);
  const after = readServerCpus(serverCpus);
  const own = sumGroupTicks(serverGroupPids) - groupsBefore;
  return measureServerCpuContention(before, after, serverCpus, own).contention;
}

/**
 * Probe until contention for the server CPUs is at or below `threshold`, or the budget runs out.
 * Returns how long it waited, ms (0 when the machine was already quiet or the budget is spent).
 */
export async function waitForQuiet(
  serverCpus: readonly number[],
  serverGroupPids: readonly number[],
  threshold: number,
  budget: QuietBudget,
): Promise<number> {
  const limit = Math.min(budget.perRepetitionMs, budget.remainingMs);
  if (limit <= 0) return 0;
  const started = Date.now();
  while (Date.now() - started < limit) {
    if ((await probeServerCpuContention(serverCpus, serverGroupPids)) <= threshold) break;
  }
  const waited = Date.now() - started;
  budget.remainingMs = Math.max(0, budget.remainingMs - waited);
  return waited;
}
