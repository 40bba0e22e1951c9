/**
 * One repetition of one point: idle memory, warm-up, then the measured window with every group's
 * PSS and CPU sampled around wrk.
 */
import { toEndpointPath } from '../../src/bench/endpoints.ts';
import type { BenchGroupUsage, BenchRepetition, Endpoint } from '../../src/bench/schema.ts';
import { waitForDrain } from './drain.ts';
import { computeOtherCpuShare } from './noise.ts';
import { readCpuTicks, readYieldingTicks, sumCpuTicks, type SessionMemory } from './proc.ts';
import type { SlowClients } from './slow-clients.ts';
import {
  readGroupMemory,
  readGroupTicks,
  startGroupSamplers,
  startMemorySampling,
  summarizeGroupUsage,
  type MeasuredGroup,
} from './usage.ts';
import { runWrk, type WrkReport } from './wrk/wrk.ts';

/** Settings shared by every repetition. */
export interface MeasureSettings {
  warmupS: number;
  durationS: number;
  wrkTimeoutS: number;
  memorySampleIntervalMs: number;
  serverCpus: readonly number[];
  clientCpus: readonly number[];
  clockTicksPerSecond: number;
}

/** The load of one point. */
export interface Load {
  endpoint: Endpoint;
  endpointMs: number;
  concurrency: number;
}

/** What is measured: every group of the system, and which of them is the server under test. */
export interface MeasuredSystem {
  groups: readonly MeasuredGroup[];
  /** The server under test's group name. */
  server: string;
  /** The port the server under test answers on. */
  port: number;
}

export function buildUrl(port: number, load: Load): string {
  return `http://127.0.0.1:${port}${toEndpointPath(load.endpoint, load.endpointMs)}`;
}

/** The CPU counters every window is measured between. */
export interface Snapshot {
  atMs: number;
  pinned: { busy: number; total: number; niced: number };
  groupTicks: Map<string, number>;
  harnessMicros: number;
  yieldingTicks: number;
}

export function takeSnapshot(
  groups: readonly MeasuredGroup[],
  settings: MeasureSettings,
): Snapshot {
  const pinnedCpus = [...settings.serverCpus, ...settings.clientCpus];
  const usage = process.cpuUsage();
  return {
    atMs: performance.now(),
    pinned: sumCpuTicks(readCpuTicks(), pinnedCpus),
    groupTicks: readGroupTicks(groups),
    harnessMicros: usage.user + usage.system,
    yieldingTicks: readYieldingTicks(),
  };
}

/** Longest wait for an overloaded server to work off requests left by the previous wrk run. */
export const DRAIN_LIMIT_MS = 60_000;

/** A repetition before the recorder numbers it. */
export type Measured = Omit<BenchRepetition, 'index' | 'runOrder' | 'noisyRetries' | 'quietWaitS'>;

/** What wrk reported, in the dataset's units. */
function toLoadFields(
  report: WrkReport,
): Pick<
  Measured,
  'durationS' | 'requests' | 'throughputRps' | 'latencyMs' | 'errors' | 'errorsTotal'
> {
  const errors = {
    connect: report.errors.connect,
    read: report.errors.read,
    write: report.errors.write,
    timeout: report.errors.timeout,
    non2xx: report.errors.status,
  };
  const lat = report.latencyUs;
  const toMs = (us: number | undefined): number | null => (us === undefined ? null : us / 1000);
  return {
    durationS: report.durationUs / 1e6,
    requests: report.requests,
    throughputRps: report.requests / (report.durationUs / 1e6),
    latencyMs: {
      p50: toMs(lat?.p50),
      p90: toMs(lat?.p90),
      p99: toMs(lat?.p99),
      p999: toMs(lat?.p999),
      max: toMs(lat?.max),
      mean: toMs(lat?.mean),
    },
    errors,
    errorsTotal: Object.values(errors).reduce((a, b) => a + b, 0),
  };
}

/** One measured window: wrk's report with every group's CPU, memory and own samples around it. */
interface Window {
  report: WrkReport;
  before: Snapshot;
  after: Snapshot;
  samples: Map<string, SessionMemory[]>;
  metrics: Map<string, Record<string, number>>;
}

async function runWindow(
  groups: readonly MeasuredGroup[],
  url: string,
  load: Load,
  settings: MeasureSettings,
): Promise<Window> {
  const before = takeSnapshot(groups, settings);
  const memory = startMemorySampling(groups, settings.memorySampleIntervalMs);
  const samplers = startGroupSamplers(groups);
  let report;
  try {
    report = await runWrk({
      url,
      connections: load.concurrency,
      durationS: settings.durationS,
      timeoutS: settings.wrkTimeoutS,
      clientCpus: settings.clientCpus,
    });
  } finally {
    memory.stop();
    await samplers.stop();
  }
  const after = takeSnapshot(groups, settings);
  return { report, before, after, samples: memory.stop(), metrics: await samplers.stop() };
}

/** Every group's usage over the window, by name, and the CPU ticks they used together. */
export function summarizeGroups(
  groups: readonly MeasuredGroup[],
  window: Pick<Window, 'before' | 'after' | 'samples' | 'metrics'>,
  idle: Map<string, SessionMemory>,
  hz: number,
): { usage: Record<string, BenchGroupUsage>; ticks: number } {
  const wallS = (window.after.atMs - window.before.atMs) / 1000;
  const usage: Record<string, BenchGroupUsage> = {};
  let sum = 0;
  for (const { name } of groups) {
    const before = window.before.groupTicks.get(name) ?? 0;
    const ticks = Math.max(0, (window.after.groupTicks.get(name) ?? 0) - before);
    sum += ticks;
    usage[name] = summarizeGroupUsage(
      {
        ticks,
        samples: window.samples.get(name) ?? [],
        idle: idle.get(name) ?? { pssBytes: 0, rssBytes: 0, processes: 0 },
        metrics: window.metrics.get(name) ?? {},
      },
      wallS,
      hz,
    );
  }
  return { usage, ticks: sum };
}

/** Measure one repetition against a running system. */
export async function measureRepetition(
  system: MeasuredSystem,
  load: Load,
  settings: MeasureSettings,
  slow: SlowClients | null,
): Promise<Measured> {
  const { groups } = system;
  const url = buildUrl(system.port, load);
  const idle = readGroupMemory(groups);
  if (settings.warmupS > 0) {
    await runWrk({
      url,
      connections: load.concurrency,
      durationS: settings.warmupS,
      timeoutS: settings.wrkTimeoutS,
      clientCpus: settings.clientCpus,
    });
  }
  // With slow clients holding every worker, no fresh request is answered until they go, and
  // nothing is left to drain that they do not already block; so do not wait for it.
  const drainMs = await waitForDrain(system.port, slow ? 0 : DRAIN_LIMIT_MS);

  const reconnectsBefore = slow?.countReconnects() ?? 0;
  const startedAt = new Date().toISOString();
  const window = await runWindow(groups, url, load, settings);
  const { report, before, after } = window;
  const hz = settings.clockTicksPerSecond;
  const wallS = (after.atMs - before.atMs) / 1000;
  const { usage, ticks: groupTicks } = summarizeGroups(groups, window, idle, hz);
  const server = usage[system.server];
  if (!server) throw new Error(`no group named ${system.server} among the measured groups`);
  const wrkTicks = Math.max(0, report.cpuTicks);
  const harnessTicks = ((after.harnessMicros - before.harnessMicros) / 1e6) * hz;
  // Every group, wrk and the harness are our own work; whatever else ran on the pinned CPUs is noise.
  const ownTicks = groupTicks + wrkTicks + harnessTicks;
  return {
    startedAt,
    ...toLoadFields(report),
    serverCpuCores: server.cpuCores,
    clientCpuCores: wrkTicks / hz / wallS,
    pssBytesMean: server.pssBytesMean,
    pssBytesMax: server.pssBytesMax,
    rssBytesMax: server.rssBytesMax,
    idlePssBytes: server.idlePssBytes,
    serverProcesses: server.processes,
    memorySamples: window.samples.get(system.server)?.length ?? 0,
    otherCpuShare: computeOtherCpuShare(
      after.pinned.busy - before.pinned.busy,
      after.pinned.total - before.pinned.total,
      ownTicks,
    ),
    // The groups, wrk and the harness run at nice 0, so niced ticks are always someone else's.
    // Threads that exit during the window take their yielding ticks with them, so this errs
    // towards calling a window noisy, never towards calling it quiet.
    contendingCpuShare: computeOtherCpuShare(
      after.pinned.busy -
        before.pinned.busy -
        (after.pinned.niced - before.pinned.niced) -
        Math.max(0, after.yieldingTicks - before.yieldingTicks),
      after.pinned.total - before.pinned.total,
      ownTicks,
    ),
    drainWaitS: drainMs / 1000,
    slowClientsOpen: slow?.countOpen() ?? 0,
    slowClientReconnects: (slow?.countReconnects() ?? 0) - reconnectsBefore,
    groups: usage,
  };
}
