/**
 * One repetition of one point: idle memory, warm-up, then the measured window with every group's
 * PSS and CPU sampled around wrk.
 */
import type { CgroupStats } from '../../src/bench/cgroup-stats.ts';
import { CLIENT_SATURATION_SHARE } from '../../src/bench/client-load.ts';
import { countsStatuses, toEndpointPath } from '../../src/bench/endpoints.ts';
import type { BenchGroupUsage, BenchRepetition, Endpoint } from '../../src/bench/schema.ts';
import { readAfterWindow, readBeforeWindow, type CpuSpeed } from './cpu-probe.ts';
import { waitForDrain } from './drain.ts';
import {
  computeOtherCpuShare,
  measureServerCpuContention,
  readServerCpus,
  type ServerCpuReading,
} from './noise.ts';
import { readCpuTicks, sumCpuTicks, type SessionMemory } from './proc.ts';
import type { SlowClients } from './slow-clients.ts';
import { readSessionRunDelayNs, sumYieldingTicks } from './threads.ts';
import {
  diffGroupCgroups,
  readGroupCgroups,
  readGroupMemory,
  readGroupTicks,
  startGroupSamplers,
  startMemorySampling,
  summarizeGroupUsage,
  type MeasuredGroup,
} from './usage.ts';
import { summarizeSpread } from './wrk/spread.ts';
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
  /** Count responses per worker process and connection in the window (costs wrk CPU). */
  countSpread?: boolean;
}

/** What is measured: every group of the system, and which of them is the server under test. */
export interface MeasuredSystem {
  groups: readonly MeasuredGroup[];
  /** The server under test's group name. */
  server: string;
  /** The port the server under test answers on. */
  port: number;
  /** Whether the server is still running; absent: assumed to be (its exit is a crash). */
  isServerAlive?(): boolean;
  /** The CPU-speed probe read just before and just after the window; absent: none. */
  cpuSpeed?: CpuSpeed;
}

export function buildUrl(port: number, load: Load): string {
  return `http://127.0.0.1:${port}${toEndpointPath(load.endpoint, load.endpointMs)}`;
}

/** The CPU (and cgroup) counters every window is measured between. */
export interface Snapshot {
  atMs: number;
  pinned: { busy: number; total: number; niced: number };
  /** The server CPUs' ticks and every thread (for yielding work and where it ran). */
  server: ServerCpuReading;
  /** The client CPUs alone: how busy they were, whoever used them (saturation of the client). */
  client: { total: number; idle: number };
  groupTicks: Map<string, number>;
  harnessMicros: number;
  /** Run-queue wait of the server's threads so far, ns. */
  serverRunDelayNs: number;
  /** The cumulative counters of every group that runs in a cgroup, by name. */
  cgroups: Map<string, CgroupStats>;
}

/** Read the counters a window's usage is computed from (`serverPid`: the server's session). */
export function takeSnapshot(
  groups: readonly MeasuredGroup[],
  serverPid: number,
  settings: MeasureSettings,
): Snapshot {
  const pinnedCpus = [...settings.serverCpus, ...settings.clientCpus];
  const usage = process.cpuUsage();
  const cpuTicks = readCpuTicks();
  return {
    atMs: performance.now(),
    pinned: sumCpuTicks(cpuTicks, pinnedCpus),
    server: readServerCpus(settings.serverCpus),
    client: sumCpuTicks(cpuTicks, settings.clientCpus),
    groupTicks: readGroupTicks(groups),
    harnessMicros: usage.user + usage.system,
    serverRunDelayNs: readSessionRunDelayNs(serverPid),
    cgroups: readGroupCgroups(groups),
  };
}

/** Longest wait for an overloaded server to work off requests left by the previous wrk run. */
export const DRAIN_LIMIT_MS = 60_000;

/** A repetition before the recorder numbers it. */
export type Measured = Omit<
  BenchRepetition,
  'index' | 'runOrder' | 'noisyRetries' | 'quietWaitS' | 'run' | 'serverStart'
>;

/** What wrk reported, in the dataset's units. */
function toLoadFields(
  report: WrkReport,
): Pick<
  Measured,
  | 'durationS'
  | 'requests'
  | 'throughputRps'
  | 'latencyMs'
  | 'errors'
  | 'errorsTotal'
  | 'statusCounts'
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
    ...(report.statusCounts ? { statusCounts: report.statusCounts } : {}),
  };
}

/** Share of the client CPUs' capacity busy between two snapshots (0 when no tick passed). */
export function computeBusyShare(
  before: { total: number; idle: number },
  after: { total: number; idle: number },
): number {
  const total = after.total - before.total;
  if (total <= 0) return 0;
  return Math.min(1, Math.max(0, 1 - (after.idle - before.idle) / total));
}

/** What was read around a window: the counters at its edges, memory and groups' samples. */
export interface WindowReadings {
  before: Snapshot;
  after: Snapshot;
  samples: Map<string, SessionMemory[]>;
  metrics: Map<string, Record<string, number>>;
}

/** One measured window: wrk's report with every group's CPU, memory and own samples around it. */
interface Window extends WindowReadings {
  report: WrkReport;
}

async function runWindow(
  system: MeasuredSystem,
  url: string,
  load: Load,
  settings: MeasureSettings,
): Promise<Window> {
  const { groups } = system;
  const serverPid = groups.find((g) => g.name === system.server)?.pid ?? -1;
  const before = takeSnapshot(groups, serverPid, settings);
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
      countSpread: load.countSpread ?? false,
      countStatuses: countsStatuses(load.endpoint),
    });
  } finally {
    memory.stop();
    await samplers.stop();
  }
  const after = takeSnapshot(groups, serverPid, settings);
  return { report, before, after, samples: memory.stop(), metrics: await samplers.stop() };
}

/**
 * Every group's usage over the window, by name, the CPU ticks they used together, and those of
 * the groups pinned to the server CPUs.
 */
function summarizeGroups(
  groups: readonly MeasuredGroup[],
  window: WindowReadings,
  idle: Map<string, SessionMemory>,
  settings: MeasureSettings,
): { usage: Record<string, BenchGroupUsage>; ticks: number; serverCpuTicks: number } {
  const hz = settings.clockTicksPerSecond;
  const wallS = (window.after.atMs - window.before.atMs) / 1000;
  const usage: Record<string, BenchGroupUsage> = {};
  let sum = 0;
  let serverCpuTicks = 0;
  // What each group's cgroup counted over the window (groups that run in one).
  const cgroups = diffGroupCgroups(window.before.cgroups, window.after.cgroups);
  for (const { name, cpus } of groups) {
    const before = window.before.groupTicks.get(name) ?? 0;
    const ticks = Math.max(0, (window.after.groupTicks.get(name) ?? 0) - before);
    sum += ticks;
    if (cpus.every((cpu) => settings.serverCpus.includes(cpu))) serverCpuTicks += ticks;
    const summary = summarizeGroupUsage(
      {
        ticks,
        samples: window.samples.get(name) ?? [],
        idle: idle.get(name) ?? { pssBytes: 0, rssBytes: 0, processes: 0 },
        metrics: window.metrics.get(name) ?? {},
      },
      wallS,
      hz,
    );
    const cgroup = cgroups.get(name);
    usage[name] = cgroup ? { ...summary, cgroup } : summary;
  }
  return { usage, ticks: sum, serverCpuTicks };
}

/** The fields a repetition reads around its window, whatever sent the load. */
export type WindowUsage = Pick<
  Measured,
  | 'serverCpuCores'
  | 'clientCpuCores'
  | 'clientCpuBusyShare'
  | 'pssBytesMean'
  | 'pssBytesMax'
  | 'rssBytesMax'
  | 'idlePssBytes'
  | 'serverProcesses'
  | 'memorySamples'
  | 'otherCpuShare'
  | 'contendingCpuShare'
  | 'groups'
  | 'serverCpuContention'
  | 'serverCpuStealShare'
  | 'serverRunDelayShare'
  | 'clientSaturated'
  | 'cgroup'
>;

/**
 * The server's and every group's usage over a window (with what their cgroups counted, for
 * groups that run in one), and how contested the CPUs were. The
 * load generator (wrk, or the open-loop generator) is our own work: `clientTicks` is its CPU
 * over the window, `clientCpuCores` the cores it used.
 */
export function summarizeWindowUsage(
  system: MeasuredSystem,
  window: WindowReadings,
  idle: Map<string, SessionMemory>,
  settings: MeasureSettings,
  client: { clientTicks: number; clientCpuCores: number },
): WindowUsage {
  const { before, after } = window;
  const hz = settings.clockTicksPerSecond;
  const wallS = (after.atMs - before.atMs) / 1000;
  const {
    usage,
    ticks: groupTicks,
    serverCpuTicks,
  } = summarizeGroups(system.groups, window, idle, settings);
  const server = usage[system.server];
  if (!server) throw new Error(`no group named ${system.server} among the measured groups`);
  const harnessTicks = ((after.harnessMicros - before.harnessMicros) / 1e6) * hz;
  // Every group, the load generator and the harness are our own work; whatever else ran on the
  // pinned CPUs is noise.
  const ownTicks = groupTicks + client.clientTicks + harnessTicks;
  const serverCpus = measureServerCpuContention(
    before.server,
    after.server,
    settings.serverCpus,
    serverCpuTicks,
  );
  const yielding = sumYieldingTicks(before.server.threads, after.server.threads, []).total;
  return {
    serverCpuCores: server.cpuCores,
    clientCpuCores: client.clientCpuCores,
    clientCpuBusyShare: computeBusyShare(before.client, after.client),
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
    // The groups, the generator and the harness run at nice 0, so niced ticks are always
    // someone else's. Threads that exit during the window take their yielding ticks with them,
    // so this errs towards calling a window noisy, never towards calling it quiet.
    contendingCpuShare: computeOtherCpuShare(
      after.pinned.busy -
        before.pinned.busy -
        (after.pinned.niced - before.pinned.niced) -
        yielding,
      after.pinned.total - before.pinned.total,
      ownTicks,
    ),
    groups: usage,
    serverCpuContention: serverCpus.contention,
    serverCpuStealShare: serverCpus.steal,
    serverRunDelayShare:
      Math.max(0, after.serverRunDelayNs - before.serverRunDelayNs) / 1e9 / wallS,
    // The generator using this share of the client CPUs: it, not the server, may have set the pace.
    clientSaturated: client.clientCpuCores >= CLIENT_SATURATION_SHARE * settings.clientCpus.length,
    ...(server.cgroup && { cgroup: server.cgroup }),
  };
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
  const drainMs = await waitForDrain(system.port, slow ? 0 : DRAIN_LIMIT_MS, system.isServerAlive);

  // Read outside the window's counters, so the probe's own CPU time is in none of them.
  const speedBefore = await readBeforeWindow(system.cpuSpeed);
  const reconnectsBefore = slow?.countReconnects() ?? 0;
  const startedAt = new Date().toISOString();
  const window = await runWindow(system, url, load, settings);
  const cpuProbe = await readAfterWindow(system.cpuSpeed, speedBefore);
  const { report, before, after } = window;
  const wrkTicks = Math.max(0, report.cpuTicks);
  return {
    startedAt,
    ...toLoadFields(report),
    ...summarizeWindowUsage(system, window, idle, settings, {
      clientTicks: wrkTicks,
      clientCpuCores: wrkTicks / settings.clockTicksPerSecond / ((after.atMs - before.atMs) / 1000),
    }),
    drainWaitS: drainMs / 1000,
    slowClientsOpen: slow?.countOpen() ?? 0,
    slowClientReconnects: (slow?.countReconnects() ?? 0) - reconnectsBefore,
    ...(report.spread ? { spread: summarizeSpread(report.spread, load.concurrency) } : {}),
    ...cpuProbe,
  };
}
