/**
 * The scenarios of bench-data/README.md as grids of points. Each scenario becomes one dataset
 * file; points that share a server configuration are measured on one server start.
 */
import { findDataset, type DatasetEntry, type DatasetId } from '../../src/bench/catalog.ts';
import { CPU_MS, IO_MS } from '../../src/bench/endpoints.ts';
import type { Endpoint, ModelId, ScenarioKind } from '../../src/bench/schema.ts';
import type { ModelSpec } from './models.ts';

/** Parameters of one point before it is measured. */
export interface PointSpec {
  model: ModelId;
  endpoint: Endpoint;
  endpointMs: number;
  concurrency: number;
  workers: number;
  threads: number;
  slowClients: number;
}

/** One dataset to record. */
export interface ScenarioSpec {
  id: string;
  kind: ScenarioKind;
  title: string;
  description: string;
  points: PointSpec[];
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
}

const SWEEP = [1, 4, 16, 64, 256];
/** The concurrency of the workers/threads scenario: enough clients to fill 32 workers x 4 threads. */
const WORKERS_THREADS_CONCURRENCY = 128;
const SLOW_CLIENTS = 64;
const SLOW_SCENARIO_CONCURRENCY = 16;
const MEMORY_WORKERS = [1, 2, 4, 8];
const MEMORY_CONCURRENCY = 64;

function withDefaults(
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
const mainModels = (ctx: ScenarioContext): readonly ModelSpec[] =>
  ctx.models.filter((m) => !m.variantOf);

function buildSweep(
  ctx: ScenarioContext,
  endpoint: Endpoint,
  endpointMs: number,
  levels: number[],
  models = mainModels(ctx),
): PointSpec[] {
  return models.flatMap((model) =>
    levels.map((concurrency) => withDefaults(model, ctx, { endpoint, endpointMs, concurrency })),
  );
}

function buildWorkersThreads(ctx: ScenarioContext): PointSpec[] {
  const base = {
    endpoint: 'io' as const,
    endpointMs: IO_MS,
    concurrency: WORKERS_THREADS_CONCURRENCY,
  };
  const points: PointSpec[] = [];
  for (const model of ctx.models) {
    if (model.id === 'gunicorn-sync') {
      for (const workers of [1, 2, 4, 8, 16, 32])
        points.push(withDefaults(model, ctx, { ...base, workers, threads: 1 }));
    }
    if (model.id === 'gunicorn-gthread') {
      const defaultWorkers = model.defaultWorkers(ctx.serverCpuCount);
      const defaultThreads = model.defaultThreads(ctx.serverCpuCount);
      // Two axes through the default configuration: workers at the default thread count,
      // threads at the default worker count.
      for (const workers of [1, 2, 4, 8, 16, 32])
        points.push(withDefaults(model, ctx, { ...base, workers, threads: defaultThreads }));
      for (const threads of [1, 2, 8, 16, 32]) {
        if (threads !== defaultThreads)
          points.push(withDefaults(model, ctx, { ...base, workers: defaultWorkers, threads }));
      }
    }
  }
  return points;
}

function buildBlocking(ctx: ScenarioContext): PointSpec[] {
  return ctx.models
    .filter((m) => m.id === 'uvicorn')
    .flatMap((model) =>
      (['io', 'block'] as const).flatMap((endpoint) =>
        SWEEP.map((concurrency) =>
          withDefaults(model, ctx, { endpoint, endpointMs: IO_MS, concurrency }),
        ),
      ),
    );
}

function buildSlowClients(ctx: ScenarioContext): PointSpec[] {
  return mainModels(ctx).flatMap((model) =>
    [0, SLOW_CLIENTS].map((slowClients) =>
      withDefaults(model, ctx, {
        endpoint: 'hello',
        concurrency: SLOW_SCENARIO_CONCURRENCY,
        slowClients,
      }),
    ),
  );
}

function buildMemory(ctx: ScenarioContext): PointSpec[] {
  return mainModels(ctx).flatMap((model) =>
    MEMORY_WORKERS.map((workers) =>
      withDefaults(model, ctx, {
        endpoint: 'io',
        endpointMs: IO_MS,
        concurrency: MEMORY_CONCURRENCY,
        workers,
      }),
    ),
  );
}

/** The tiny real subset `--quick` records: one sync worker (Little's law check) and one uvicorn. */
function buildQuick(ctx: ScenarioContext): PointSpec[] {
  const points: PointSpec[] = [];
  for (const model of ctx.models.filter((m) => m.id === 'gunicorn-sync' || m.id === 'uvicorn')) {
    points.push(withDefaults(model, ctx, { endpoint: 'hello', concurrency: 4, workers: 1 }));
    points.push(
      withDefaults(model, ctx, { endpoint: 'io', endpointMs: IO_MS, concurrency: 4, workers: 1 }),
    );
  }
  return points;
}

/** A scenario's own part; its kind and title come from the catalog entry of the same id. */
interface Builder {
  id: DatasetId | 'quick';
  description: string;
  build(ctx: ScenarioContext): PointSpec[];
}

const SCENARIOS: readonly Builder[] = [
  {
    id: 'sweep-hello',
    description:
      'Every model at its default worker count serving a small JSON answer as the number of closed-loop wrk connections grows: the per-request overhead of HTTP parsing, the worker model and keep-alive (gunicorn sync closes every connection).',
    build: (ctx) => buildSweep(ctx, 'hello', 0, SWEEP),
  },
  {
    id: 'sweep-io',
    description: `Every model at its default worker count on a request that waits ${IO_MS} ms (time.sleep under WSGI, patched by gevent under the gevent worker, asyncio.sleep under ASGI). Sync throughput caps at workers x ${1000 / IO_MS} req/s (Little's law); gevent and async keep scaling with connections.`,
    build: (ctx) => buildSweep(ctx, 'io', IO_MS, [...SWEEP, 1024]),
  },
  {
    id: 'sweep-cpu',
    description: `Every model at its default worker count on a request that burns ${CPU_MS} ms of pure-Python CPU (calibrated per environment). No model beats the CPU count: throughput caps near cores x ${1000 / CPU_MS} req/s, and latency grows with queueing.`,
    build: (ctx) => buildSweep(ctx, 'cpu', CPU_MS, SWEEP),
  },
  {
    id: 'workers-threads',
    description: `Throughput and memory (PSS of the whole process tree) of gunicorn sync and gthread as workers (1 to 32) and threads grow, on io?ms=${IO_MS} at ${WORKERS_THREADS_CONCURRENCY} connections. Each slot (worker x thread) adds ${1000 / IO_MS} req/s until the clients or the CPU run out; each worker adds memory, each thread little.`,
    build: buildWorkersThreads,
  },
  {
    id: 'blocking-loop',
    description: `uvicorn at its default worker count on io (await asyncio.sleep(${IO_MS} ms)) versus block (time.sleep(${IO_MS} ms) inside async def) as connections grow. The blocking handler serializes each worker: throughput stays at workers x ${1000 / IO_MS} req/s and latency grows with the queue.`,
    build: buildBlocking,
  },
  {
    id: 'slow-clients',
    description: `Every model at its default worker count serving hello to ${SLOW_SCENARIO_CONCURRENCY} normal wrk connections, without and with ${SLOW_CLIENTS} slow connections that trickle request headers and never finish them. Workers that read requests themselves (sync, gthread threads) are tied up; event loops and greenlets are not. Hence gunicorn's advice to run sync workers behind a buffering proxy.`,
    build: buildSlowClients,
  },
  {
    id: 'uvicorn-loops',
    description:
      "uvicorn at its default worker count on hello as connections grow, twice: with its defaults (--loop auto --http auto, which pick uvloop and httptools when they are installed, as with 'uvicorn[standard]') and with --loop asyncio --http h11, what a plain 'pip install uvicorn' runs. The worker model is the same; only the cost of each loop turn and of parsing differs.",
    build: (ctx) =>
      buildSweep(
        ctx,
        'hello',
        0,
        SWEEP,
        ctx.models.filter((m) => m.id === 'uvicorn' || m.variantOf === 'uvicorn'),
      ),
  },
  {
    id: 'memory',
    description: `PSS of the whole server process tree (from /proc/PID/smaps_rollup, so pages shared by forked workers are counted once) for every model and ${MEMORY_WORKERS.join(', ')} workers: at rest just after start and before each repetition, and under load on io?ms=${IO_MS} at ${MEMORY_CONCURRENCY} connections. RSS is kept beside it to show how it double-counts.`,
    build: buildMemory,
  },
];

/** Not a committed dataset, so not in the catalog. */
const QUICK_ENTRY: DatasetEntry = {
  id: 'quick',
  kind: 'concurrency-sweep',
  title: 'Quick smoke recording',
  simulated: false,
};

const QUICK: Builder = {
  id: 'quick',
  description:
    'A tiny real subset for tests: one gunicorn sync worker and one uvicorn process on hello and io?ms=50 at 4 connections.',
  build: buildQuick,
};

export const SCENARIO_IDS = SCENARIOS.map((s) => s.id);

/** Build the named scenarios (or the quick one) for the given context; drops empty ones. */
export function buildScenarios(ids: readonly string[], ctx: ScenarioContext): ScenarioSpec[] {
  return ids
    .map((id) => {
      const builder = id === 'quick' ? QUICK : SCENARIOS.find((s) => s.id === id);
      if (!builder)
        throw new Error(
          `unknown scenario ${JSON.stringify(id)}; known: ${SCENARIO_IDS.join(', ')}`,
        );
      const { kind, title } = id === 'quick' ? QUICK_ENTRY : findDataset(id);
      return { id, kind, title, description: builder.description, points: builder.build(ctx) };
    })
    .filter((s) => s.points.length > 0);
}
