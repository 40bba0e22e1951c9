/**
 * The catalog of benchmark datasets and server models: ids with the titles and labels people
 * read. The harness records one dataset per entry (its scenario of the same id), the chart
 * registry may only name the charted datasets (`DATASETS`), and the simulator compares itself
 * with the ones marked `simulated`. Datasets the harness records that no chart shows yet are in
 * `PENDING_DATASETS`; an entry moves to `DATASETS` with its first chart.
 */
import { CPU_MS, IO_MS, SLOW_QUERY_MS } from './endpoints.ts';
import type { ModelId, ScenarioKind } from './schema.ts';

/** One dataset the harness records (`bench-data/<id>.json`). */
export interface DatasetEntry {
  /** Dataset and scenario id. */
  id: string;
  /** Which kind of experiment. */
  kind: ScenarioKind;
  /** Title, stored in the dataset and shown with it. */
  title: string;
  /**
   * Whether the worker-model simulator describes its experiment: one endpoint under closed-loop
   * wrk, models it simulates.
   */
  simulated: boolean;
  /**
   * A labelled variant of another dataset: the same experiment run another way (e.g. every
   * Gunicorn model at the same worker count instead of each at its documentation's count).
   */
  variantOf?: string;
  /** What the variant changes, for a legend or a subtitle. */
  variantLabel?: string;
}

/** Every dataset, in the order `npm run bench` records them. */
export const DATASETS = [
  {
    id: 'sweep-hello',
    kind: 'concurrency-sweep',
    title: 'Concurrency sweep: hello (small JSON)',
    simulated: true,
  },
  {
    id: 'sweep-io',
    kind: 'concurrency-sweep',
    title: `Concurrency sweep: io (${IO_MS} ms wait)`,
    simulated: true,
  },
  {
    id: 'sweep-cpu',
    kind: 'concurrency-sweep',
    title: `Concurrency sweep: cpu (${CPU_MS} ms of pure Python)`,
    simulated: true,
  },
  {
    id: 'sweep-hello-equal-workers',
    kind: 'concurrency-sweep',
    title: "Concurrency sweep: hello, Gunicorn's ASGI workers at 2 x cores + 1",
    simulated: false,
    variantOf: 'sweep-hello',
    variantLabel: 'every Gunicorn model at 2 x cores + 1 workers',
  },
  {
    id: 'sweep-io-equal-workers',
    kind: 'concurrency-sweep',
    title: `Concurrency sweep: io (${IO_MS} ms wait), Gunicorn's ASGI workers at 2 x cores + 1`,
    simulated: false,
    variantOf: 'sweep-io',
    variantLabel: 'every Gunicorn model at 2 x cores + 1 workers',
  },
  {
    id: 'sweep-cpu-equal-workers',
    kind: 'concurrency-sweep',
    title: `Concurrency sweep: cpu (${CPU_MS} ms), Gunicorn's ASGI workers at 2 x cores + 1`,
    simulated: false,
    variantOf: 'sweep-cpu',
    variantLabel: 'every Gunicorn model at 2 x cores + 1 workers',
  },
  {
    id: 'workers-threads',
    kind: 'workers-threads',
    title: 'Workers and threads: sync and gthread on io',
    simulated: true,
  },
  {
    id: 'blocking-loop',
    kind: 'blocking-loop',
    title: 'Blocking the event loop: uvicorn io versus block',
    simulated: false,
  },
  {
    id: 'slow-clients',
    kind: 'slow-clients',
    title: 'Slow clients: 64 Slowloris connections',
    simulated: false,
  },
  {
    id: 'uvicorn-loops',
    kind: 'concurrency-sweep',
    title: 'uvicorn: uvloop and httptools versus asyncio and h11',
    simulated: false,
  },
  { id: 'memory', kind: 'memory', title: 'Memory at rest and under load', simulated: false },
  {
    id: 'db-frameworks',
    kind: 'concurrency-sweep',
    title: 'Flask, Django and FastAPI on PostgreSQL: one indexed lookup per request',
    simulated: false,
  },
  {
    id: 'db-pool',
    kind: 'pool-sweep',
    title: `A ${SLOW_QUERY_MS} ms query and the connection pool: pool size per process against max_connections`,
    simulated: true,
  },
  {
    id: 'db-mistakes',
    kind: 'concurrency-sweep',
    title: "Mistakes: a sync driver inside async def, Django's sync views under ASGI",
    simulated: false,
  },
  {
    id: 'db-pgbouncer',
    kind: 'pgbouncer',
    title: 'PgBouncer in transaction mode: more app connections than the database admits',
    simulated: false,
  },
  {
    id: 'open-loop',
    kind: 'open-loop',
    title: 'Open-loop load: latency against the offered rate',
    simulated: false,
  },
  {
    id: 'open-loop-db',
    kind: 'open-loop',
    title:
      'Open-loop load on PostgreSQL: Flask, Django and FastAPI, latency against the offered rate',
    simulated: false,
  },
  {
    id: 'closed-vs-open',
    kind: 'closed-vs-open',
    title: 'Closed loop versus open loop at the same rate',
    simulated: false,
  },
  {
    id: 'cpu-limits',
    kind: 'cpu-limits',
    title: 'CPU limits: CFS quotas and the worker counts people pick',
    simulated: false,
  },
  {
    id: 'framework-memory',
    kind: 'framework-memory',
    title: 'Memory per worker with Flask, Django and FastAPI loaded',
    simulated: false,
  },
  {
    id: 'memory-limit',
    kind: 'memory-limit',
    title: 'A memory limit: a leaking worker, OOM kills and max_requests',
    simulated: false,
  },
  {
    id: 'gunicorn-parsers',
    kind: 'concurrency-sweep',
    title: "Gunicorn's HTTP parsers: gunicorn_h1c versus pure Python, on hello",
    simulated: false,
  },
  {
    id: 'gthread-spread',
    kind: 'request-spread',
    title: `gthread on io (${IO_MS} ms wait): how connections and requests spread over workers`,
    simulated: false,
  },
  {
    id: 'gevent-spread',
    kind: 'request-spread',
    title: `gevent on io (${IO_MS} ms wait): how connections and requests spread over workers`,
    simulated: false,
  },
] as const satisfies readonly DatasetEntry[];

/**
 * Datasets the harness records that no chart shows yet. `npm run bench` records them with the
 * others; the chart registry may name them once an entry moves to `DATASETS`.
 */
export const PENDING_DATASETS: readonly DatasetEntry[] = [];

export type DatasetId = (typeof DATASETS)[number]['id'];

/** Every charted dataset id. */
export const DATASET_IDS: readonly DatasetId[] = DATASETS.map((d) => d.id);

/** Every dataset the harness records: the charted ones, then the pending ones. */
export const RECORDED_DATASET_IDS: readonly string[] = [
  ...DATASET_IDS,
  ...PENDING_DATASETS.map((d) => d.id),
];

/** The datasets the simulator describes. */
export const SIMULATED_DATASET_IDS: readonly DatasetId[] = DATASETS.filter((d) => d.simulated).map(
  (d) => d.id,
);

/** The catalog entry of a recorded dataset id; throws, naming the known ids, for any other. */
export function findDataset(id: string): DatasetEntry {
  const entry = [...DATASETS, ...PENDING_DATASETS].find((d) => d.id === id);
  if (!entry)
    throw new Error(
      `unknown dataset ${JSON.stringify(id)}; known: ${RECORDED_DATASET_IDS.join(', ')}`,
    );
  return entry;
}

/** People's names for the server process models. */
export const MODEL_LABELS: Record<ModelId, string> = {
  'gunicorn-sync': 'gunicorn sync',
  'gunicorn-gthread': 'gunicorn gthread',
  'gunicorn-gevent': 'gunicorn gevent',
  uvicorn: 'uvicorn',
  'uvicorn-asyncio-h11': 'uvicorn --loop asyncio --http h11',
  'gunicorn-uvicorn-worker': 'gunicorn + UvicornWorker',
  'gunicorn-asgi': 'gunicorn asgi',
  'gunicorn-sync-python-parser': 'gunicorn sync, pure-Python parser',
  'gunicorn-gthread-python-parser': 'gunicorn gthread, pure-Python parser',
  'gunicorn-gevent-python-parser': 'gunicorn gevent, pure-Python parser',
  'gunicorn-asgi-python-parser': 'gunicorn asgi, pure-Python parser',
  'gunicorn-gthread-reuse-port': 'gunicorn gthread --reuse-port',
  'gunicorn-gevent-reuse-port': 'gunicorn gevent --reuse-port',
  hypercorn: 'Hypercorn',
  daphne: 'Daphne',
};
