/**
 * One repetition of one point: idle memory, warm-up, then the measured window with PSS and CPU
 * sampled around wrk.
 */
import { toEndpointPath } from '../../src/bench/endpoints.ts';
import type { BenchRepetition, Endpoint } from '../../src/bench/schema.ts';
import {
  readCpuTicks,
  readSessionCpuTicks,
  readSessionMemory,
  readYieldingTicks,
  sumCpuTicks,
} from './proc.ts';
import { runWrk } from './wrk.ts';
import type { SlowClients } from './slow-clients.ts';
import { sleep } from './processes.ts';

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

export function buildUrl(port: number, load: Load): string {
  return `http://127.0.0.1:${port}${toEndpointPath(load.endpoint, load.endpointMs)}`;
}

interface Snapshot {
  atMs: number;
  pinned: { busy: number; total: number; niced: number };
  serverTicks: number;
  harnessMicros: number;
  yieldingTicks: number;
}

function takeSnapshot(serverPid: number, settings: MeasureSettings): Snapshot {
  const pinnedCpus = [...settings.serverCpus, ...settings.clientCpus];
  const usage = process.cpuUsage();
  return {
    atMs: performance.now(),
    pinned: sumCpuTicks(readCpuTicks(), pinnedCpus),
    serverTicks: readSessionCpuTicks(serverPid),
    harnessMicros: usage.user + usage.system,
    yieldingTicks: readYieldingTicks(),
  };
}

/**
 * Share of the pinned CPUs used by anything but the server, wrk and this harness (which pins
 * itself to the client CPUs). Clamped to [0, 1]: tick counters are coarse (10 ms).
 */
export function computeOtherCpuShare(
  busyTicks: number,
  totalTicks: number,
  ownTicks: number,
): number {
  if (totalTicks <= 0) return 0;
  return Math.min(1, Math.max(0, (busyTicks - ownTicks) / totalTicks));
}

/** Longest wait for an overloaded server to work off requests left by the previous wrk run. */
const DRAIN_LIMIT_MS = 60_000;

/**
 * Wait until a fresh request is answered. When wrk stops, it abandons its in-flight requests,
 * but a server that queues them (a busy sync worker's accept backlog, an event loop blocked by
 * `time.sleep`) still works them off: 128 queued 50 ms requests keep one sync worker busy for
 * 6.4 s. Measuring right away would charge that backlog to the next window (we saw zero
 * throughput). A request sent now queues behind the backlog, so its answer means it is gone.
 */
export async function waitForDrain(port: number, limitMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    try {
      const left = limitMs - (Date.now() - started);
      const response = await fetch(`http://127.0.0.1:${port}/hello`, {
        signal: AbortSignal.timeout(Math.max(1, left)),
        headers: { connection: 'close' },
      });
      await response.arrayBuffer();
      break;
    } catch {
      await sleep(50); // refused or reset while the backlog is full: ask again
    }
  }
  return Date.now() - started;
}

/** A repetition before the recorder numbers it. */
export type Measured = Omit<BenchRepetition, 'index' | 'runOrder' | 'noisyRetries' | 'quietWaitS'>;

/** Measure one repetition against a running server. */
export async function measureRepetition(
  serverPid: number,
  port: number,
  load: Load,
  settings: MeasureSettings,
  slow: SlowClients | null,
): Promise<Measured> {
  const url = buildUrl(port, load);
  const idle = readSessionMemory(serverPid);
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
  const drainMs = await waitForDrain(port, slow ? 0 : DRAIN_LIMIT_MS);

  const samples: Array<ReturnType<typeof readSessionMemory>> = [];
  const reconnectsBefore = slow?.countReconnects() ?? 0;
  const startedAt = new Date().toISOString();
  const before = takeSnapshot(serverPid, settings);
  const sampler = setInterval(
    () => samples.push(readSessionMemory(serverPid)),
    settings.memorySampleIntervalMs,
  );
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
    clearInterval(sampler);
  }
  const after = takeSnapshot(serverPid, settings);
  if (samples.length === 0) samples.push(readSessionMemory(serverPid));

  const wallS = (after.atMs - before.atMs) / 1000;
  const hz = settings.clockTicksPerSecond;
  const serverTicks = Math.max(0, after.serverTicks - before.serverTicks);
  const wrkTicks = Math.max(0, report.cpuTicks);
  const harnessTicks = ((after.harnessMicros - before.harnessMicros) / 1e6) * hz;
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
    startedAt,
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
    serverCpuCores: serverTicks / hz / wallS,
    clientCpuCores: wrkTicks / hz / wallS,
    pssBytesMean: Math.round(samples.reduce((s, m) => s + m.pssBytes, 0) / samples.length),
    pssBytesMax: Math.max(...samples.map((m) => m.pssBytes)),
    rssBytesMax: Math.max(...samples.map((m) => m.rssBytes)),
    idlePssBytes: idle.pssBytes,
    serverProcesses: Math.max(...samples.map((m) => m.processes)),
    memorySamples: samples.length,
    otherCpuShare: computeOtherCpuShare(
      after.pinned.busy - before.pinned.busy,
      after.pinned.total - before.pinned.total,
      serverTicks + wrkTicks + harnessTicks,
    ),
    // The server, wrk and the harness run at nice 0, so niced ticks are always someone else's.
    // Threads that exit during the window take their yielding ticks with them, so this errs
    // towards calling a window noisy, never towards calling it quiet.
    contendingCpuShare: computeOtherCpuShare(
      after.pinned.busy -
        before.pinned.busy -
        (after.pinned.niced - before.pinned.niced) -
        Math.max(0, after.yieldingTicks - before.yieldingTicks),
      after.pinned.total - before.pinned.total,
      serverTicks + wrkTicks + harnessTicks,
    ),
    drainWaitS: drainMs / 1000,
    slowClientsOpen: slow?.countOpen() ?? 0,
    slowClientReconnects: (slow?.countReconnects() ?? 0) - reconnectsBefore,
  };
}
