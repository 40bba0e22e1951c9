/**
 * What a scenario is (one file a scenario in this folder, named after its dataset id) and the
 * point builders scenarios share. Each scenario becomes one dataset; points that share a server
 * configuration are measured on one server start, beside the services the scenario needs.
 */
import type { DatasetEntry } from '../../src/bench/catalog.ts';
import type {
  Arrival,
  Endpoint,
  ModelId,
  ScenarioKind,
  ServerLimits,
  ServerOptions,
  WorkersRule,
} from '../../src/bench/schema.ts';
import type { DbPointFields } from '../system/db-apps.ts';
import type { GroupSpec } from '../system/group.ts';
import type { PostgresRunOptions } from '../system/postgres-group.ts';
import type { ModelSpec } from '../system/models.ts';
import { countGunicornWorkers } from '../system/worker-counts.ts';

/**
 * Parameters of one point before it is measured. A database scenario's point also names its
 * app and how it reaches the database (`app`, `driver`, `poolSize`, ...; see db-apps.ts).
 */
export interface PointSpec extends Partial<DbPointFields> {
  model: ModelId;
  endpoint: Endpoint;
  endpointMs: number;
  concurrency: number;
  workers: number;
  threads: number;
  slowClients: number;
  /** How `workers` was chosen (the cpu-limits scenario); the server checks it where it can. */
  workersRule?: WorkersRule;
  /** Run the server in a cgroup with these limits (and /proc, /sys mounted); absent: no cgroup. */
  limits?: ServerLimits;
  /** Server settings beyond workers and threads; absent: the server's defaults. */
  options?: ServerOptions;
  /**
   * Count responses per worker process and per connection in every window (wrk's Lua response
   * callback: costs client CPU, so only the scenarios that investigate the spread ask for it).
   */
  countSpread?: boolean;
  /**
   * Open-loop load at an offered rate instead of wrk's closed loop; `concurrency` is then the
   * generator's connection cap. Absent: closed-loop wrk at `concurrency` connections.
   */
  openLoop?: OpenLoopSpec;
}

/**
 * Where the capacity an open-loop rate is a share of comes from, per server configuration and
 * endpoint. `estimateRps` (measured rules) is an assumed capacity for the start-of-run time
 * estimate only; the grid uses what is measured.
 */
export type CapacityRule =
  /** Known from the configuration alone, e.g. Little's law for a request that holds its slot. */
  | { from: 'configuration'; rps: number; why: string }
  /** One closed-loop wrk run at `concurrency` at the start of the server configuration. */
  | { from: 'probe'; concurrency: number; estimateRps: number }
  /** The median throughput of this configuration's closed-loop point at `concurrency`. */
  | { from: 'point'; concurrency: number; estimateRps: number };

/** An open-loop point's load: `share` of a capacity, sent with these arrivals. */
export interface OpenLoopSpec {
  arrival: Arrival;
  /** Share of the capacity offered (1 = at capacity). */
  share: number;
  capacity: CapacityRule;
}

/** Inputs every scenario builder needs. */
export interface ScenarioContext {
  /** Models available on the target and selected with --models. */
  models: readonly ModelSpec[];
  serverCpuCount: number;
  /** `--workers`: replaces each model's default worker count where a scenario does not sweep it. */
  workers?: number | undefined;
  /** `--threads`: replaces gthread's default thread count where a scenario does not sweep it. */
  threads?: number | undefined;
  /**
   * CPUs online on the machine (the node), which is what Python's CPU counts report inside a
   * container; absent (tests): the server CPU count.
   */
  machineCpuCount?: number | undefined;
  /** The database's command-line options (`--pg-bin`, `--pg-port`, `--pg-ready-timeout`). */
  postgres?: PostgresRunOptions | undefined;
}

/**
 * Recording settings a scenario needs beside the defaults (harness/run/settings.ts): longer
 * windows for CPU-bound points, whose throughput moves more between windows; several server
 * starts where what happens at start (which worker accepts which connection) matters. Flags
 * given on the command line win.
 */
export interface ScenarioSettings {
  warmupS?: number;
  durationS?: number;
  repetitions?: number;
  serverStarts?: number;
}

/** One scenario, as its file in harness/scenarios/ defines it. */
export interface ScenarioDefinition {
  /** Its dataset id and file name (`sweep-io` lives in `sweep-io.ts`). */
  id: string;
  /**
   * Kind and title of a scenario that records no committed dataset (the quick smoke runs); the
   * others take theirs from the catalog entry of the same id (src/bench/catalog.ts).
   */
  entry?: DatasetEntry;
  /** What the dataset shows and how it was made, one paragraph (stored in the dataset). */
  description: string;
  /**
   * The services the server under test needs (a database, a pooler), started in this order
   * before the first server and stopped after the last; none by default.
   */
  services?(ctx: ScenarioContext): GroupSpec[];
  /** Its own recording settings; the defaults otherwise. */
  settings?: ScenarioSettings;
  /** The points to measure. */
  build(ctx: ScenarioContext): PointSpec[];
}

/** One dataset to record: a scenario built for this run's models and CPUs. */
export interface ScenarioSpec {
  id: string;
  kind: ScenarioKind;
  title: string;
  description: string;
  services: GroupSpec[];
  settings: ScenarioSettings;
  points: PointSpec[];
}

/** Connection counts of the concurrency sweeps. */
export const SWEEP = [1, 4, 16, 64, 256];

/** A point of `model` with its default workers and threads unless `point` says otherwise. */
export function withDefaults(
  model: ModelSpec,
  ctx: ScenarioContext,
  point: Partial<PointSpec> & Pick<PointSpec, 'endpoint' | 'concurrency'>,
): PointSpec {
  return {
    model: model.id,
    endpointMs: 0,
    // `--workers` applies up to what the model can run (Daphne: one process).
    workers: Math.min(
      ctx.workers ?? model.defaultWorkers(ctx.serverCpuCount),
      model.maxWorkers ?? Infinity,
    ),
    threads: model.usesThreads
      ? (ctx.threads ?? model.defaultThreads(ctx.serverCpuCount))
      : model.defaultThreads(ctx.serverCpuCount),
    slowClients: 0,
    ...point,
  };
}

/** The models the general scenarios compare: one per server model, no option variants. */
export const selectMainModels = (ctx: ScenarioContext): readonly ModelSpec[] =>
  ctx.models.filter((m) => !m.variantOf);

/** Every model (the main ones by default) at its defaults, at each connection count. */
export function buildSweep(
  ctx: ScenarioContext,
  endpoint: Endpoint,
  endpointMs: number,
  levels: readonly number[],
  models = selectMainModels(ctx),
): PointSpec[] {
  return models.flatMap((model) =>
    levels.map((concurrency) => withDefaults(model, ctx, { endpoint, endpointMs, concurrency })),
  );
}

/** The models whose advised worker count is not Gunicorn's general formula (worker-counts.ts). */
const ASGI_UNDER_GUNICORN = ['gunicorn-uvicorn-worker', 'gunicorn-asgi'];

/**
 * The equal-worker-count variant of a sweep: Gunicorn's two ASGI worker classes at Gunicorn's
 * general `(2 × cores) + 1`, the count every Gunicorn model ran before issue 14, instead of the
 * one per core its ASGI guide advises. sync, gthread and gevent run that count in the main
 * sweeps already, so with them a variant dataset is the old comparison at equal counts.
 */
export function buildEqualWorkerSweep(
  ctx: ScenarioContext,
  endpoint: Endpoint,
  endpointMs: number,
  levels: readonly number[],
): PointSpec[] {
  const workers = ctx.workers ?? countGunicornWorkers(ctx.serverCpuCount);
  return ctx.models
    .filter((m) => ASGI_UNDER_GUNICORN.includes(m.id))
    .flatMap((model) =>
      levels.map((concurrency) =>
        withDefaults(model, ctx, { endpoint, endpointMs, concurrency, workers }),
      ),
    );
}

/** The sentence every equal-worker-count variant's description ends with. */
export const EQUAL_WORKERS_NOTE =
  "Gunicorn's uvicorn worker class and its native asgi worker run Gunicorn's general (2 x cores) + 1 workers, the count the other Gunicorn models run, instead of the one per core Gunicorn's ASGI guide advises: the equal-count variant of the main sweep, whose dataset holds the other models.";

/** Windows of the CPU-bound scenarios, s: their throughput moved 16-80 % between 3 s windows. */
export const CPU_BOUND_WINDOW_S = 10;
