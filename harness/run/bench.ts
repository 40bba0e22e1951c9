/**
 * `npm run bench`: record benchmark datasets. See `npm run bench -- --help`, harness/README.md and
 * bench-data/README.md.
 *
 * Datasets are recorded into a staging directory and moved into place (atomically, one by one)
 * only when every selected scenario has finished, so an aborted run leaves bench-data/ untouched.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { cpus, setPriority, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type {
  BenchDataset,
  BenchEnvironment,
  BenchRun,
  BenchSettings,
} from '../../src/bench/schema.ts';
import { readClockTicksPerSecond } from '../measure/proc.ts';
import { buildScenarios } from '../scenarios/index.ts';
import type { ScenarioSpec } from '../scenarios/scenario.ts';
import { GroupStartError } from '../system/group.ts';
import { removeEveryCgroupNow, removeStaleCgroups } from '../system/cgroup.ts';
import { MODELS } from '../system/models.ts';
import { killEverythingNow } from '../system/processes.ts';
import { GroupCrashError } from '../system/system.ts';
import { createTarget, installApps, type Target } from '../system/target.ts';
import { startRunCpuProbe, type RunCpuProbe } from '../measure/cpu-probe-process.ts';
import { appendRun, findAppendProblems, findSlowBaseline } from './append.ts';
import {
  describePoint,
  refusesSlowBaseline,
  SLOW_BASELINE_SPEEDUP,
  SlowBaselineError,
} from './run-task.ts';
import { ABORT_MESSAGE, installCleanup } from './cleanup.ts';
import { parseBenchArgs, UsageError, USAGE, type BenchOptions } from './cli.ts';
import { readDataset, validateDataset, writeDataset } from './dataset-io.ts';
import { collectEnvironment, readSchedAutogroup } from './environment.ts';
import { formatMinutes, formatPlan, planScenarios, type PlannedScenario } from './estimate.ts';
import {
  checkTargetPython,
  findContainerNeeds,
  findContainerProblems,
  findMissingCommands,
  PreflightError,
  runProbe,
  selectModels,
} from './preflight.ts';
import { findDatabaseProblems } from './preflight-database.ts';
import { judgeQuietMachine, probeQuietMachine } from './quiet.ts';
import { recordScenario, type RecordContext } from './record.ts';
import { buildOpenLoopSettings, buildSettings } from './settings.ts';

const REPO_BENCH_DATA = resolve(new URL('../../bench-data/', import.meta.url).pathname);

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Pin the harness (and so its slow clients and samplers) to the client CPUs, away from the server. */
function pinSelf(clientCpus: readonly number[]): void {
  execFileSync('taskset', ['-a', '-p', '-c', clientCpus.join(','), String(process.pid)], {
    stdio: 'ignore',
  });
}

/**
 * Remove what crashed runs left in the cgroup hierarchies (their cgroups, and any process still
 * inside, which would skew this run). Never fails the run: a machine without cgroups has none.
 */
function sweepStaleCgroups(): void {
  try {
    const { removed, killed } = removeStaleCgroups();
    if (removed.length)
      log(
        `bench: removed ${removed.length} cgroup(s) left by crashed runs${killed.length ? `, killing ${killed.length} process(es) still inside` : ''}: ${removed.join(', ')}`,
      );
  } catch (error) {
    log(`bench: warning: could not sweep stale cgroups: ${(error as Error).message}`);
  }
}

/** Remove this run's cgroups on the way out and say what could not be removed. */
function removeOwnCgroups(): void {
  for (const problem of removeEveryCgroupNow()) log(`bench: ${problem}`);
}

function chooseOutDir(options: BenchOptions): string {
  if (options.out === null)
    return options.quick ? mkdtempSync(join(tmpdir(), 'bench-quick-')) : REPO_BENCH_DATA;
  if (options.quick && options.out === REPO_BENCH_DATA && !options.overwrite) {
    throw new UsageError(
      `--quick would write into ${REPO_BENCH_DATA}, which holds committed datasets; pass --overwrite if you mean it`,
    );
  }
  return options.out;
}

async function prepare(options: BenchOptions) {
  const target = createTarget(options.python, options.rootfs);
  const problems = [...findMissingCommands(target.rootfs !== null), ...checkTargetPython(target)];
  if (problems.length)
    throw new PreflightError(`preflight failed:\n  - ${problems.join('\n  - ')}`);
  installApps(target);
  const probe = await runProbe(target, options.serverCpus, true);
  const { models, skipped, problems: modelProblems } = selectModels(probe, target, options.models);
  if (modelProblems.length)
    throw new PreflightError(`preflight failed:\n  - ${modelProblems.join('\n  - ')}`);
  if (models.length === 0)
    throw new PreflightError('preflight failed: the target Python can run none of the models');
  for (const note of skipped) log(`bench: skipping ${note}`);
  const loopsPerMs = probe.loopsPerMs ?? 0;
  if (!(loopsPerMs > 0))
    throw new PreflightError('preflight failed: cpu calibration returned no rate');
  return { target, probe, models, loopsPerMs };
}

/** The scenarios of the command line, built for `models` on the server CPUs. */
function buildSelected(options: BenchOptions, models: typeof MODELS): ScenarioSpec[] {
  return buildScenarios(options.scenarios, {
    models,
    serverCpuCount: options.serverCpus.length,
    workers: options.workers,
    threads: options.threads,
    postgres: options.postgres,
    machineCpuCount: cpus().length,
  });
}

/** The plan: each scenario's settings, points and estimated time. */
function plan(options: BenchOptions, scenarios: readonly ScenarioSpec[]): PlannedScenario[] {
  const flags = {
    ...(options.warmupS === undefined ? {} : { warmupS: options.warmupS }),
    ...(options.durationS === undefined ? {} : { durationS: options.durationS }),
    ...(options.repetitions === undefined ? {} : { repetitions: options.repetitions }),
    ...(options.serverStarts === undefined ? {} : { serverStarts: options.serverStarts }),
  };
  return planScenarios(
    scenarios,
    flags,
    options.quick,
    options.serverCpus.length,
    buildOpenLoopSettings(options),
  );
}

/** `--dry-run`: list what a run would record and how long it would take; start nothing. */
function printDryRun(options: BenchOptions): void {
  const models = options.models ? MODELS.filter((m) => options.models?.includes(m.id)) : MODELS;
  process.stdout.write(formatPlan(plan(options, buildSelected(options, models)), true));
  process.stdout.write(
    'Every model counted as available; a target that lacks one skips its points.\n',
  );
}

/** `--append`: each scenario's existing dataset in `outDir`, read and validated before anything runs. */
function readAppendTargets(outDir: string, ids: readonly string[]): Map<string, BenchDataset> {
  const missing = ids.filter((id) => !existsSync(join(outDir, `${id}.json`)));
  if (missing.length)
    throw new UsageError(
      `--append: no dataset to add to for ${missing.map((id) => join(outDir, `${id}.json`)).join(', ')}; record it first without --append`,
    );
  return new Map(ids.map((id) => [id, readDataset(join(outDir, `${id}.json`))]));
}

/** This run as the dataset lists it. */
function describeRun(environment: BenchEnvironment, command: string, seed: number): BenchRun {
  return {
    date: environment.date,
    seed,
    harnessCommit: environment.harnessCommit,
    harnessDirty: environment.harnessDirty,
    command,
    kernel: environment.kernel,
    schedAutogroup: environment.schedAutogroup,
    cpuLoopsPerMs: environment.cpuLoopsPerMs,
    ...(environment.quietMachine === undefined ? {} : { quietMachine: environment.quietMachine }),
    ...(environment.quietMachineReason === undefined
      ? {}
      : { quietMachineReason: environment.quietMachineReason }),
    ...(environment.preflightServerCpuContention === undefined
      ? {}
      : { preflightServerCpuContention: environment.preflightServerCpuContention }),
    ...(environment.cpuProbe && { cpuProbe: environment.cpuProbe }),
  };
}

/** The run's CPU-speed probe and its baseline, before any server starts (measure/cpu-probe.ts). */
async function startCpuProbe(target: Target, serverCpus: readonly number[]): Promise<RunCpuProbe> {
  const started = await startRunCpuProbe(target, serverCpus).catch((error: unknown) => {
    throw new PreflightError(`preflight failed: ${(error as Error).message}`);
  });
  const b = started.baseline;
  log(
    `bench: CPU probe baseline ${Math.round(b.baselineLoopsPerMs).toLocaleString('en-US')} loops/ms of CPU time (the fastest of ${b.readings} readings, each the median of ${b.trials} trials of ${b.loopsPerTrial.toLocaleString('en-US')} loops)`,
  );
  return started;
}

/** Watch the server CPUs before anything of ours runs there; refuse a real recording beside other work. */
async function checkQuiet(options: BenchOptions, hz: number) {
  const autogroup = readSchedAutogroup();
  const probe = await probeQuietMachine(options.serverCpus, autogroup, hz);
  const verdict = judgeQuietMachine(probe, {
    threshold: options.noiseThreshold,
    allowNoisy: options.allowNoisy,
    quick: options.quick,
    serverCpus: options.serverCpus,
  });
  if (verdict.refusal) throw new PreflightError(verdict.refusal);
  if (!verdict.quietMachine)
    log(
      `bench: warning: the machine is not quiet (server CPU contention ${(probe.contention * 100).toFixed(0)} %, autogroup ${String(autogroup)}); the datasets record environment.quietMachine: false${verdict.reason ? ` (${verdict.reason})` : ''}`,
    );
  return {
    autogroup,
    quiet: {
      quietMachine: verdict.quietMachine,
      ...(verdict.reason ? { quietMachineReason: verdict.reason } : {}),
      preflightServerCpuContention: probe.contention,
    },
  };
}

async function main(argv: readonly string[]): Promise<void> {
  const options = parseBenchArgs(argv, cpus().length);
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (options.dryRun) {
    printDryRun(options);
    return;
  }
  const outDir = chooseOutDir(options);
  const appendTo = options.append ? readAppendTargets(outDir, options.scenarios) : null;
  const staging: { dir: string | null } = { dir: null };
  installCleanup(staging, log);
  sweepStaleCgroups();
  pinSelf(options.clientCpus);
  // Children (every group, wrk, the probe) inherit the harness's priority, so one call covers all.
  setPriority(options.nice);

  const { target, probe, models, loopsPerMs } = await prepare(options);
  const hz = readClockTicksPerSecond();
  const { autogroup, quiet } = await checkQuiet(options, hz);
  const built = buildSelected(options, models);
  const databaseProblems = findDatabaseProblems(built, probe, target, options.postgres.binDir);
  if (databaseProblems.length)
    throw new PreflightError(`preflight failed:\n  - ${databaseProblems.join('\n  - ')}`);
  const containerProblems = findContainerProblems(findContainerNeeds(built, target));
  if (containerProblems.length)
    throw new PreflightError(`preflight failed:\n  - ${containerProblems.join('\n  - ')}`);
  const cpuProbe = await startCpuProbe(target, options.serverCpus);
  refuseSlowBaselineToAppend(appendTo, cpuProbe.baseline.baselineLoopsPerMs, options);
  const environment = {
    ...collectEnvironment({
      target,
      probe,
      loopsPerMs,
      serverCpus: options.serverCpus,
      clientCpus: options.clientCpus,
      quiet,
      schedAutogroup: autogroup,
    }),
    cpuProbe: cpuProbe.baseline,
  };
  const scenarios = new Map(built.map((s) => [s.id, s]));
  const planned = plan(options, built);
  staging.dir = mkdtempSync(join(tmpdir(), 'bench-staging-'));
  const logDir = join(staging.dir, 'logs');
  mkdirSync(logDir);
  log(
    `bench: python ${probe.python.version}${target.rootfs ? ` in ${target.rootfs}` : ''}; seed ${options.seed}; logs in ${logDir}; estimated:\n${formatPlan(planned, false).trimEnd()}`,
  );

  const started = Date.now();
  const recorded: BenchDataset[] = [];
  for (const { id, settings: resolved } of planned) {
    const scenario = scenarios.get(id);
    if (!scenario) continue;
    const settings = buildSettings(options, argv, resolved);
    const existing = appendTo?.get(id);
    // A run added to a dataset burns the same loops per `cpu` ms as its first run did.
    const env = existing
      ? { ...environment, cpuLoopsPerMs: existing.environment.cpuLoopsPerMs }
      : environment;
    const ctx: RecordContext = {
      target,
      probe,
      environment: env,
      settings,
      run: describeRun({ ...environment }, settings.command, settings.seed),
      logDir,
      log,
      noisyRetries: options.noisyRetries,
      quietBudget: {
        perRepetitionMs: options.quietWaitS * 1000,
        remainingMs: options.quietBudgetMin * 60_000,
      },
      cpuSpeed: cpuProbe.cpuSpeed,
      refuseSlowBaseline: refusesSlowBaseline(options),
      measure: {
        warmupS: settings.warmupS,
        durationS: settings.durationS,
        wrkTimeoutS: options.wrkTimeoutS,
        memorySampleIntervalMs: settings.memorySampleIntervalMs,
        serverCpus: options.serverCpus,
        clientCpus: options.clientCpus,
        clockTicksPerSecond: hz,
      },
    };
    if (existing) refuseMismatch(existing, { id, env, settings, scenario });
    const dataset = await recordScenario(scenario, ctx);
    if (existing) {
      // Kept on its own first, so a run that cannot join its dataset is not lost with the error.
      const runDir = join(staging.dir, 'run');
      mkdirSync(runDir, { recursive: true });
      log(`bench: ${id}: this run alone is kept in ${writeDataset(runDir, dataset)}`);
    }
    const result = existing ? appendRun(existing, validateDataset(dataset, id)) : dataset;
    writeDataset(staging.dir, result); // validated now, so a bad dataset fails before anything moves
    recorded.push(validateDataset(result, id));
    log(`bench: ${id} recorded (${formatMinutes((Date.now() - started) / 1000)} so far)`);
  }
  await cpuProbe.stop();
  for (const dataset of recorded) log(`bench: wrote ${writeDataset(outDir, dataset)}`);
  log(`bench: done in ${formatMinutes((Date.now() - started) / 1000)}`);
}

/** Before recording a run to append: a CPU baseline no slower than the earlier runs', or stop. */
function refuseSlowBaselineToAppend(
  appendTo: ReadonlyMap<string, BenchDataset> | null,
  baselineLoopsPerMs: number,
  options: BenchOptions,
): void {
  if (!appendTo || !refusesSlowBaseline(options)) return;
  const problems = [...appendTo.values()].flatMap(
    (d) => findSlowBaseline(d, baselineLoopsPerMs, SLOW_BASELINE_SPEEDUP) ?? [],
  );
  if (problems.length)
    throw new PreflightError(`preflight failed:\n  - ${problems.join('\n  - ')}`);
}

/** Before recording a run to append: the same settings, machine, software and points, or stop. */
function refuseMismatch(
  existing: BenchDataset,
  fresh: { id: string; env: BenchEnvironment; settings: BenchSettings; scenario: ScenarioSpec },
): void {
  const problems = findAppendProblems(existing, {
    id: fresh.id,
    scenario: fresh.scenario.kind,
    environment: fresh.env,
    settings: fresh.settings,
    pointIds: fresh.scenario.points.map(describePoint),
  });
  if (problems.length)
    throw new UsageError(
      `--append: this run of ${fresh.id} is not the same experiment as ${existing.id}.json:\n  - ${problems.join('\n  - ')}`,
    );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  killEverythingNow();
  removeOwnCgroups();
  if (error instanceof UsageError) {
    log(`bench: ${error.message}\nRun "npm run bench -- --help" for the flags.`);
    process.exit(2);
  }
  if (error instanceof PreflightError) {
    log(`bench: ${error.message}`);
    process.exit(1);
  }
  if (
    error instanceof GroupStartError ||
    error instanceof GroupCrashError ||
    error instanceof SlowBaselineError
  ) {
    log(`bench: ${error.message}\nbench: ${ABORT_MESSAGE}`);
    process.exit(1);
  }
  log(`bench: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
