/**
 * Readers for /proc: per-process CPU time, memory (PSS from smaps_rollup) and per-CPU busy time.
 * Parsers are pure functions over file text so they are unit-tested on synthetic input.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** The fields of /proc/PID/stat the harness uses. CPU times are in clock ticks. */
export interface PidStat {
  pid: number;
  comm: string;
  ppid: number;
  pgrp: number;
  session: number;
  utimeTicks: number;
  stimeTicks: number;
  /**
   * cutime + cstime (fields 16 and 17): ticks of the children this process has waited for. A
   * worker that exits (recycled by max_requests, killed at a memory limit), or a PostgreSQL
   * backend that served one connection, takes its own ticks with it; its parent's count (the
   * arbiter's, the postmaster's) keeps them.
   */
  reapedChildrenTicks: number;
}

/** Parse /proc/PID/stat. `comm` may contain spaces and parentheses, so split at the last ')'. */
export function parsePidStat(text: string): PidStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open)
    throw new Error(`malformed /proc/PID/stat: ${JSON.stringify(text.slice(0, 60))}`);
  const rest = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state); field N is rest[N - 3].
  const field = (n: number): number => {
    const value = Number(rest[n - 3]);
    if (!Number.isFinite(value))
      throw new Error(`malformed /proc/PID/stat: field ${n} is ${JSON.stringify(rest[n - 3])}`);
    return value;
  };
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    ppid: field(4),
    pgrp: field(5),
    session: field(6),
    utimeTicks: field(14),
    stimeTicks: field(15),
    reapedChildrenTicks: field(16) + field(17),
  };
}

/** Memory of one process from /proc/PID/smaps_rollup, in bytes. */
export interface ProcessMemory {
  pssBytes: number;
  rssBytes: number;
}

/** Parse /proc/PID/smaps_rollup ("Pss:  1234 kB" lines). */
export function parseSmapsRollup(text: string): ProcessMemory {
  const readKb = (key: string): number => {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(text);
    if (!match) throw new Error(`smaps_rollup has no ${key} line`);
    return Number(match[1]) * 1024;
  };
  return { pssBytes: readKb('Pss'), rssBytes: readKb('Rss') };
}

/** Busy and total ticks of one CPU from /proc/stat; `niced` is the part of busy run at nice > 0. */
export interface CpuTicks {
  busy: number;
  total: number;
  niced: number;
  /** Time another VM (the hypervisor) took from this CPU; part of busy. */
  steal: number;
  /** irq + softirq: not in busy, in total. */
  irq: number;
  /** idle + iowait: total - idle is all the CPU did, irq and softirq included. */
  idle: number;
}

/**
 * Parse the per-CPU lines of /proc/stat. Busy = user + nice + system + steal: irq and softirq
 * are left out because loopback packet processing lands there without being charged to any
 * process, and counting it would make the server's own traffic look like noise from others.
 * Steal stays in: it is another VM taking our CPU, which is noise.
 */
export function parseCpuTicks(text: string): Map<number, CpuTicks> {
  const cpus = new Map<number, CpuTicks>();
  for (const line of text.split('\n')) {
    const match = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const values = (match[2] ?? '').trim().split(/\s+/).slice(0, 8).map(Number);
    if (values.length < 8 || values.some((v) => !Number.isFinite(v))) {
      throw new Error(`malformed /proc/stat line: ${JSON.stringify(line)}`);
    }
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
      values;
    const busy = user + nice + system + steal;
    cpus.set(Number(match[1]), {
      busy,
      total: busy + idle + iowait + irq + softirq,
      niced: nice,
      steal,
      irq: irq + softirq,
      idle: idle + iowait,
    });
  }
  if (cpus.size === 0) throw new Error('/proc/stat has no cpuN lines');
  return cpus;
}

/** Sum busy and total ticks over a CPU set. */
export function sumCpuTicks(ticks: Map<number, CpuTicks>, cpuSet: readonly number[]): CpuTicks {
  const sum = { busy: 0, total: 0, niced: 0, steal: 0, irq: 0, idle: 0 };
  for (const cpu of cpuSet) {
    const t = ticks.get(cpu);
    if (!t) throw new Error(`CPU ${cpu} is not in /proc/stat`);
    sum.busy += t.busy;
    sum.total += t.total;
    sum.niced += t.niced;
    sum.steal += t.steal;
    sum.irq += t.irq;
    sum.idle += t.idle;
  }
  return sum;
}

/** Clock ticks per second (USER_HZ) for converting /proc CPU times to seconds. */
export function readClockTicksPerSecond(): number {
  return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
}

export function readCpuTicks(): Map<number, CpuTicks> {
  return parseCpuTicks(readFileSync('/proc/stat', 'utf8'));
}

/** Read a file that may vanish because its process exited meanwhile. */
export function readIfPresent(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Every live process of each given session, from one pass over /proc. */
export function listSessionsProcesses(sessionIds: readonly number[]): Map<number, PidStat[]> {
  const found = new Map<number, PidStat[]>(sessionIds.map((id) => [id, []]));
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const text = readIfPresent(`/proc/${name}/stat`);
    if (text === null) continue;
    const stat = parsePidStat(text);
    found.get(stat.session)?.push(stat);
  }
  return found;
}

/** Every live process in a session: a group's whole tree, including spawned (not forked) workers. */
export function listSessionProcesses(sessionId: number): PidStat[] {
  return listSessionsProcesses([sessionId]).get(sessionId) ?? [];
}

/**
 * CPU ticks a session's processes have used: each live process's own, plus the children each has
 * waited for. A process that exits between two reads moves its ticks from its own count to its
 * parent's, so the difference between two reads keeps them (before, a worker that exited within
 * a window took its CPU time out of the server's, and the noise measure counted it as other work).
 */
export function sumSessionTicks(processes: readonly PidStat[]): number {
  return processes.reduce((sum, p) => sum + p.utimeTicks + p.stimeTicks + p.reapedChildrenTicks, 0);
}

/** CPU ticks of each session (`sumSessionTicks`). */
export function readSessionsCpuTicks(sessionIds: readonly number[]): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const [id, processes] of listSessionsProcesses(sessionIds))
    ticks.set(id, sumSessionTicks(processes));
  return ticks;
}

/** Summed PSS and RSS of a session's processes, and how many were read. */
export type SessionMemory = ProcessMemory & { processes: number };

/** Summed PSS and RSS of each session's processes. */
export function readSessionsMemory(sessionIds: readonly number[]): Map<number, SessionMemory> {
  const memory = new Map<number, SessionMemory>();
  for (const [id, processes] of listSessionsProcesses(sessionIds)) {
    const sum = { pssBytes: 0, rssBytes: 0, processes: 0 };
    for (const p of processes) {
      const text = readIfPresent(`/proc/${p.pid}/smaps_rollup`);
      // Kernel threads and zombies have an empty rollup; they hold no user memory.
      if (text === null || !text.includes('Pss:')) continue;
      const one = parseSmapsRollup(text);
      sum.pssBytes += one.pssBytes;
      sum.rssBytes += one.rssBytes;
      sum.processes += 1;
    }
    memory.set(id, sum);
  }
  return memory;
}

/** The `Threads:` count of /proc/PID/status. */
export function parseThreadCount(statusText: string): number {
  const match = /^Threads:\s+(\d+)$/m.exec(statusText);
  if (!match) throw new Error('/proc/PID/status has no Threads line');
  return Number(match[1]);
}

/** Threads of a process now, or null when it is gone. */
export function readThreadCount(pid: number): number | null {
  const text = readIfPresent(`/proc/${pid}/status`);
  return text === null ? null : parseThreadCount(text);
}

/**
 * CPU ticks of a group that is a list of processes rather than a session (PostgreSQL's backends
 * each call setsid): every listed process's own ticks, plus the reaped children's ticks of
 * `reaper`, the parent that waits for them (the postmaster). A process that exits between two
 * reads moves its ticks from the first sum to the second, so the difference stays right.
 */
export function readProcessesCpuTicks(pids: readonly number[], reaper: number): number {
  let ticks = 0;
  for (const pid of pids) {
    const text = readIfPresent(`/proc/${pid}/stat`);
    if (text === null) continue;
    const stat = parsePidStat(text);
    ticks += stat.utimeTicks + stat.stimeTicks;
    if (pid === reaper) ticks += stat.reapedChildrenTicks;
  }
  return ticks;
}

/** Summed PSS and RSS of a list of processes, and how many were read. */
export function readProcessesMemory(pids: readonly number[]): SessionMemory {
  const sum = { pssBytes: 0, rssBytes: 0, processes: 0 };
  for (const pid of pids) {
    const text = readIfPresent(`/proc/${pid}/smaps_rollup`);
    if (text === null || !text.includes('Pss:')) continue;
    const one = parseSmapsRollup(text);
    sum.pssBytes += one.pssBytes;
    sum.rssBytes += one.rssBytes;
    sum.processes += 1;
  }
  return sum;
}
