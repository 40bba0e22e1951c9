/**
 * One task of a recording, a (point, repetition) pair: its slow clients, the wait for a quiet
 * machine, the measurement, and the retries of a noisy or failed attempt.
 */
import { waitForQuiet } from '../measure/noise.ts';
import {
  measureOpenLoopRepetition,
  type OpenLoopMeasured,
} from '../measure/open-loop-repetition.ts';
import { measureRepetition, type Measured } from '../measure/repetition.ts';
import { startSlowClients, type SlowClients } from '../measure/slow-clients.ts';
import type { PointSpec } from '../scenarios/scenario.ts';
import { sleep } from '../system/processes.ts';
import type { RunningServer } from '../system/server.ts';
import { GroupCrashError, type StartedGroup, type System } from '../system/system.ts';
import { describeOpenLoad, type OpenLoopLoad } from './open-loop-plan.ts';
import type { RecordContext } from './record.ts';

/** A point and which of its repetitions to measure. */
export interface Task {
  point: PointSpec;
  index: number;
  /** The resolved load of an open-loop point (its rate, window and seed). */
  openLoop?: OpenLoopLoad;
}

/**
 * A measured task before the recorder numbers it; an open-loop one also carries its
 * histograms, which the recorder adds up per point and then drops.
 */
export type Attempt = (Measured | OpenLoopMeasured) & { noisyRetries: number; quietWaitS: number };

/** Pause before re-measuring a noisy repetition, so a short burst elsewhere can pass. */
const NOISY_RETRY_PAUSE_MS = 1000;

/** Time slow clients get to connect and occupy workers before the warm-up starts. */
const SLOW_CLIENT_SETTLE_MS = 1000;

/** A point's id, e.g. `gunicorn-sync/io-50/c64/w3t1`. */
export function describePoint(p: PointSpec): string {
  const endpoint = p.endpoint === 'hello' ? 'hello' : `${p.endpoint}-${p.endpointMs}`;
  const slow = p.slowClients ? `/slow${p.slowClients}` : '';
  const load = p.openLoop ? describeOpenLoad(p.openLoop) : `c${p.concurrency}`;
  return `${p.model}/${endpoint}/${load}/w${p.workers}t${p.threads}${slow}`;
}

/** A server configuration's id, e.g. `gunicorn-gthread-w3-t4`. */
export function describeServer(p: PointSpec): string {
  return `${p.model}-w${p.workers}-t${p.threads}`;
}

const toMiB = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);

/** One log line for a measured repetition; groups besides the server get their CPU and PSS. */
export function formatRepetition(r: Attempt, serverName: string): string {
  const errors = r.errorsTotal ? ` errors ${r.errorsTotal}` : '';
  const waited = r.quietWaitS >= 0.5 ? ` after waiting ${r.quietWaitS.toFixed(0)} s for quiet` : '';
  const others = Object.entries(r.groups ?? {})
    .filter(([name]) => name !== serverName)
    .map(([name, u]) => `; ${name} cpu ${u.cpuCores.toFixed(2)} pss ${toMiB(u.pssBytesMax)} MiB`)
    .join('');
  const [offered, generator] = describeOpenLoopRepetition(r);
  return `${offered}${r.throughputRps.toFixed(1)} req/s p99 ${r.latencyMs.p99?.toFixed(1) ?? '-'} ms cpu ${r.serverCpuCores.toFixed(2)} pss ${toMiB(r.pssBytesMax)} MiB other ${(r.otherCpuShare * 100).toFixed(0)}% (contending ${(r.contendingCpuShare * 100).toFixed(0)}%)${errors}${waited}${generator}${others}`;
}

/** An open-loop repetition's offered rate (before the achieved one) and generator's health. */
function describeOpenLoopRepetition(r: Attempt): [string, string] {
  const o = r.openLoop;
  if (!o) return ['', ''];
  const flags = `${o.generatorLate ? ' LATE' : ''}${o.generatorSaturated ? ' SATURATED' : ''}`;
  const kinds = Object.entries(o.errors)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  return [
    `offered ${o.offeredRps.toFixed(1)}, achieved ${o.achievedRps.toFixed(1)}, answered in the window `,
    `${kinds ? ` (${kinds})` : ''}; generator cpu ${(o.generatorCpu.share * 100).toFixed(0)}% lag p99 ${o.sendLagMs.p99.toFixed(1)} ms${flags}`,
  ];
}

/** Measure one task's load: wrk's closed loop, or the open-loop generator. */
function measureLoad(
  system: System,
  server: StartedGroup<RunningServer>,
  task: Task,
  ctx: RecordContext,
  slow: SlowClients | null,
): Promise<Measured | OpenLoopMeasured> {
  const measured = { groups: system.groups, server: server.name, port: server.port };
  if (!task.openLoop) return measureRepetition(measured, task.point, ctx.measure, slow);
  const judging = ctx.settings.openLoop;
  if (!judging) throw new Error('an open-loop point needs settings.openLoop');
  return measureOpenLoopRepetition(
    measured,
    { ...task.openLoop, endpoint: task.point.endpoint, endpointMs: task.point.endpointMs },
    ctx.measure,
    judging,
  );
}

/** Run one task, with its slow clients if the point has any. */
async function runTask(
  system: System,
  server: StartedGroup<RunningServer>,
  task: Task,
  ctx: RecordContext,
): Promise<(Measured | OpenLoopMeasured) & { quietWaitS: number }> {
  let slow: SlowClients | null = null;
  if (task.point.slowClients > 0) {
    slow = startSlowClients({
      port: server.port,
      count: task.point.slowClients,
      maxLifetimeMs: (ctx.settings.warmupS + ctx.settings.durationS + 30) * 1000,
    });
    await sleep(SLOW_CLIENT_SETTLE_MS);
  }
  try {
    const quietWaitMs = await waitForQuiet(
      [...ctx.measure.serverCpus, ...ctx.measure.clientCpus],
      system.groups.map((g) => g.pid),
      ctx.settings.noiseThreshold,
      ctx.measure.clockTicksPerSecond,
      ctx.quietBudget,
    );
    const measured = await measureLoad(system, server, task, ctx, slow);
    return { ...measured, quietWaitS: quietWaitMs / 1000 };
  } finally {
    slow?.stop();
  }
}

/**
 * Measure a task, again (up to `ctx.noisyRetries` times) while other processes make it noisy.
 * Every attempt is a full warm-up + window; the least noisy one is kept and the discarded
 * attempts are counted in the repetition, so the dataset says how contested the machine was.
 */
async function runTaskWithRetries(
  system: System,
  server: StartedGroup<RunningServer>,
  task: Task,
  ctx: RecordContext,
): Promise<Attempt> {
  let best = await runTask(system, server, task, ctx);
  let retries = 0;
  while (best.otherCpuShare > ctx.settings.noiseThreshold && retries < ctx.noisyRetries) {
    retries += 1;
    ctx.log(
      `  noisy (other ${(best.otherCpuShare * 100).toFixed(0)}%), measuring ${describePoint(task.point)} again`,
    );
    await sleep(NOISY_RETRY_PAUSE_MS);
    const attempt = await runTask(system, server, task, ctx);
    if (attempt.otherCpuShare < best.otherCpuShare) best = attempt;
  }
  return { ...best, noisyRetries: retries };
}

/**
 * A failed repetition (wrk or /proc hiccup) is run once more before the scenario is given up:
 * one transient failure should not throw away a long recording. A second failure is real, and
 * so is a group that crashed.
 */
export async function runTaskOrRetryOnce(
  system: System,
  server: StartedGroup<RunningServer>,
  task: Task,
  ctx: RecordContext,
): Promise<Attempt> {
  try {
    return await runTaskWithRetries(system, server, task, ctx);
  } catch (error) {
    if (error instanceof GroupCrashError) throw error;
    ctx.log(
      `  ${describePoint(task.point)} failed (${(error as Error).message}); trying once more`,
    );
    return await system.guard(() => runTaskWithRetries(system, server, task, ctx));
  }
}
