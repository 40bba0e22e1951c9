/**
 * The catalog of benchmark datasets and server models: ids with the titles and labels people
 * read. The harness records one dataset per entry (its scenario of the same id), the chart
 * registry may only name these datasets, and the simulator compares itself with the ones
 * marked `simulated`.
 */
import { CPU_MS, IO_MS } from './endpoints.ts';
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
   * Recorded, but no chart shows it yet (its charts are still to be written), so the chart
   * registry need not name it.
   */
  awaitingCharts?: boolean;
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
    id: 'open-loop',
    kind: 'open-loop',
    title: 'Open-loop load: latency against the offered rate',
    simulated: false,
    awaitingCharts: true,
  },
  {
    id: 'closed-vs-open',
    kind: 'closed-vs-open',
    title: 'Closed loop versus open loop at the same rate',
    simulated: false,
    awaitingCharts: true,
  },
] as const satisfies readonly DatasetEntry[];

export type DatasetId = (typeof DATASETS)[number]['id'];

/** Every dataset id. */
export const DATASET_IDS: readonly DatasetId[] = DATASETS.map((d) => d.id);

/** The datasets the chart registry must show (all but those awaiting their charts). */
export const CHARTED_DATASET_IDS: readonly DatasetId[] = DATASETS.filter(
  (d: DatasetEntry) => !d.awaitingCharts,
).map((d) => d.id);

/** The datasets the simulator describes. */
export const SIMULATED_DATASET_IDS: readonly DatasetId[] = DATASETS.filter((d) => d.simulated).map(
  (d) => d.id,
);

/** The catalog entry of a dataset id; throws, naming the known ids, for any other. */
export function findDataset(id: string): DatasetEntry {
  const entry = DATASETS.find((d) => d.id === id);
  if (!entry)
    throw new Error(`unknown dataset ${JSON.stringify(id)}; known: ${DATASET_IDS.join(', ')}`);
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
};
