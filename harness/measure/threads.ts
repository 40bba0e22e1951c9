/**
 * Every thread on the machine, from /proc/PID/task/TID/stat and schedstat: whose CPU time was
 * work that yields to ours (SCHED_IDLE), which CPU it last ran on, and how long our server's
 * threads waited for a CPU. Parsers are pure functions over file text, unit-tested on
 * synthetic input.
 */
import { readdirSync } from 'node:fs';
import { listSessionProcesses, readIfPresent } from './proc.ts';

/** Linux scheduling policy number of SCHED_IDLE (sched.h). */
export const SCHED_IDLE = 5;

/** One thread's scheduling facts and CPU time so far. */
export interface ThreadSample {
  tid: number;
  /** Its process (thread group). */
  pid: number;
  comm: string;
  /** utime + stime, clock ticks. */
  ticks: number;
  nice: number;
  /** Scheduling policy (0 SCHED_OTHER, 3 SCHED_BATCH, 5 SCHED_IDLE, ...). */
  policy: number;
  /** The CPU it last ran on. */
  cpu: number;
}

/** Parse /proc/PID/task/TID/stat. `comm` may hold spaces and parentheses: split at the last ')'. */
export function parseThreadStat(text: string, pid: number): ThreadSample {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const rest = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state); field N is rest[N - 3].
  const field = (n: number): number => Number(rest[n - 3]);
  const sample = {
    tid: Number(text.slice(0, open).trim()),
    pid,
    comm: text.slice(open + 1, close),
    ticks: field(14) + field(15),
    nice: field(19),
    policy: field(41),
    cpu: field(39),
  };
  if (open < 0 || close < open || Object.values(sample).some((v) => Number.isNaN(v)))
    throw new Error(`malformed /proc/PID/task/TID/stat: ${JSON.stringify(text.slice(0, 60))}`);
  return sample;
}

/**
 * Whether a thread yields to normal work without showing in /proc/stat's `nice` column:
 * SCHED_IDLE at nice <= 0. (SCHED_IDLE at nice > 0 is already in that column.) Teammates'
 * builds moved to SCHED_IDLE by env/demote-others.sh land in `user` there, yet only run when
 * our server and wrk leave a CPU idle.
 */
export function isYielding(thread: ThreadSample): boolean {
  return thread.policy === SCHED_IDLE && thread.nice <= 0;
}

/** Every thread on the machine now, by tid. */
export function readThreads(): Map<number, ThreadSample> {
  const threads = new Map<number, ThreadSample>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const text = readIfPresent(`/proc/${pid}/task/${tid}/stat`);
      if (text !== null) threads.set(Number(tid), parseThreadStat(text, Number(pid)));
    }
  }
  return threads;
}

/** CPU ticks each thread used between two readings; a thread born in between counts from 0. */
export function diffThreads(
  before: ReadonlyMap<number, ThreadSample>,
  after: ReadonlyMap<number, ThreadSample>,
): Array<ThreadSample & { used: number }> {
  return [...after.values()].map((t) => ({
    ...t,
    used: Math.max(0, t.ticks - (before.get(t.tid)?.ticks ?? 0)),
  }));
}

/**
 * Ticks of yielding threads between two readings: on the whole machine, and on `cpus` (judged
 * by the CPU each thread last ran on; a thread that moved between CPUs is counted where it
 * ended). Threads that exited take their ticks with them.
 */
export function sumYieldingTicks(
  before: ReadonlyMap<number, ThreadSample>,
  after: ReadonlyMap<number, ThreadSample>,
  cpus: readonly number[],
): { total: number; onCpus: number } {
  let total = 0;
  let onCpus = 0;
  for (const t of diffThreads(before, after)) {
    if (!isYielding(t)) continue;
    total += t.used;
    if (cpus.includes(t.cpu)) onCpus += t.used;
  }
  return { total, onCpus };
}

/** One process's CPU use between two readings, for telling people what kept a CPU busy. */
export interface ProcessUse {
  pid: number;
  comm: string;
  ticks: number;
  nice: number;
  policy: number;
}

/** The processes that used the most CPU between two readings, leaving out `excludePids`. */
export function listBusiestProcesses(
  before: ReadonlyMap<number, ThreadSample>,
  after: ReadonlyMap<number, ThreadSample>,
  count: number,
  excludePids: ReadonlySet<number> = new Set(),
): ProcessUse[] {
  const byPid = new Map<number, ProcessUse>();
  for (const t of diffThreads(before, after)) {
    if (t.used === 0 || excludePids.has(t.pid)) continue;
    const use = byPid.get(t.pid) ?? {
      pid: t.pid,
      comm: t.comm,
      ticks: 0,
      nice: t.nice,
      policy: t.policy,
    };
    if (t.tid === t.pid) Object.assign(use, { comm: t.comm, nice: t.nice, policy: t.policy });
    use.ticks += t.used;
    byPid.set(t.pid, use);
  }
  return [...byPid.values()].sort((a, b) => b.ticks - a.ticks).slice(0, count);
}

/** The run-queue wait (ns) of /proc/PID/task/TID/schedstat: "on-CPU ns, waiting ns, slices". */
export function parseRunDelayNs(text: string): number {
  const value = Number(text.trim().split(/\s+/)[1]);
  if (!Number.isFinite(value)) throw new Error(`malformed schedstat: ${JSON.stringify(text)}`);
  return value;
}

/**
 * Summed run-queue wait, ns, of every thread of every process in a session: time they were
 * ready to run but waited for the CPU (behind each other, or behind anyone else).
 */
export function readSessionRunDelayNs(sessionId: number): number {
  let sum = 0;
  for (const { pid } of listSessionProcesses(sessionId)) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const text = readIfPresent(`/proc/${pid}/task/${tid}/schedstat`);
      if (text !== null) sum += parseRunDelayNs(text);
    }
  }
  return sum;
}
