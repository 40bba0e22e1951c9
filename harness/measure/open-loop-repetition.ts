/**
 * One repetition of an open-loop point: the open-loop generator (open-loop/) instead of wrk,
 * with every group's CPU and memory read over exactly the generator's measured window (it
 * reports the window's edges as they pass), since its warm-up runs in the same process.
 */
import { toEndpointPath } from '../../src/bench/endpoints.ts';
import type { DistributionMs, Endpoint, OpenLoopSettings } from '../../src/bench/schema.ts';
import type { OpenLoopLoad } from '../run/open-loop-plan.ts';
import { readAfterWindow, readBeforeWindow } from './cpu-probe.ts';
import { waitForDrain } from './drain.ts';
import type { OpenLoopReport } from './open-loop/report.ts';
import { runOpenLoop } from './open-loop/run.ts';
import type { SessionMemory } from './proc.ts';
import {
  DRAIN_LIMIT_MS,
  summarizeWindowUsage,
  takeSnapshot,
  type MeasuredSystem,
  type MeasureSettings,
  type Measured,
  type Snapshot,
} from './repetition.ts';
import {
  readGroupMemory,
  startGroupSamplers,
  startMemorySampling,
  type GroupSampling,
  type MemorySampling,
} from './usage.ts';

/** A measured open-loop repetition, with its histograms for the point's merged percentiles. */
export type OpenLoopMeasured = Measured & {
  /** The generator's compressed HDR histograms; the recorder merges them, then drops them. */
  histograms: OpenLoopReport['histograms'];
};

/** How repetitions are judged (settings.openLoop). */
export type OpenLoopJudging = Pick<OpenLoopSettings, 'lateSendLagMs' | 'saturatedCpuShare'>;

const toDistribution = (d: OpenLoopReport['latencyMs']): DistributionMs => ({
  p50: d?.p50 ?? null,
  p90: d?.p90 ?? null,
  p99: d?.p99 ?? null,
  p999: d?.p999 ?? null,
  max: d?.max ?? null,
  mean: d?.mean ?? null,
});

/**
 * The repetition's load fields from the generator's report, in the dataset's terms: the common
 * fields mean what they mean for wrk (answers during the window and their rate, latency,
 * errors, client CPU), with latency counted from the intended send time; the generator's own
 * numbers go in `openLoop`, among them the achieved rate of the window's own requests.
 */
export function toOpenLoopFields(
  report: OpenLoopReport,
  load: Pick<OpenLoopLoad, 'seed'>,
  judging: OpenLoopJudging,
): Pick<
  Measured,
  | 'durationS'
  | 'requests'
  | 'throughputRps'
  | 'latencyMs'
  | 'errors'
  | 'errorsTotal'
  | 'clientCpuCores'
  | 'openLoop'
> {
  const s = report.settings;
  const e = report.errors;
  return {
    durationS: s.durationS,
    // What the server delivered over the window, as wrk counts it: above capacity the window's
    // own requests answered after it (the achieved rate) would overstate that.
    requests: report.completedInWindow,
    throughputRps: report.completedInWindow / s.durationS,
    latencyMs: toDistribution(report.latencyMs),
    // wrk's kinds: a socket failure after the request was written is what wrk counts as read.
    errors: { connect: e.connect, read: e.socket, write: 0, timeout: e.timeout, non2xx: e.non2xx },
    errorsTotal: e.connect + e.socket + e.timeout + e.other + e.non2xx,
    clientCpuCores: report.cpu.share,
    openLoop: {
      rateRps: s.rateRps,
      seed: load.seed,
      warmupS: s.warmupS,
      timeoutS: s.timeoutS,
      connections: s.connections,
      scheduled: report.scheduled,
      offeredRps: report.offeredRps,
      sent: report.sent,
      completed: report.completed,
      achievedRps: report.achievedRps,
      errors: { ...e },
      outstandingAtEnd: report.outstandingAtEnd,
      queued: report.queued,
      maxInFlight: report.maxInFlight,
      connectionsOpened: report.connectionsOpened,
      serviceMs: toDistribution(report.serviceMs),
      sendLagMs: report.sendLagMs,
      generatorCpu: report.cpu,
      generatorLate: isGeneratorLate(report.sendLagMs.p99, report.cpu.wallS, s.durationS, judging),
      generatorSaturated: report.cpu.share > judging.saturatedCpuShare,
    },
  };
}

/** How far the window the generator saw may be off the scheduled one before it counts late. */
export const WINDOW_SLACK = 0.1;

/** Whether the generator fell behind: late sends, or a window seen open or close late. */
export function isGeneratorLate(
  sendLagP99Ms: number,
  wallS: number,
  durationS: number,
  judging: Pick<OpenLoopJudging, 'lateSendLagMs'>,
): boolean {
  return (
    sendLagP99Ms > judging.lateSendLagMs || Math.abs(wallS - durationS) > WINDOW_SLACK * durationS
  );
}

/** The readings taken at the window's edges, as the generator reports them. */
interface WindowEdges {
  startedAt: string;
  before: Snapshot;
  memory: MemorySampling;
  samplers: GroupSampling;
  after?: Snapshot;
  samples?: Map<string, SessionMemory[]>;
}

/** Measure one open-loop repetition against a running system. */
export async function measureOpenLoopRepetition(
  system: MeasuredSystem,
  load: OpenLoopLoad & { endpoint: Endpoint; endpointMs: number },
  settings: MeasureSettings,
  judging: OpenLoopJudging,
): Promise<OpenLoopMeasured> {
  const { groups } = system;
  const serverPid = groups.find((g) => g.name === system.server)?.pid ?? -1;
  // The previous repetition may have overloaded the server, which keeps working off the
  // requests the generator gave up on; this one starts once a fresh request is answered.
  const drainMs = await waitForDrain(system.port, DRAIN_LIMIT_MS, system.isServerAlive);
  const idle = readGroupMemory(groups);
  // Before the generator's warm-up, which runs in the same schedule as its window.
  const speedBefore = await readBeforeWindow(system.cpuSpeed);
  let edges: WindowEdges | null = null;
  let report: OpenLoopReport;
  try {
    report = await runOpenLoop(
      {
        url: `http://127.0.0.1:${system.port}${toEndpointPath(load.endpoint, load.endpointMs)}`,
        rateRps: load.rateRps,
        durationS: load.windowS,
        warmupS: load.warmupS,
        timeoutS: load.timeoutS,
        connections: load.connections,
        arrival: load.arrival,
        seed: load.seed,
        clientCpus: settings.clientCpus,
      },
      {
        onWindowOpen: () => {
          edges = {
            startedAt: new Date().toISOString(),
            before: takeSnapshot(groups, serverPid, settings),
            memory: startMemorySampling(groups, settings.memorySampleIntervalMs),
            samplers: startGroupSamplers(groups),
          };
        },
        onWindowClose: () => {
          const open = edges as WindowEdges | null;
          if (!open || open.after) return;
          open.after = takeSnapshot(groups, serverPid, settings);
          open.samples = open.memory.stop();
        },
      },
    );
  } finally {
    // Callbacks assign it, which the compiler cannot see.
    const open = edges as WindowEdges | null;
    open?.memory.stop();
    await open?.samplers.stop();
  }
  const w = edges as WindowEdges | null;
  if (!w?.after || !w.samples)
    throw new Error('the open-loop generator finished without reporting its window');
  const { before, after, samples } = w;
  const metrics = await w.samplers.stop();
  const cpuProbe = await readAfterWindow(system.cpuSpeed, speedBefore);
  const fields = toOpenLoopFields(report, load, judging);
  return {
    startedAt: w.startedAt,
    ...fields,
    // The generator's CPU over exactly this window is our own work, not noise; its cores are
    // the share it reports (over the scheduled window at least).
    ...summarizeWindowUsage(system, { before, after, samples, metrics }, idle, settings, {
      clientTicks: (report.cpu.userS + report.cpu.systemS) * settings.clockTicksPerSecond,
      clientCpuCores: fields.clientCpuCores,
    }),
    drainWaitS: drainMs / 1000,
    slowClientsOpen: 0,
    slowClientReconnects: 0,
    ...cpuProbe,
    histograms: report.histograms,
  };
}
