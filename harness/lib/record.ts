/**
 * Record one scenario: group its points by server configuration, run every (point, repetition)
 * in a seeded random order on one server start per configuration, and assemble the dataset.
 */
import type {
  BenchDataset,
  BenchEnvironment,
  BenchPoint,
  BenchRepetition,
  BenchServer,
  BenchSettings,
} from '../../src/bench/schema.ts';
import { measureRepetition, type MeasureSettings, type Measured } from './measure.ts';
import { findModel, type ProbeResult } from './models.ts';
import type { PointSpec, ScenarioSpec } from './scenarios.ts';
import { formatCommandLine, startServer } from './server.ts';
import { startSlowClients, type SlowClients } from './slow-clients.ts';
import { summarizeRepetitions } from '../../src/bench/summary.ts';
import { createRandom, shuffle } from './run-order.ts';
import { sleep } from './processes.ts';
import { waitForQuiet, type QuietBudget } from './quiet.ts';
import type { Target } from './target.ts';

/** Everything a recording needs besides the scenario. */
export interface RecordContext {
  target: Target;
  probe: ProbeResult;
  environment: BenchEnvironment;
  settings: BenchSettings;
  measure: MeasureSettings;
  logDir: string;
  /** Times a noisy repetition is measured again (the least noisy attempt is kept). */
  noisyRetries: number;
  /** Waiting for a quiet machine before repetitions, shared by the whole run. */
  quietBudget: QuietBudget;
  log(line: string): void;
}

/** Pause before re-measuring a noisy repetition, so a short burst elsewhere can pass. */
const NOISY_RETRY_PAUSE_MS = 1000;

/** Time slow clients get to connect and occupy workers before the warm-up starts. */
const SLOW_CLIENT_SETTLE_MS = 1000;

export function describePoint(p: PointSpec): string {
  const endpoint = p.endpoint === 'hello' ? 'hello' : `${p.endpoint}-${p.endpointMs}`;
  const slow = p.slowClients ? `/slow${p.slowClients}` : '';
  return `${p.model}/${endpoint}/c${p.concurrency}/w${p.workers}t${p.threads}${slow}`;
}

function describeServer(p: PointSpec): string {
  return `${p.model}-w${p.workers}-t${p.threads}`;
}

interface Task {
  point: PointSpec;
  index: number;
}

function groupByServer(points: readonly PointSpec[]): Map<string, PointSpec[]> {
  const groups = new Map<string, PointSpec[]>();
  for (const point of points) {
    const key = describeServer(point);
    groups.set(key, [...(groups.get(key) ?? []), point]);
  }
  return groups;
}

function formatRepetition(r: Measured & { quietWaitS: number }): string {
  const errors = r.errorsTotal ? ` errors ${r.errorsTotal}` : '';
  const waited = r.quietWaitS >= 0.5 ? ` after waiting ${r.quietWaitS.toFixed(0)} s for quiet` : '';
  return `${r.throughputRps.toFixed(1)} req/s p99 ${r.latencyMs.p99?.toFixed(1) ?? '-'} ms cpu ${r.serverCpuCores.toFixed(2)} pss ${(r.pssBytesMax / 2 ** 20).toFixed(0)} MiB other ${(r.otherCpuShare * 100).toFixed(0)}% (contending ${(r.contendingCpuShare * 100).toFixed(0)}%)${errors}${waited}`;
}

/** Run one task, with its slow clients if the point has any. */
async function runTask(
  pid: number,
  port: number,
  task: Task,
  ctx: RecordContext,
): Promise<Measured & { quietWaitS: number }> {
  let slow: SlowClients | null = null;
  if (task.point.slowClients > 0) {
    slow = startSlowClients({
      port,
      count: task.point.slowClients,
      maxLifetimeMs: (ctx.settings.warmupS + ctx.settings.durationS + 30) * 1000,
    });
    await sleep(SLOW_CLIENT_SETTLE_MS);
  }
  try {
    const quietWaitMs = await waitForQuiet(
      [...ctx.measure.serverCpus, ...ctx.measure.clientCpus],
      pid,
      ctx.settings.noiseThreshold,
      ctx.measure.clockTicksPerSecond,
      ctx.quietBudget,
    );
    const measured = await measureRepetition(pid, port, task.point, ctx.measure, slow);
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
  pid: number,
  port: number,
  task: Task,
  ctx: RecordContext,
): Promise<Measured & { noisyRetries: number; quietWaitS: number }> {
  let best = await runTask(pid, port, task, ctx);
  let retries = 0;
  while (best.otherCpuShare > ctx.settings.noiseThreshold && retries < ctx.noisyRetries) {
    retries += 1;
    ctx.log(
      `  noisy (other ${(best.otherCpuShare * 100).toFixed(0)}%), measuring ${describePoint(task.point)} again`,
    );
    await sleep(NOISY_RETRY_PAUSE_MS);
    const attempt = await runTask(pid, port, task, ctx);
    if (attempt.otherCpuShare < best.otherCpuShare) best = attempt;
  }
  return { ...best, noisyRetries: retries };
}

/**
 * A failed repetition (wrk or /proc hiccup) is run once more before the scenario is given up:
 * one transient failure should not throw away a long recording. A second failure is real.
 */
async function runTaskOrRetryOnce(
  pid: number,
  port: number,
  task: Task,
  ctx: RecordContext,
): Promise<Measured & { noisyRetries: number; quietWaitS: number }> {
  try {
    return await runTaskWithRetries(pid, port, task, ctx);
  } catch (error) {
    ctx.log(
      `  ${describePoint(task.point)} failed (${(error as Error).message}); trying once more`,
    );
    return await runTaskWithRetries(pid, port, task, ctx);
  }
}

export async function recordScenario(
  scenario: ScenarioSpec,
  ctx: RecordContext,
): Promise<BenchDataset> {
  const random = createRandom(ctx.settings.seed);
  const groups = shuffle([...groupByServer(scenario.points).entries()], random);
  const results = new Map<string, BenchRepetition[]>();
  const servers: BenchServer[] = [];
  const total = scenario.points.length * ctx.settings.repetitions;
  let runOrder = 0;

  for (const [serverId, points] of groups) {
    const [first] = points;
    if (!first) continue;
    const model = findModel(first.model);
    const server = await startServer({
      target: ctx.target,
      model,
      workers: first.workers,
      threads: first.threads,
      serverCpus: ctx.measure.serverCpus,
      probe: ctx.probe,
      loopsPerMs: ctx.environment.cpuLoopsPerMs,
      logDir: ctx.logDir,
    });
    // `{port}` replaces the ephemeral port so the recorded command is the same on every run.
    const argv = server.argv.map((a) => a.replace(String(server.port), '{port}'));
    servers.push({
      id: serverId,
      model: model.id,
      workers: first.workers,
      threads: first.threads,
      argv,
      commandLine: formatCommandLine(argv),
      runtime: server.runtime,
    });
    try {
      const tasks = shuffle(
        points.flatMap((point) =>
          Array.from({ length: ctx.settings.repetitions }, (_, index) => ({ point, index })),
        ),
        random,
      );
      for (const task of tasks) {
        const id = describePoint(task.point);
        const measured = await runTaskOrRetryOnce(server.pid, server.port, task, ctx);
        results.set(id, [...(results.get(id) ?? []), { ...measured, index: task.index, runOrder }]);
        runOrder += 1;
        ctx.log(
          `[${scenario.id} ${runOrder}/${total}] ${id} rep ${task.index + 1}: ${formatRepetition(measured)}`,
        );
      }
    } finally {
      await server.stop();
    }
  }

  const points: BenchPoint[] = scenario.points.map((spec) => {
    const id = describePoint(spec);
    const repetitions = (results.get(id) ?? []).sort((a, b) => a.index - b.index);
    return {
      id,
      serverId: describeServer(spec),
      ...spec,
      repetitions,
      summary: summarizeRepetitions(repetitions, ctx.settings.noiseThreshold),
    };
  });
  return {
    schemaVersion: 1,
    id: scenario.id,
    title: scenario.title,
    description: scenario.description,
    scenario: scenario.kind,
    environment: ctx.environment,
    settings: ctx.settings,
    servers,
    points,
  };
}
