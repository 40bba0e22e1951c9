/**
 * `--append`: add a new run of a scenario to its existing dataset, so one dataset holds runs made
 * at different times and the spread between them can be reported beside the spread within one.
 * Only a run of the same experiment may join: same scenario, settings, machine, software, apps,
 * points and server commands; anything else is refused with every difference named.
 */
import { isDeepStrictEqual } from 'node:util';
import type { BenchDataset, BenchRun, BenchServer } from '../../src/bench/schema.ts';
import { summarizeRepetitions } from '../../src/bench/summary.ts';
import { ROOTFS_APP_ROOT } from '../system/target.ts';

/** A dataset's runs; one recorded before runs were listed is one run, told by its environment. */
export function listRuns(dataset: BenchDataset): BenchRun[] {
  if (dataset.runs) return dataset.runs;
  const { environment: env, settings } = dataset;
  return [
    {
      date: env.date,
      seed: settings.seed,
      harnessCommit: env.harnessCommit,
      harnessDirty: env.harnessDirty,
      command: settings.command,
      kernel: env.kernel,
      schedAutogroup: env.schedAutogroup,
      cpuLoopsPerMs: env.cpuLoopsPerMs,
      ...(env.quietMachine === undefined ? {} : { quietMachine: env.quietMachine }),
      ...(env.quietMachineReason === undefined
        ? {}
        : { quietMachineReason: env.quietMachineReason }),
    },
  ];
}

/**
 * What defines a run's experiment: a recorded dataset has all of it; a run about to start has
 * no servers yet (their commands are known once they run) and its services' groups unknown.
 */
export interface Experiment extends Pick<
  BenchDataset,
  'id' | 'scenario' | 'environment' | 'settings'
> {
  pointIds: readonly string[];
  groups?: BenchDataset['groups'];
  servers?: readonly BenchServer[];
}

/** A recorded dataset's experiment. */
export function toExperiment(d: BenchDataset): Experiment {
  return { ...d, pointIds: d.points.map((p) => p.id) };
}

/** What must be the same in every run of a dataset, by name. */
function describeExperiment(e: Experiment): Record<string, unknown> {
  const { environment: env, settings } = e;
  return {
    id: e.id,
    scenario: e.scenario,
    'settings.warmupS': settings.warmupS,
    'settings.durationS': settings.durationS,
    'settings.repetitions': settings.repetitions,
    'settings.serverStarts': settings.serverStarts ?? 1,
    'settings.wrkTimeoutS': settings.wrkTimeoutS,
    'settings.memorySampleIntervalMs': settings.memorySampleIntervalMs,
    'settings.noiseThreshold': settings.noiseThreshold,
    'settings.cpuProbeThreshold': settings.cpuProbeThreshold ?? null,
    'settings.niceness': settings.niceness,
    'settings.quick': settings.quick,
    'environment.cpuModel': env.cpuModel,
    'environment.cpuCount': env.cpuCount,
    'environment.serverCpus': env.serverCpus,
    'environment.clientCpus': env.clientCpus,
    'environment.rootfs': env.rootfs,
    'environment.os': env.os,
    'environment.python': env.python,
    'environment.packages': env.packages,
    'environment.wrkVersion': env.wrkVersion,
    'environment.cpuLoopsPerMs': env.cpuLoopsPerMs,
    'environment.appSha256': env.appSha256,
    'points[].id': [...e.pointIds].sort(),
    ...(e.groups === undefined
      ? {}
      : { 'groups[]': e.groups.map((g) => [g.name, g.role, g.cpus]) }),
  };
}

/** The per-run folder the apps are copied to in a rootfs, by pattern (`harness/system/target.ts`). */
const RUN_APP_FOLDER = new RegExp(`${ROOTFS_APP_ROOT}/[^/\\s]+`, 'g');

/**
 * A server's command without the one part that differs between runs by design: the folder its
 * apps were copied to, named after the run. The apps themselves are compared by `appSha256`.
 */
function withoutRunFolder(argv: readonly string[]): string[] {
  return argv.map((arg) => arg.replaceAll(RUN_APP_FOLDER, `${ROOTFS_APP_ROOT}/{run}`));
}

/**
 * Every difference that keeps `fresh` (a run just recorded, or one about to start) from joining
 * `existing`; empty when it may. What `fresh` does not know yet (servers, groups) is not compared.
 */
export function findAppendProblems(existing: BenchDataset, fresh: Experiment): string[] {
  const was = describeExperiment(toExperiment(existing));
  const now = describeExperiment(fresh);
  const problems = Object.keys(now)
    .filter((key) => !isDeepStrictEqual(was[key], now[key]))
    .map(
      (key) =>
        `${key} was ${JSON.stringify(was[key] ?? null)}, this run has ${JSON.stringify(now[key])}`,
    );
  if (existing.settings.quick || fresh.settings.quick)
    problems.push('a --quick recording neither takes nor joins runs');
  if (existing.points.some((p) => p.openLoop))
    problems.push(
      'open-loop points take their rates from capacities measured in their own run and their percentiles from its histograms: record them in one run',
    );
  const before = new Map(existing.servers.map((s) => [s.id, withoutRunFolder(s.argv)]));
  for (const { id, argv } of fresh.servers ?? [])
    if (!isDeepStrictEqual(before.get(id), withoutRunFolder(argv)))
      problems.push(
        `servers[${id}].argv was ${JSON.stringify(before.get(id) ?? null)}, this run has ${JSON.stringify(argv)}`,
      );
  return problems;
}

/**
 * Why a run about to join `existing` should not start: its CPU probe baseline reads more than
 * `limit` slower than the fastest baseline of the dataset's earlier runs, so it was taken in one
 * of the machine's slow spells. Its windows would pass as at speed while the spell lasts, and the
 * run would stop when it ends (`judgeBaselineSpeed`), losing what it recorded. Null when it may.
 */
export function findSlowBaseline(
  existing: BenchDataset,
  baselineLoopsPerMs: number,
  limit: number,
): string | null {
  const earlier = listRuns(existing).flatMap((r) => r.cpuProbe?.baselineLoopsPerMs ?? []);
  if (earlier.length === 0) return null;
  const fastest = Math.max(...earlier);
  const slower = fastest / baselineLoopsPerMs - 1;
  if (!(slower > limit)) return null;
  return `${existing.id}: this run's CPU probe baseline, ${Math.round(baselineLoopsPerMs)} loops/ms, is ${Math.round(slower * 100)} % slower than its earlier runs' ${Math.round(fastest)}: the CPU is in a slow spell; record when it runs at speed again (npx node harness/run/measure-cpu-probe.ts shows it)`;
}

/**
 * `existing` with the run recorded in `fresh` added: its repetitions join each point numbered
 * after the existing ones and tagged with the new run, the runs list grows by one, and every
 * summary is computed again. Refuses a run that does not fit (`findAppendProblems`).
 */
export function appendRun(existing: BenchDataset, fresh: BenchDataset): BenchDataset {
  const problems = findAppendProblems(existing, toExperiment(fresh));
  if (problems.length)
    throw new Error(
      `cannot add this run to ${existing.id}: it is not the same experiment:\n  - ${problems.join('\n  - ')}`,
    );
  const runs = listRuns(existing);
  const [newRun, ...extra] = listRuns(fresh);
  if (!newRun || extra.length) throw new Error(`the run to add to ${existing.id} must be one run`);
  const run = runs.length;
  const { noiseThreshold, cpuProbeThreshold } = existing.settings;
  const points = existing.points.map((point) => {
    const added = fresh.points.find((p) => p.id === point.id)?.repetitions ?? [];
    const repetitions = [
      ...point.repetitions.map((r) => ({ ...r, run: r.run ?? 0 })),
      ...added.map((r) => ({ ...r, index: point.repetitions.length + r.index, run })),
    ];
    const summary = summarizeRepetitions(repetitions, noiseThreshold, cpuProbeThreshold);
    return { ...point, repetitions, summary };
  });
  return { ...existing, runs: [...runs, newRun], points };
}
