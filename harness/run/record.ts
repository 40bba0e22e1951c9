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
import type { MeasureSettings } from '../measure/repetition.ts';
import type { QuietBudget } from '../measure/noise.ts';
import type { PointSpec, ScenarioSpec } from '../scenarios/scenario.ts';
import { buildDbServerSetup, type DbServerSetup } from '../system/db-apps.ts';
import { formatCommandLine } from '../system/group.ts';
import { findModel, type ProbeResult } from '../system/models.ts';
import { serverGroup } from '../system/server.ts';
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
  log(line: string): void;
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
      const model = findModel(first.model);
      const db = findDbFields(first);
      const setup = db ? buildDbServerSetup(db, model.appInterface) : null;
      const server = await system.start(
        serverGroup({
          model,
          workers: first.workers,
          threads: first.threads,
          probe: ctx.probe,
          loopsPerMs: ctx.environment.cpuLoopsPerMs,
          app: setup?.app,
          env: setup?.env,
          envFromExports: setup?.envFromExports,
        }),
      );
      if (!groups.some((g) => g.name === server.name)) groups.push(describeGroup(server));
      // One entry per configuration: every start runs the same command.
      if (!servers.some((s) => s.id === serverId))
        servers.push({
          id: serverId,
          model: model.id,
          workers: first.workers,
          threads: first.threads,
          argv: server.argv,
          commandLine: formatCommandLine(server.argv),
          runtime: server.runtime,
          ...(setup ? { app: setup.app, env: recordEnv(setup) } : {}),
        });
      const measure = (task: Task): Promise<Attempt> =>
        system.guard(() => runTaskOrRetryOnce(system, server, task, ctx));
      const runTasks = async (tasks: readonly Task[]): Promise<void> => {
        for (const task of tasks) {
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
            `[${scenario.id} ${runOrder}/${total}] ${id} rep ${task.index + 1}${where}: ${formatRepetition(measured, server.name, countWrkThreads(ctx.measure.clientCpus.length, task.point.concurrency))}`,
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
        summary: summarizeRepetitions(repetitions, ctx.settings.noiseThreshold),
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
