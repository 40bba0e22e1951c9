/**
 * What a scenario is (one file a scenario in this folder, named after its dataset id) and the
 * point builders scenarios share. Each scenario becomes one dataset; points that share a server
 * configuration are measured on one server start, beside the services the scenario needs.
 */
import type { DatasetEntry } from '../../src/bench/catalog.ts';
import type { Endpoint, ModelId, ScenarioKind } from '../../src/bench/schema.ts';
import type { DbPointFields } from '../system/db-apps.ts';
import type { GroupSpec } from '../system/group.ts';
import type { PostgresRunOptions } from '../system/postgres-group.ts';
import type { ModelSpec } from '../system/models.ts';

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
  /** The database's command-line options (`--pg-bin`, `--pg-port`, `--pg-ready-timeout`). */
  postgres?: PostgresRunOptions | undefined;
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
    workers: ctx.workers ?? model.defaultWorkers(ctx.serverCpuCount),
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
