/**
 * Record one scenario: start its services, then group its points by server configuration and run
 * every (point, repetition) in a seeded random order on one server start per configuration, with
 * every group measured and watched; assemble the dataset.
 */
import type {
  BenchDataset,
  BenchEnvironment,
  BenchGroup,
  BenchPoint,
  BenchRepetition,
  BenchServer,
  BenchSettings,
  Capacity,
} from '../../src/bench/schema.ts';
import { summarizeRepetitions } from '../../src/bench/summary.ts';
import type { MeasureSettings } from '../measure/repetition.ts';
import type { QuietBudget } from '../measure/noise.ts';
import type { PointSpec, ScenarioSpec } from '../scenarios/scenario.ts';
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
  };
}

export async function recordScenario(
  scenario: ScenarioSpec,
  ctx: RecordContext,
): Promise<BenchDataset> {
  const random = createRandom(ctx.settings.seed);
  const configurations = shuffle([...groupByServer(scenario.points).entries()], random);
  const results = new Map<string, BenchRepetition[]>();
  const histograms = new Map<string, RunHistograms[]>();
  const capacities = new Map<string, Capacity>();
  const servers: BenchServer[] = [];
  const groups: BenchGroup[] = [];
  let total = scenario.points.length * ctx.settings.repetitions;
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
    for (const [serverId, points] of configurations) {
      const [first] = points;
      if (!first) continue;
      const model = findModel(first.model);
      const server = await system.start(
        serverGroup({
          model,
          workers: first.workers,
          threads: first.threads,
          probe: ctx.probe,
          loopsPerMs: ctx.environment.cpuLoopsPerMs,
        }),
      );
      if (!groups.some((g) => g.name === server.name)) groups.push(describeGroup(server));
      servers.push({
        id: serverId,
        model: model.id,
        workers: first.workers,
        threads: first.threads,
        argv: server.argv,
        commandLine: formatCommandLine(server.argv),
        runtime: server.runtime,
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
            { ...measured, index: task.index, runOrder },
          ]);
          if (runHistograms) histograms.set(id, [...(histograms.get(id) ?? []), runHistograms]);
          runOrder += 1;
          ctx.log(
            `[${scenario.id} ${runOrder}/${total}] ${id} rep ${task.index + 1}: ${formatRepetition(measured, server.name)}`,
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
                Array.from({ length: ctx.settings.repetitions }, (_, index) => ({ point, index })),
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
            ctx.settings.repetitions,
            (tasks) => shuffle(tasks, random),
            () => Math.floor(random() * 2 ** 31),
          );
          for (const point of plan.beyond) {
            const capacity = found.get(describeCapacity(serverId, point));
            capacity?.sharesBeyondGenerator.push(point.openLoop.share);
            skipped.add(describePoint(point));
            total -= ctx.settings.repetitions;
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
    .map((spec) => {
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
