/**
 * Record one scenario: start its services, then group its points by server configuration and run
 * every (point, repetition) in a seeded random order on each start of its configuration (one
 * start, or `settings.serverStarts`, the starts of all configurations in random order too), with
 * every group measured and watched; assemble the dataset of this one run.
 */
import type {
  BenchDataset,
  BenchEnvironment,
  BenchGroup,
  BenchPoint,
  BenchRepetition,
  BenchRun,
  BenchServer,
  BenchSettings,
  Capacity,
} from '../../src/bench/schema.ts';
import { countWrkThreads } from '../../src/bench/client-load.ts';
import { summarizeRepetitions } from '../../src/bench/summary.ts';
import type { CpuSpeed } from '../measure/cpu-probe.ts';
import type { MeasureSettings } from '../measure/repetition.ts';
import type { QuietBudget } from '../measure/noise.ts';
import type { PointSpec, ScenarioSpec } from '../scenarios/scenario.ts';
import { buildDbServerSetup, type DbServerSetup } from '../system/db-apps.ts';
import { formatCommandLine } from '../system/group.ts';
import { findAppEntry } from '../system/server-options.ts';
import { sleep } from '../system/processes.ts';
import { findModel, type ProbeResult } from '../system/models.ts';
import { serverGroup, type RunningServer } from '../system/server.ts';
import { createSystem, type StartedGroup } from '../system/system.ts';
import type { Target } from '../system/target.ts';
import { describeCapacity, isOpenLoop, omitOpenLoop, planOpenLoopTasks } from './open-loop-plan.ts';
import {
  measureProbes,
  resolveCapacities,
  summarizeOpenLoopPoint,
  type RunHistograms,
} from './record-open-loop.ts';
import { createRandom, shuffle } from './run-order.ts';
import {
  describePoint,
  describeServer,
  findDbFields,
  formatRepetition,
  runTaskOrRetryOnce,
  type Attempt,
  type Task,
} from './run-task.ts';

/** Everything a recording needs besides the scenario. */
export interface RecordContext {
  target: Target;
  probe: ProbeResult;
  environment: BenchEnvironment;
  settings: BenchSettings;
  measure: MeasureSettings;
  /** This run, as the dataset's `runs` lists it. */
  run: BenchRun;
  logDir: string;
  /** Times a noisy repetition is measured again (the least noisy attempt is kept). */
  noisyRetries: number;
  /** Waiting for a quiet machine before repetitions, shared by the whole run. */
  quietBudget: QuietBudget;
  /** The run's CPU-speed probe, read around every window; absent: not probed. */
  cpuSpeed?: CpuSpeed;
  /** Stop the run when the probe shows its baseline was taken on a slow CPU (not `--quick`). */
  refuseSlowBaseline?: boolean;
  log(line: string): void;
}

/**
 * How a point's server serves its app: a database app's entry point and environment
 * (db-apps.ts), another app's entry point (server-options.ts), or nothing for the plain app.
 */
interface AppSetup {
  app?: string;
  db: DbServerSetup | null;
}

function setUpApp(point: PointSpec): AppSetup {
  const { appInterface } = findModel(point.model);
  const db = findDbFields(point);
  if (db) {
    const setup = buildDbServerSetup(db, appInterface);
    return { app: setup.app, db: setup };
  }
  if (!point.app || point.app === 'plain') return { db: null };
  return { app: findAppEntry(point.app, appInterface), db: null };
}

/** The server configuration of a point, with its app, limits and options. */
function configureServer(point: PointSpec, ctx: RecordContext) {
  const { app, db } = setUpApp(point);
  return serverGroup({
    model: findModel(point.model),
    workers: point.workers,
    threads: point.threads,
    probe: ctx.probe,
    loopsPerMs: ctx.environment.cpuLoopsPerMs,
    app,
    env: db?.env,
    envFromExports: db?.envFromExports,
    options: point.options,
    limits: point.limits,
    workersRule: point.workersRule,
    // A framework app takes a second or more of CPU per process to import, and spawned
    // workers (uvicorn, Hypercorn) import it one after another on the pinned CPU.
    ...(point.app && point.app !== 'plain' && { readyTimeoutMs: 30_000 + 10_000 * point.workers }),
  });
}

/** What the server's cgroup counted in a window, for the log line; '' outside a cgroup. */
export function formatCgroupWindow(r: Pick<BenchRepetition, 'cgroup' | 'groups'>): string {
  const parts: string[] = [];
  const { cpu, memory } = r.cgroup ?? { cpu: null, memory: null };
  if (cpu?.periods)
    parts.push(
      `throttled ${cpu.throttledPeriods}/${cpu.periods} periods ${(cpu.throttledUs / 1000).toFixed(0)} ms`,
    );
  if (memory) parts.push(`oom kills ${memory.oomKills}`);
  const churn = r.groups?.['server']?.metrics;
  if (r.cgroup && churn)
    parts.push(
      `processes +${churn['processesStarted'] ?? 0} -${churn['processesExited'] ?? 0}${churn['leaderExited'] ? ', server gone' : ''}`,
    );
  return parts.length ? `; ${parts.join(', ')}` : '';
}

/** Times a window is tried again because its server died (under a memory limit) just before it. */
const EXITED_BEFORE_WINDOW_RETRIES = 2;

/**
 * Measure a task on a server that may die under a memory limit: requests the previous window
 * abandoned can still push it over the limit after the check before the task, and a window
 * whose server is gone when it starts has no wrk report (wrk cannot connect at all). Then the
 * server is started again and the task measured again; any other failure is thrown as it is.
 */
async function measureOnRunningServer<T>(
  measure: () => Promise<T>,
  currentServer: () => RunningServer,
  restart: () => Promise<void>,
): Promise<T> {
  for (let retries = 0; ; retries += 1) {
    try {
      return await measure();
    } catch (error) {
      const server = currentServer();
      if (!server.exitIsOutcome || retries >= EXITED_BEFORE_WINDOW_RETRIES) throw error;
      // Its exit may reach us a moment after wrk's failure does.
      await Promise.race([server.exited, sleep(1000)]);
      if (!server.hasExited()) throw error;
      await restart();
    }
  }
}

/** The app fields of a server's entry: its entry point, and a database app's environment. */
function describeServerApp(point: PointSpec): Pick<BenchServer, 'app' | 'env'> {
  const { app, db } = setUpApp(point);
  if (db) return { app: db.app, env: recordEnv(db) };
  return app ? { app } : {};
}

/** A server's entry in `servers[]`. */
function describeServerEntry(
  serverId: string,
  point: PointSpec,
  server: RunningServer,
): BenchServer {
  return {
    id: serverId,
    model: point.model,
    workers: point.workers,
    threads: point.threads,
    argv: server.argv,
    commandLine: formatCommandLine(server.argv),
    runtime: server.runtime,
    ...describeServerApp(point),
    ...(point.limits && { limits: point.limits }),
    ...(server.cgroup && { cgroup: server.cgroup }),
    ...(point.options && { options: point.options }),
  };
}

function groupByServer(points: readonly PointSpec[]): Map<string, PointSpec[]> {
  const groups = new Map<string, PointSpec[]>();
  for (const point of points) {
    const key = describeServer(point);
    groups.set(key, [...(groups.get(key) ?? []), point]);
  }
  return groups;
}

/** A group's dataset entry; the server's commands are in `servers[]`, one per configuration. */
function describeGroup(group: StartedGroup): BenchGroup {
  const command =
    group.role === 'service'
      ? { argv: group.argv, commandLine: formatCommandLine(group.argv) }
      : {};
  return {
    name: group.name,
    role: group.role,
    cpus: [...group.cpus],
    ...command,
    versions: group.versions,
    facts: group.facts,
    ...(group.database ? { database: group.database } : {}),
  };
}

/** A server's app environment as recorded: a value taken from a service's export as `{NAME}`. */
function recordEnv(setup: DbServerSetup): Record<string, string> {
  const fromExports = Object.entries(setup.envFromExports).map(([name, source]) => [
    name,
    `{${source}}`,
  ]);
  return { ...setup.env, ...Object.fromEntries(fromExports) };
}

export async function recordScenario(
  scenario: ScenarioSpec,
  ctx: RecordContext,
): Promise<BenchDataset> {
  const random = createRandom(ctx.settings.seed);
  const starts = ctx.settings.serverStarts ?? 1;
  if (starts > 1 && scenario.points.some(isOpenLoop))
    throw new Error(
      `${scenario.id}: open-loop points take their rates from capacities measured on one server start; record them with serverStarts 1, not ${starts}`,
    );
  const configurations = shuffle(
    [...groupByServer(scenario.points).entries()].flatMap(([serverId, points]) =>
      Array.from({ length: starts }, (_, start) => ({ serverId, points, start })),
    ),
    random,
  );
  const results = new Map<string, BenchRepetition[]>();
  const histograms = new Map<string, RunHistograms[]>();
  const capacities = new Map<string, Capacity>();
  const servers: BenchServer[] = [];
  const groups: BenchGroup[] = [];
  const { repetitions } = ctx.settings;
  let total = scenario.points.length * repetitions * starts;
  const skipped = new Set<string>();
  let runOrder = 0;
  const system = createSystem({
    target: ctx.target,
    serverCpus: ctx.measure.serverCpus,
    clientCpus: ctx.measure.clientCpus,
    logDir: ctx.logDir,
  });

  try {
    for (const spec of scenario.services) {
      const service = await system.start(spec);
      groups.push(describeGroup(service));
      ctx.log(
        `bench: ${scenario.id}: started ${service.name} on CPU ${service.cpus.join(',')}: ${formatCommandLine(service.argv)}`,
      );
    }
    for (const { serverId, points, start } of configurations) {
      const [first] = points;
      if (!first) continue;
      let server = await system.start(configureServer(first, ctx));
      if (!groups.some((g) => g.name === server.name)) groups.push(describeGroup(server));
      // One entry per configuration: every start runs the same command.
      if (!servers.some((s) => s.id === serverId))
        servers.push(describeServerEntry(serverId, first, server));
      const restart = async (): Promise<void> => {
        await system.stop(server);
        server = await system.start(configureServer(first, ctx));
      };
      const measure = (task: Task): Promise<Attempt> =>
        measureOnRunningServer(
          () => system.guard(() => runTaskOrRetryOnce(system, server, task, ctx)),
          () => server,
          async () => {
            ctx.log(
              `  ${serverId} exited before ${describePoint(task.point)}'s window; starting it again`,
            );
            await restart();
          },
        );
      const runTasks = async (tasks: readonly Task[]): Promise<void> => {
        for (const task of tasks) {
          if (server.exitIsOutcome && server.hasExited()) {
            // Its exit was measured in the repetition it ended; start it again, as a
            // container's restart policy would, for the next one.
            ctx.log(`  ${serverId} had exited; starting it again`);
            await restart();
          }
          const id = describePoint(task.point);
          const { histograms: runHistograms, ...measured } = await measure(task).then((m) => ({
            histograms: null,
            ...m,
          }));
          results.set(id, [
            ...(results.get(id) ?? []),
            { ...measured, index: task.index, runOrder, run: 0, serverStart: start },
          ]);
          if (runHistograms) histograms.set(id, [...(histograms.get(id) ?? []), runHistograms]);
          runOrder += 1;
          const where = starts > 1 ? ` (start ${start + 1})` : '';
          ctx.log(
            `[${scenario.id} ${runOrder}/${total}] ${id} rep ${task.index + 1}${where}: ${formatRepetition(measured, server.name, countWrkThreads(ctx.measure.clientCpus.length, task.point.concurrency))}${formatCgroupWindow(measured)}`,
          );
        }
      };
      try {
        // Closed-loop points first (probes before them), then the open-loop points, whose
        // rates are shares of capacities the closed-loop runs measured.
        const open = points.filter(isOpenLoop);
        const probes = await measureProbes(
          serverId,
          open,
          (point) => measure({ point, index: 0 }),
          ctx.settings,
          ctx.log,
        );
        await runTasks(
          shuffle(
            points
              .filter((p) => !isOpenLoop(p))
              .flatMap((point) =>
                Array.from({ length: repetitions }, (_, i) => ({
                  point,
                  index: start * repetitions + i,
                })),
              ),
            random,
          ),
        );
        if (open.length > 0) {
          const openSettings = ctx.settings.openLoop;
          if (!openSettings)
            throw new Error(`${scenario.id} has open-loop points but no settings.openLoop`);
          const found = resolveCapacities(serverId, open, probes, (id) => results.get(id));
          const plan = planOpenLoopTasks(
            serverId,
            open,
            found,
            openSettings,
            repetitions,
            (tasks) => shuffle(tasks, random),
            () => Math.floor(random() * 2 ** 31),
          );
          for (const point of plan.beyond) {
            const capacity = found.get(describeCapacity(serverId, point));
            capacity?.sharesBeyondGenerator.push(point.openLoop.share);
            skipped.add(describePoint(point));
            total -= repetitions;
            ctx.log(
              `  ${describePoint(point)} skipped: ${(point.openLoop.share * (capacity?.rps ?? 0)).toFixed(0)} req/s is above the generator's ${openSettings.maxRateRps} req/s`,
            );
          }
          for (const [id, capacity] of found) capacities.set(id, capacity);
          await runTasks(plan.tasks);
        }
      } finally {
        await system.stop(server);
      }
    }
  } finally {
    await system.stopAll();
  }

  const points: BenchPoint[] = scenario.points
    .filter((spec) => !skipped.has(describePoint(spec)))
    .map((pointSpec) => {
      // Whether the spread was counted shows in the repetitions (`spread`), not in the point.
      const spec = { ...pointSpec };
      delete spec.countSpread;
      const id = describePoint(spec);
      const serverId = describeServer(spec);
      const runs = (results.get(id) ?? []).map((r, i) => ({ r, h: histograms.get(id)?.[i] }));
      runs.sort((a, b) => a.r.index - b.r.index);
      const repetitions = runs.map(({ r }) => r);
      const openLoop = isOpenLoop(spec)
        ? summarizeOpenLoopPoint(
            spec,
            requireCapacity(capacities, describeCapacity(serverId, spec)),
            repetitions,
            runs.map(({ h }) => h ?? { latency: null, service: null }),
          )
        : null;
      return {
        id,
        serverId,
        ...omitOpenLoop(spec),
        ...(openLoop ? { openLoop } : {}),
        repetitions,
        summary: summarizeRepetitions(
          repetitions,
          ctx.settings.noiseThreshold,
          ctx.settings.cpuProbeThreshold,
        ),
      };
    });
  const { openLoop: openLoopSettings, ...closedSettings } = ctx.settings;
  return {
    schemaVersion: 1,
    id: scenario.id,
    title: scenario.title,
    description: scenario.description,
    scenario: scenario.kind,
    environment: ctx.environment,
    // Open-loop settings and capacities only in datasets that have open-loop points.
    settings: capacities.size > 0 && openLoopSettings ? ctx.settings : closedSettings,
    runs: [ctx.run],
    servers,
    groups,
    ...(capacities.size > 0 ? { capacities: [...capacities.values()] } : {}),
    points,
  };
}

function requireCapacity(capacities: ReadonlyMap<string, Capacity>, id: string): Capacity {
  const capacity = capacities.get(id);
  if (!capacity) throw new Error(`no capacity ${id} was measured`);
  return capacity;
}
