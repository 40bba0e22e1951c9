/** Command-line flags of `npm run bench`, parsed strictly: a bad flag is a clear error. */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { MODELS } from '../system/models.ts';
import { QUICK_SCENARIO_IDS, RECORDED_SCENARIO_IDS } from '../scenarios/index.ts';
import { OPEN_LOOP_DEFAULTS } from './open-loop-plan.ts';

/** A bad command line; the message says what is wrong and `--help` shows the rest. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Comma-separated items wrapped under the flag descriptions (from column 23, lines up to 96). */
function wrapList(items: readonly string[]): string {
  const lines: string[] = [];
  let line = '';
  for (const item of items.map((i, n) => (n < items.length - 1 ? `${i},` : i))) {
    if (line && line.length + 1 + item.length > 73) {
      lines.push(line);
      line = item;
    } else line = line ? `${line} ${item}` : item;
  }
  lines.push(line);
  return lines.map((l) => `${' '.repeat(23)}${l}`).join('\n');
}

export const USAGE = `Usage: npm run bench -- [flags]

Records benchmark datasets into bench-data/ (one JSON file per scenario).

  --scenario LIST      comma-separated scenarios, or "all" (default):
${wrapList(RECORDED_SCENARIO_IDS)}
  --models LIST        comma-separated models (default: every model the target can run):
${wrapList(MODELS.map((m) => m.id))}
  --quick              record a tiny real subset in seconds into a temp dir (or --out);
                       with --scenario, also ${QUICK_SCENARIO_IDS.join(', ')} (for tests)
  --dry-run            list each scenario's points, settings and estimated time; start nothing
  --append             add this run to each scenario's existing dataset in the output
                       directory (same scenario and settings, or it refuses), so the spread
                       between runs at different times can be told from the spread within one
  --allow-noisy REASON record although the machine is not quiet (other work on the server
                       CPUs, or autogroup on) or its CPU sped up past the run's baseline
                       (warned, not refused); the datasets say so, with REASON
  --out DIR            output directory (default bench-data/, or a temp dir with --quick)
  --overwrite          allow --quick to write into bench-data/
  --warmup S           warm-up before every measured window, whole seconds (default 1)
  --duration S         measured window, whole seconds (default 3, or the scenario's own,
                       e.g. 10 for CPU-bound ones; 1 with --quick)
  --repetitions N      repetitions per point and server start, run in randomized order
                       (default 3, or the scenario's own)
  --server-starts N    start each server configuration N times (default 1, or the scenario's)
  --workers N          worker processes for every model (default: each project's advice
                       for the server CPU count; see harness/system/models.ts)
  --threads N          gthread threads per worker (default: 4 x server CPUs)
  --server-cpus LIST   CPUs for the servers, e.g. 0 or 0,2 or 0-1 (default 0)
  --client-cpus LIST   CPUs for wrk and the harness (default 1)
  --python PATH        Python that runs the servers (default /usr/bin/python3)
  --rootfs DIR         run the servers in this chroot (see harness/env/prepare-sid.sh)
  --nice=N             scheduling priority of the harness, servers and wrk, -20..19
                       (default -5: other people's nice-0 work on a shared machine yields)
  --seed N             seed of the randomized order (default: from the clock)
  --wrk-timeout S      wrk --timeout, seconds (default 2)
  --quiet-wait S       before each repetition, wait up to S seconds for contention for the
                       server CPUs to drop below the noise threshold (default 0: off)
  --quiet-budget M     total minutes of such waiting per run (default 20)
  --noise-threshold F  serverCpuContention above which a repetition is noisy (default 0.1)
  --cpu-probe-threshold F
                       a repetition whose CPU-speed probe (a fixed loop timed on the server
                       CPUs just before and after its window) ran more than F slower than
                       the run's baseline is noisy too (default 0.05); --quiet-wait also
                       waits for the probe to run at speed
  --noisy-retries N    measure a noisy repetition again up to N times, keep the least
                       noisy attempt (default 0)
  --open-loop-warmup S warm-up of every open-loop repetition, seconds, fractions allowed
                       (default 1.5; 1 with --quick)
  --open-loop-window S every open-loop window this long, seconds, fractions allowed
                       (default: from the rate, so a point rests on 500 requests, 2-5 s;
                       1 with --quick)
  --pg-bin DIR         PostgreSQL's postgres, initdb and psql for the database scenarios,
                       as the target sees it (default: the newest /usr/lib/postgresql/N/bin)
  --pg-port N          port for PostgreSQL on 127.0.0.1; it must be free (default: a free one)
  --pg-ready-timeout S seconds PostgreSQL may take to accept connections (default 60)
  --help               show this help
`;

/** Parsed, checked options. */
export interface BenchOptions {
  scenarios: string[];
  models: string[] | null;
  quick: boolean;
  out: string | null;
  overwrite: boolean;
  dryRun: boolean;
  append: boolean;
  /** Why to record although the machine is not quiet; null = refuse then. */
  allowNoisy: string | null;
  /** Explicit `--warmup`, or undefined for the scenario's or the default. */
  warmupS: number | undefined;
  /** Explicit `--duration`, or undefined for the scenario's or the default. */
  durationS: number | undefined;
  /** Explicit `--repetitions`, or undefined for the scenario's or the default. */
  repetitions: number | undefined;
  /** Explicit `--server-starts`, or undefined for the scenario's or the default. */
  serverStarts: number | undefined;
  serverCpus: number[];
  clientCpus: number[];
  python: string | undefined;
  rootfs: string | undefined;
  seed: number;
  wrkTimeoutS: number;
  noiseThreshold: number;
  /** A CPU probe slower than the run's baseline by more than this marks a repetition noisy. */
  cpuProbeThreshold: number;
  noisyRetries: number;
  workers: number | undefined;
  threads: number | undefined;
  nice: number;
  quietWaitS: number;
  quietBudgetMin: number;
  /** Warm-up of open-loop repetitions, seconds. */
  openLoopWarmupS: number;
  /** Fixed open-loop window, seconds; null: from each point's rate. */
  openLoopWindowS: number | null;
  /** `--pg-bin`, `--pg-port`, `--pg-ready-timeout` (ms): the database scenarios' PostgreSQL. */
  postgres: { binDir?: string; port?: number; readyTimeoutMs?: number };
  help: boolean;
}

/** Parse "0", "0,2" or "0-3" into a sorted list of CPU numbers. */
export function parseCpuList(flag: string, text: string): number[] {
  const cpus = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!match) throw new UsageError(`${flag}: "${text}" is not a CPU list like 0 or 0,2 or 0-3`);
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from) throw new UsageError(`${flag}: range "${part}" runs backwards`);
    for (let cpu = from; cpu <= to; cpu++) cpus.add(cpu);
  }
  return [...cpus].sort((a, b) => a - b);
}

function parseNumber(
  flag: string,
  text: string | undefined,
  fallback: number,
  rule: 'int>=0' | 'int>=1' | 'fraction' | 'positive',
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  const ok =
    rule === 'fraction'
      ? value >= 0 && value <= 1
      : rule === 'positive'
        ? value > 0
        : Number.isInteger(value) && value >= (rule === 'int>=1' ? 1 : 0);
  if (text.trim() === '' || !Number.isFinite(value) || !ok) {
    const wanted = {
      'int>=0': 'a whole number >= 0',
      'int>=1': 'a whole number >= 1',
      fraction: 'a number from 0 to 1',
      positive: 'a number > 0',
    }[rule];
    throw new UsageError(`${flag} must be ${wanted}, got "${text}"`);
  }
  return value;
}

function parseList(
  flag: string,
  text: string | undefined,
  known: readonly string[],
): string[] | null {
  if (text === undefined || text === 'all') return null;
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = items.filter((i) => !known.includes(i));
  if (unknown.length || items.length === 0) {
    throw new UsageError(
      `${flag}: unknown ${unknown.map((u) => `"${u}"`).join(', ') || 'empty list'}; choose from ${known.join(', ')}`,
    );
  }
  return items;
}

function parseNice(text: string | undefined): number {
  if (text === undefined) return -5;
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < -20 || value > 19) {
    throw new UsageError(`--nice must be a whole number from -20 to 19, got "${text}"`);
  }
  return value;
}

/** Parse argv (without node and script). Throws UsageError on anything unclear. */
export function parseBenchArgs(argv: readonly string[], onlineCpus: number): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        scenario: { type: 'string' },
        models: { type: 'string' },
        quick: { type: 'boolean' },
        out: { type: 'string' },
        overwrite: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        append: { type: 'boolean' },
        'allow-noisy': { type: 'string' },
        'server-starts': { type: 'string' },
        warmup: { type: 'string' },
        duration: { type: 'string' },
        repetitions: { type: 'string' },
        'server-cpus': { type: 'string' },
        'client-cpus': { type: 'string' },
        python: { type: 'string' },
        rootfs: { type: 'string' },
        seed: { type: 'string' },
        'wrk-timeout': { type: 'string' },
        'noise-threshold': { type: 'string' },
        'cpu-probe-threshold': { type: 'string' },
        'noisy-retries': { type: 'string' },
        workers: { type: 'string' },
        nice: { type: 'string' },
        'quiet-wait': { type: 'string' },
        'quiet-budget': { type: 'string' },
        threads: { type: 'string' },
        'open-loop-warmup': { type: 'string' },
        'open-loop-window': { type: 'string' },
        'pg-bin': { type: 'string' },
        'pg-port': { type: 'string' },
        'pg-ready-timeout': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify .*$/s, ''));
  }
  const quick = values.quick ?? false;
  const serverCpus = parseCpuList('--server-cpus', values['server-cpus'] ?? '0');
  const clientCpus = parseCpuList('--client-cpus', values['client-cpus'] ?? '1');
  const offline = [...serverCpus, ...clientCpus].filter((c) => c >= onlineCpus);
  if (offline.length)
    throw new UsageError(
      `CPU ${offline.join(', ')} does not exist; this machine has CPUs 0-${onlineCpus - 1}`,
    );
  const shared = serverCpus.filter((c) => clientCpus.includes(c));
  if (shared.length)
    throw new UsageError(
      `--server-cpus and --client-cpus must be disjoint; both contain ${shared.join(', ')}`,
    );
  if (values.python !== undefined && !values.python.startsWith('/'))
    throw new UsageError(`--python must be an absolute path, got "${values.python}"`);
  if (values['allow-noisy'] !== undefined && values['allow-noisy'].trim() === '')
    throw new UsageError('--allow-noisy needs a reason, e.g. --allow-noisy "shared CI machine"');
  if (values.append && quick)
    throw new UsageError('--append adds a run to a committed dataset; --quick records none');
  const optional = (flag: string, text: string | undefined, rule: 'int>=0' | 'int>=1') =>
    text === undefined ? undefined : parseNumber(flag, text, 0, rule);
  if (values['pg-bin'] !== undefined && !values['pg-bin'].startsWith('/'))
    throw new UsageError(`--pg-bin must be an absolute path, got "${values['pg-bin']}"`);
  const pgPort = parseNumber('--pg-port', values['pg-port'], 0, 'int>=1');
  if (pgPort > 65_535) throw new UsageError(`--pg-port must be at most 65535, got "${pgPort}"`);
  const pgReadyS = parseNumber('--pg-ready-timeout', values['pg-ready-timeout'], 60, 'int>=0');
  return {
    scenarios:
      quick && values.scenario === undefined
        ? ['quick']
        : (parseList(
            '--scenario',
            values.scenario,
            quick ? [...RECORDED_SCENARIO_IDS, ...QUICK_SCENARIO_IDS] : RECORDED_SCENARIO_IDS,
          ) ?? [...RECORDED_SCENARIO_IDS]),
    models: parseList(
      '--models',
      values.models,
      MODELS.map((m) => m.id),
    ),
    quick,
    out: values.out === undefined ? null : resolve(values.out),
    overwrite: values.overwrite ?? false,
    dryRun: values['dry-run'] ?? false,
    append: values.append ?? false,
    allowNoisy: values['allow-noisy']?.trim() ?? null,
    warmupS: optional('--warmup', values.warmup, 'int>=0'),
    durationS: optional('--duration', values.duration, 'int>=1'),
    repetitions: optional('--repetitions', values.repetitions, 'int>=1'),
    serverStarts: optional('--server-starts', values['server-starts'], 'int>=1'),
    serverCpus,
    clientCpus,
    python: values.python,
    rootfs: values.rootfs === undefined ? undefined : resolve(values.rootfs),
    seed: parseNumber('--seed', values.seed, Date.now() % 2 ** 31, 'int>=0'),
    wrkTimeoutS: parseNumber('--wrk-timeout', values['wrk-timeout'], 2, 'positive'),
    noiseThreshold: parseNumber('--noise-threshold', values['noise-threshold'], 0.1, 'fraction'),
    cpuProbeThreshold: parseNumber(
      '--cpu-probe-threshold',
      values['cpu-probe-threshold'],
      0.05,
      'fraction',
    ),
    noisyRetries: parseNumber('--noisy-retries', values['noisy-retries'], 0, 'int>=0'),
    workers:
      values.workers === undefined
        ? undefined
        : parseNumber('--workers', values.workers, 1, 'int>=1'),
    threads:
      values.threads === undefined
        ? undefined
        : parseNumber('--threads', values.threads, 1, 'int>=1'),
    nice: parseNice(values.nice),
    quietWaitS: parseNumber('--quiet-wait', values['quiet-wait'], 0, 'int>=0'),
    quietBudgetMin: parseNumber('--quiet-budget', values['quiet-budget'], 20, 'int>=0'),
    openLoopWarmupS: parseNumber(
      '--open-loop-warmup',
      values['open-loop-warmup'],
      quick ? 1 : OPEN_LOOP_DEFAULTS.warmupS,
      'positive',
    ),
    openLoopWindowS:
      values['open-loop-window'] === undefined && !quick
        ? null
        : parseNumber('--open-loop-window', values['open-loop-window'], 1, 'positive'),
    postgres: {
      ...(values['pg-bin'] === undefined ? {} : { binDir: values['pg-bin'] }),
      ...(pgPort === 0 ? {} : { port: pgPort }),
      readyTimeoutMs: pgReadyS * 1000,
    },
    help: values.help ?? false,
  };
}
