/**
 * `npm run bench`: record benchmark datasets. See `npm run bench -- --help`, harness/README.md and
 * bench-data/README.md.
 *
 * Datasets are recorded into a staging directory and moved into place (atomically, one by one)
 * only when every selected scenario has finished, so an aborted run leaves bench-data/ untouched.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { cpus, setPriority, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchDataset, BenchSettings } from '../../src/bench/schema.ts';
import { readClockTicksPerSecond } from '../measure/proc.ts';
import { buildScenarios } from '../scenarios/index.ts';
import { GroupStartError } from '../system/group.ts';
import { killEverythingNow } from '../system/processes.ts';
import { GroupCrashError } from '../system/system.ts';
import { createTarget, installApps } from '../system/target.ts';
import { ABORT_MESSAGE, installCleanup } from './cleanup.ts';
import { parseBenchArgs, UsageError, USAGE, type BenchOptions } from './cli.ts';
import { validateDataset, writeDataset } from './dataset-io.ts';
import { collectEnvironment, readSchedAutogroup } from './environment.ts';
import {
  checkTargetPython,
  findMissingCommands,
  PreflightError,
  runProbe,
  selectModels,
} from './preflight.ts';
import { estimateScenarioS } from './estimate.ts';
import { OPEN_LOOP_DEFAULTS } from './open-loop-plan.ts';
import { recordScenario, type RecordContext } from './record.ts';

const REPO_BENCH_DATA = resolve(new URL('../../bench-data/', import.meta.url).pathname);

const formatMinutes = (seconds: number): string => `${(seconds / 60).toFixed(1)} min`;

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Pin the harness (and so its slow clients and samplers) to the client CPUs, away from the server. */
function pinSelf(clientCpus: readonly number[]): void {
  execFileSync('taskset', ['-a', '-p', '-c', clientCpus.join(','), String(process.pid)], {
    stdio: 'ignore',
  });
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
  if (readSchedAutogroup())
    log(
      'bench: warning: kernel.sched_autogroup_enabled=1, so CPU time is shared between sessions ' +
        'before priorities count: other work on this machine competes with the servers however ' +
        'it is niced. For a recording, run `sysctl kernel.sched_autogroup_enabled=0` first.',
    );
  const loopsPerMs = probe.loopsPerMs ?? 0;
  if (!(loopsPerMs > 0))
    throw new PreflightError('preflight failed: cpu calibration returned no rate');
  return { target, probe, models, loopsPerMs };
}

function buildSettings(options: BenchOptions, argv: readonly string[]): BenchSettings {
  return {
    warmupS: options.warmupS,
    durationS: options.durationS,
    repetitions: options.repetitions,
    seed: options.seed,
    wrkTimeoutS: options.wrkTimeoutS,
    memorySampleIntervalMs: 250,
    noiseThreshold: options.noiseThreshold,
    noisyRetries: options.noisyRetries,
    niceness: options.nice,
    quietWaitPerRepetitionS: options.quietWaitS,
    quietWaitBudgetS: options.quietBudgetMin * 60,
    quick: options.quick,
    command: ['npm', 'run', 'bench', '--', ...argv].join(' '),
    openLoop: {
      ...OPEN_LOOP_DEFAULTS,
      warmupS: options.openLoopWarmupS,
      timeoutS: options.wrkTimeoutS,
      windowFixedS: options.openLoopWindowS,
    },
  };
}

async function main(argv: readonly string[]): Promise<void> {
  const options = parseBenchArgs(argv, cpus().length);
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  const outDir = chooseOutDir(options);
  const staging: { dir: string | null } = { dir: null };
  installCleanup(staging, log);
  pinSelf(options.clientCpus);
  // Children (every group, wrk, the probe) inherit the harness's priority, so one call covers all.
  setPriority(options.nice);

  const { target, probe, models, loopsPerMs } = await prepare(options);
  const environment = collectEnvironment({
    target,
    probe,
    loopsPerMs,
    serverCpus: options.serverCpus,
    clientCpus: options.clientCpus,
  });
  const scenarios = buildScenarios(options.scenarios, {
    models,
    serverCpuCount: options.serverCpus.length,
    workers: options.workers,
    threads: options.threads,
  });
  staging.dir = mkdtempSync(join(tmpdir(), 'bench-staging-'));
  const logDir = join(staging.dir, 'logs');
  mkdirSync(logDir);
  const settings = buildSettings(options, argv);
  const ctx: RecordContext = {
    target,
    probe,
    environment,
    settings,
    logDir,
    log,
    noisyRetries: options.noisyRetries,
    quietBudget: {
      perRepetitionMs: options.quietWaitS * 1000,
      remainingMs: options.quietBudgetMin * 60_000,
    },
    measure: {
      warmupS: options.warmupS,
      durationS: options.durationS,
      wrkTimeoutS: options.wrkTimeoutS,
      memorySampleIntervalMs: settings.memorySampleIntervalMs,
      serverCpus: options.serverCpus,
      clientCpus: options.clientCpus,
      clockTicksPerSecond: readClockTicksPerSecond(),
    },
  };
  log(
    `bench: ${scenarios.map((s) => `${s.id} (${s.points.length} points)`).join(', ')}; python ${probe.python.version}${target.rootfs ? ` in ${target.rootfs}` : ''}; seed ${options.seed}; logs in ${logDir}`,
  );

  const estimates = scenarios.map((s) => ({ id: s.id, seconds: estimateScenarioS(s, settings) }));
  const estimatedS = estimates.reduce((sum, e) => sum + e.seconds, 0);
  log(
    `bench: estimated ${formatMinutes(estimatedS)} (${estimates.map((e) => `${e.id} ${formatMinutes(e.seconds)}`).join(', ')}); see harness/run/estimate.ts`,
  );
  const started = Date.now();
  const recorded: BenchDataset[] = [];
  for (const scenario of scenarios) {
    const dataset = await recordScenario(scenario, ctx);
    writeDataset(staging.dir, dataset); // validated now, so a bad dataset fails before anything moves
    recorded.push(validateDataset(dataset, scenario.id));
    log(
      `bench: ${scenario.id} recorded (${((Date.now() - started) / 60_000).toFixed(1)} min so far)`,
    );
  }
  for (const dataset of recorded) log(`bench: wrote ${writeDataset(outDir, dataset)}`);
  log(`bench: done in ${((Date.now() - started) / 60_000).toFixed(1)} min`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  killEverythingNow();
  if (error instanceof UsageError) {
    log(`bench: ${error.message}\nRun "npm run bench -- --help" for the flags.`);
    process.exit(2);
  }
  if (error instanceof PreflightError) {
    log(`bench: ${error.message}`);
    process.exit(1);
  }
  if (error instanceof GroupStartError || error instanceof GroupCrashError) {
    log(`bench: ${error.message}\nbench: ${ABORT_MESSAGE}`);
    process.exit(1);
  }
  log(`bench: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
