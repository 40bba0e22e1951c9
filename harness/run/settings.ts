/**
 * The recording settings of one scenario: the command line's flags win, then the scenario's own
 * (harness/scenarios/<id>.ts `settings`), then the defaults. `--quick` ignores the scenario's
 * window lengths and repetitions, since it only shows that a scenario runs.
 */
import type { BenchSettings, OpenLoopSettings } from '../../src/bench/schema.ts';
import type { ScenarioSettings } from '../scenarios/scenario.ts';
import type { BenchOptions } from './cli.ts';
import { OPEN_LOOP_DEFAULTS } from './open-loop-plan.ts';

/** What a scenario records with when neither it nor the command line says otherwise. */
export const DEFAULT_SETTINGS: Required<ScenarioSettings> = {
  warmupS: 1,
  durationS: 3,
  repetitions: 3,
  serverStarts: 1,
};

/** `--quick`: 1 s windows; a scenario's several server starts are kept, to show they work. */
const QUICK_SETTINGS: Omit<Required<ScenarioSettings>, 'serverStarts'> = {
  warmupS: 1,
  durationS: 1,
  repetitions: 3,
};

/** The settings one scenario records with. */
export function resolveScenarioSettings(
  scenario: ScenarioSettings,
  flags: ScenarioSettings,
  quick: boolean,
): Required<ScenarioSettings> {
  const base = quick
    ? { ...QUICK_SETTINGS, serverStarts: scenario.serverStarts ?? DEFAULT_SETTINGS.serverStarts }
    : { ...DEFAULT_SETTINGS, ...scenario };
  return {
    warmupS: flags.warmupS ?? base.warmupS,
    durationS: flags.durationS ?? base.durationS,
    repetitions: flags.repetitions ?? base.repetitions,
    serverStarts: flags.serverStarts ?? base.serverStarts,
  };
}

/** The dataset's `settings` for one scenario. */
export function buildSettings(
  options: BenchOptions,
  argv: readonly string[],
  resolved: Required<ScenarioSettings>,
): BenchSettings {
  return {
    warmupS: resolved.warmupS,
    durationS: resolved.durationS,
    repetitions: resolved.repetitions,
    seed: options.seed,
    wrkTimeoutS: options.wrkTimeoutS,
    memorySampleIntervalMs: 250,
    noiseThreshold: options.noiseThreshold,
    cpuProbeThreshold: options.cpuProbeThreshold,
    noisyRetries: options.noisyRetries,
    niceness: options.nice,
    quietWaitPerRepetitionS: options.quietWaitS,
    quietWaitBudgetS: options.quietBudgetMin * 60,
    quick: options.quick,
    serverStarts: resolved.serverStarts,
    command: ['npm', 'run', 'bench', '--', ...argv].join(' '),
    openLoop: buildOpenLoopSettings(options),
  };
}

/**
 * How open-loop points are timed and judged (`settings.openLoop`; recordScenario keeps it only
 * in datasets that have open-loop points).
 */
export function buildOpenLoopSettings(
  options: Pick<BenchOptions, 'openLoopWarmupS' | 'openLoopWindowS' | 'wrkTimeoutS'>,
): OpenLoopSettings {
  return {
    ...OPEN_LOOP_DEFAULTS,
    warmupS: options.openLoopWarmupS,
    timeoutS: options.wrkTimeoutS,
    windowFixedS: options.openLoopWindowS,
  };
}
