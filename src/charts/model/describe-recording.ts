/**
 * What a dataset says about its own recording, as the term and value pairs a chart's page lists
 * under "Recording environment" and "How it was measured": pure, so each statement is tested
 * against synthetic datasets (tests/unit/charts/model/describe-recording.test.ts) and the page
 * only renders it. Every value is read from the dataset; a field an older dataset lacks is said
 * to be not recorded, never guessed.
 */
import type {
  BenchDataset,
  BenchEnvironment,
  BenchRepetition,
  BenchRun,
} from '../../bench/schema.ts';

/** One fact about a recording: a term and what the dataset says. */
export type RecordingFact = readonly [term: string, value: string];

/** The facts of a chart page's two lists. */
export interface RecordingFacts {
  /** Where and with what the dataset was recorded, run by run. */
  environment: RecordingFact[];
  /** How it was measured: settings, and what the noise checks found. */
  method: RecordingFact[];
}

/** What a run and the dataset's environment both record about the machine at its start. */
type RunStart = Pick<
  BenchRun,
  | 'date'
  | 'harnessCommit'
  | 'harnessDirty'
  | 'schedAutogroup'
  | 'cpuLoopsPerMs'
  | 'quietMachine'
  | 'quietMachineReason'
  | 'preflightServerCpuContention'
  | 'cpuProbe'
  | 'command'
>;

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const loops = (perMs: number) => `${Math.round(perMs).toLocaleString('en-US')} loops/ms`;
const formatDate = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** `kernel.sched_autogroup_enabled` as recorded, or that it was not. */
export function describeAutogroup(value: boolean | null): string {
  if (value === null) return 'not recorded';
  return value ? 'on (priorities count only within a session)' : 'off';
}

/** The quiet-machine check made before the run started, with the contention it measured. */
export function describeQuietCheck(run: RunStart): string {
  const contention =
    run.preflightServerCpuContention === undefined
      ? ''
      : `, contention for the server CPUs ${percent(run.preflightServerCpuContention)} before the run`;
  if (run.quietMachine === undefined) return 'not made (recorded before the harness checked)';
  if (run.quietMachine) return `quiet${contention}`;
  return `not quiet, recorded anyway${run.quietMachineReason ? ` (${run.quietMachineReason})` : ''}${contention}`;
}

/** The CPU-speed probe's baseline for a run, or that the run had none. */
export function describeCpuProbe(run: RunStart): string {
  const probe = run.cpuProbe;
  if (!probe) return 'not recorded (before the probe existed)';
  return `${loops(probe.baselineLoopsPerMs)} of CPU time (the fastest of ${probe.readings} readings of ${probe.trials} trials × ${probe.loopsPerTrial.toLocaleString('en-US')} loops)`;
}

function describeRunStart(run: RunStart): RecordingFact[] {
  return [
    ['Recorded', formatDate(run.date)],
    [
      'Harness commit',
      `${run.harnessCommit.slice(0, 12)}${run.harnessDirty ? ' (with uncommitted changes)' : ''}`,
    ],
    ['Kernel autogroup', describeAutogroup(run.schedAutogroup)],
    ['Quiet-machine check', describeQuietCheck(run)],
    ['CPU probe baseline', describeCpuProbe(run)],
    ['Calibration of the cpu endpoint', `${loops(run.cpuLoopsPerMs)} on a server CPU`],
    ['Harness command', run.command],
  ];
}

/** The environment as the dataset's one run, for datasets recorded before `runs` existed. */
const toRunStart = (env: BenchEnvironment, command: string): RunStart => ({ ...env, command });

/** Noisy points, and windows measured again because they were noisy. */
export function describeNoisy(dataset: BenchDataset): string {
  const repetitions = dataset.points.flatMap((p) => p.repetitions);
  const noisy = dataset.points.filter((p) => p.summary.noisy).length;
  const again = repetitions.filter((r) => r.noisyRetries > 0);
  const attempts = again.reduce((sum, r) => sum + r.noisyRetries, 0);
  const retried =
    dataset.settings.noisyRetries === 0
      ? 'none measured again (--noisy-retries was off)'
      : `${again.length} of ${repetitions.length} windows measured again as noisy (${attempts} attempts discarded)`;
  return `${noisy} of ${dataset.points.length} points flagged noisy; ${retried}`;
}

/**
 * How much of the CPUs other work took over every window, from one share each repetition
 * records; null when no repetition recorded it.
 */
export function describeShare(
  dataset: BenchDataset,
  read: (r: BenchRepetition) => number | undefined,
): string | null {
  const repetitions = dataset.points.flatMap((p) => p.repetitions);
  const shares = repetitions.map(read).filter((s) => s !== undefined);
  if (shares.length === 0) return null;
  const threshold = dataset.settings.noiseThreshold;
  const over = shares.filter((s) => s > threshold).length;
  return `median ${percent(median(shares))}, max ${percent(Math.max(...shares))}; above the noise threshold (${percent(threshold)}) in ${over} of ${shares.length} windows`;
}

/** Everything a chart page states about how its dataset was recorded. */
export function describeRecording(dataset: BenchDataset): RecordingFacts {
  const { environment: env, settings } = dataset;
  const runs: RunStart[] = dataset.runs ?? [toRunStart(env, settings.command)];
  const packages = Object.entries(env.packages)
    .filter(([, version]) => version !== null)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  const runFacts = runs.flatMap((run, index) =>
    describeRunStart(run).map(([term, value]): RecordingFact => [
      runs.length > 1 ? `${term} (run ${index + 1})` : term,
      value,
    ]),
  );
  return {
    environment: [
      ...runFacts,
      ['CPU', `${env.cpuModel} (${env.cpuCount} CPUs online)`],
      ['Server pinned to CPUs', env.serverCpus.join(', ')],
      ['wrk pinned to CPUs', env.clientCpus.join(', ')],
      [
        'Operating system',
        env.rootfs ? `${env.os} (chroot ${env.rootfs}) on ${env.hostOs}` : env.os,
      ],
      ['Kernel', env.kernel],
      ['Python', `${env.python.implementation} ${env.python.version}`],
      ['Servers and packages', packages || 'none reported'],
      ['Load generator', env.wrkVersion],
      ['Node.js (harness)', env.nodeVersion],
    ],
    method: [
      ['Warm-up per window', `${settings.warmupS} s (not recorded)`],
      ['Measured window', `${settings.durationS} s`],
      ['Repetitions per point', String(settings.repetitions)],
      ['Run order', `randomized, seed ${settings.seed}`],
      ['wrk timeout', `${settings.wrkTimeoutS} s (slower answers count as timeout errors)`],
      ['Memory sampling', `every ${settings.memorySampleIntervalMs} ms`],
      ['Priority', `nice ${settings.niceness} (harness, servers and wrk)`],
      [
        'Noise threshold',
        `a repetition is noisy when other work took more than ${percent(settings.noiseThreshold)} of the pinned CPUs` +
          (settings.cpuProbeThreshold === undefined
            ? ''
            : `, or when the CPU probe around it found the server's CPU more than ${percent(settings.cpuProbeThreshold)} slower than at the run's start`),
      ],
      ['Noisy points', describeNoisy(dataset)],
      [
        'Other work at normal priority, pinned CPUs',
        describeShare(dataset, (r) => r.contendingCpuShare) ?? 'not recorded',
      ],
      [
        'Contention for the server CPUs',
        describeShare(dataset, (r) => r.serverCpuContention) ?? 'not recorded',
      ],
    ],
  };
}
