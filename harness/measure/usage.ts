/**
 * CPU time and memory (PSS) per process group of the system under test, each summed over the
 * group's session (or over the processes a group lists, when they are not one session), and the
 * samplers a group brings for itself (e.g. peak database connections).
 */
import type { BenchGroupUsage } from '../../src/bench/schema.ts';
import type { GroupSampler } from '../system/group.ts';
import {
  readProcessesCpuTicks,
  readProcessesMemory,
  readSessionsCpuTicks,
  readSessionsMemory,
  type SessionMemory,
} from './proc.ts';

/** A running group as measurement sees it. */
export interface MeasuredGroup {
  name: string;
  /** Its session id (and, for a group that lists its processes, the parent that reaps them). */
  pid: number;
  /** The CPUs it is pinned to. */
  cpus: readonly number[];
  /** The group's processes, when they are not one session (see RunningGroup.listProcesses). */
  listProcesses?(): number[];
  startSampler?(): GroupSampler;
}

/** Summed CPU ticks of each group, by name. */
export function readGroupTicks(groups: readonly MeasuredGroup[]): Map<string, number> {
  const sessions = groups.filter((g) => !g.listProcesses);
  const ticks = readSessionsCpuTicks(sessions.map((g) => g.pid));
  return new Map(
    groups.map((g) => [
      g.name,
      g.listProcesses ? readProcessesCpuTicks(g.listProcesses(), g.pid) : (ticks.get(g.pid) ?? 0),
    ]),
  );
}

/** Summed memory of each group now, by name. */
export function readGroupMemory(groups: readonly MeasuredGroup[]): Map<string, SessionMemory> {
  const sessions = groups.filter((g) => !g.listProcesses);
  const memory = readSessionsMemory(sessions.map((g) => g.pid));
  const none = { pssBytes: 0, rssBytes: 0, processes: 0 };
  return new Map(
    groups.map((g) => [
      g.name,
      g.listProcesses ? readProcessesMemory(g.listProcesses()) : (memory.get(g.pid) ?? none),
    ]),
  );
}

/** Memory of every group, sampled on an interval until stopped. */
export interface MemorySampling {
  /**
   * Stop (again: no-op); every group's samples, with one read now when the window was shorter
   * than the interval.
   */
  stop(): Map<string, SessionMemory[]>;
}

/** Sample every group's memory every `intervalMs` (one pass over /proc per sample). */
export function startMemorySampling(
  groups: readonly MeasuredGroup[],
  intervalMs: number,
): MemorySampling {
  const samples = new Map<string, SessionMemory[]>(groups.map((g) => [g.name, []]));
  const take = (): void => {
    for (const [name, memory] of readGroupMemory(groups)) samples.get(name)?.push(memory);
  };
  let taken = 0;
  let stopped = false;
  const timer = setInterval(() => {
    take();
    taken += 1;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      if (!stopped && taken === 0) take();
      stopped = true;
      return samples;
    },
  };
}

/** The samplers the groups bring, started together. */
export interface GroupSampling {
  /** Stop every sampler (once); each group's metrics by name (empty for a group without one). */
  stop(): Promise<Map<string, Record<string, number>>>;
}

/** Start every group's own sampler for one window. */
export function startGroupSamplers(groups: readonly MeasuredGroup[]): GroupSampling {
  const running = groups.map((g) => ({ name: g.name, sampler: g.startSampler?.() ?? null }));
  let stopped: Promise<Map<string, Record<string, number>>> | null = null;
  const stopAll = async (): Promise<Map<string, Record<string, number>>> => {
    const metrics = new Map<string, Record<string, number>>();
    for (const { name, sampler } of running) metrics.set(name, (await sampler?.stop()) ?? {});
    return metrics;
  };
  return {
    stop: () => (stopped ??= stopAll()),
  };
}

/** One group's readings over one window. */
export interface GroupReadings {
  /** CPU ticks the group's session used in the window. */
  ticks: number;
  /** Memory samples over the window (at least one). */
  samples: readonly SessionMemory[];
  /** Memory at rest before the load. */
  idle: SessionMemory;
  metrics: Record<string, number>;
}

/** A group's usage from its readings: the formulas of the server's own fields, per group. */
export function summarizeGroupUsage(
  readings: GroupReadings,
  wallS: number,
  hz: number,
): BenchGroupUsage {
  const { samples } = readings;
  return {
    cpuCores: Math.max(0, readings.ticks) / hz / wallS,
    pssBytesMean: Math.round(samples.reduce((s, m) => s + m.pssBytes, 0) / samples.length),
    pssBytesMax: Math.max(...samples.map((m) => m.pssBytes)),
    rssBytesMax: Math.max(...samples.map((m) => m.rssBytes)),
    idlePssBytes: readings.idle.pssBytes,
    processes: Math.max(...samples.map((m) => m.processes)),
    metrics: readings.metrics,
  };
}
