/**
 * The worker-model simulator's settings and its recorded points: the shapes shared by the
 * build (which collects the points from the chart data) and the page (which matches them
 * against the sliders). Plain data and pure functions only, so both sides and the unit tests
 * can import it.
 */
import type { ModelId } from '../../bench/schema.ts';

/** The models `worker-simulator.py` simulates, in the order it prints them. */
export const SIM_MODELS = ['sync', 'gthread', 'asyncio', 'gevent'] as const;
export type SimModel = (typeof SIM_MODELS)[number];

/** What the page calls each simulated model. */
export const SIM_MODEL_LABELS: Record<SimModel, string> = {
  sync: 'gunicorn sync',
  gthread: 'gunicorn gthread',
  asyncio: 'uvicorn (asyncio)',
  gevent: 'gunicorn gevent',
};

/**
 * The recorded server models each simulated model stands for, in order of preference:
 * uvicorn's loop runs on its own or as Gunicorn's worker class. Gunicorn's native `asgi`
 * worker is left out: its own HTTP code is not what the asyncio model describes.
 */
export const RECORDED_MODELS: Record<SimModel, readonly ModelId[]> = {
  sync: ['gunicorn-sync'],
  gthread: ['gunicorn-gthread'],
  asyncio: ['uvicorn', 'gunicorn-uvicorn-worker'],
  gevent: ['gunicorn-gevent'],
};

/** The experiment the sliders describe; each key is also a `PARAMS` key of the Python. */
export interface SimSettings {
  /** Wait per request, ms. */
  io_ms: number;
  /** CPU work per request, ms. */
  cpu_ms: number;
  /** Closed-loop client connections. */
  connections: number;
  /** Processes of the Gunicorn models (sync, gthread, gevent). */
  workers: number;
  /** Threads per gthread worker. */
  threads: number;
  /** uvicorn processes, one event loop each. */
  loops: number;
  /** Server CPUs. */
  cores: number;
  /** Database connections per process, held for the wait; 0: no pool. */
  pool: number;
}

/** One recorded median, with the spread over its repetitions. */
export interface RecordedValue {
  median: number;
  min: number;
  max: number;
}

/** A dataset point that one simulated model can be compared with. */
export interface RecordedPoint {
  model: SimModel;
  /** The server model that was measured, e.g. `gunicorn-uvicorn-worker`. */
  recordedModel: ModelId;
  /** The settings under which it was measured (only the ones that matter for `model`). */
  io_ms: number;
  cpu_ms: number;
  connections: number;
  processes: number;
  threads: number;
  cores: number;
  /** Its pool of database connections per process (0: none). */
  pool: number;
  /** Slider settings that reproduce the whole recorded configuration (a preset). */
  preset: SimSettings;
  /** The chart that shows it, and that chart's permalink (with the site's base path). */
  chart: string;
  href: string;
  dataset: string;
  pointId: string;
  noisy: boolean;
  /** Medians in req/s and ms; null where that chart does not offer the metric. */
  throughput: RecordedValue;
  p50: RecordedValue | null;
  p99: RecordedValue | null;
  /**
   * Answers 200 per second, where the harness counted answers by status (the database
   * endpoints): the throughput without the errors a pool timeout or the database caused.
   */
  okThroughput: RecordedValue | null;
}

/** How many processes and threads a model runs under the given settings. */
export function shapeOf(model: SimModel, s: SimSettings): { processes: number; threads: number } {
  return {
    processes: model === 'asyncio' ? s.loops : s.workers,
    threads: model === 'gthread' ? s.threads : 1,
  };
}

/** The recorded point for exactly these settings, if the datasets have one. */
export function findRecorded(
  points: readonly RecordedPoint[],
  model: SimModel,
  s: SimSettings,
): RecordedPoint | undefined {
  const { processes, threads } = shapeOf(model, s);
  return points.find(
    (p) =>
      p.model === model &&
      p.io_ms === s.io_ms &&
      p.cpu_ms === s.cpu_ms &&
      p.connections === s.connections &&
      p.cores === s.cores &&
      p.processes === processes &&
      p.threads === threads &&
      p.pool === s.pool,
  );
}

/**
 * The model's recorded point closest to the settings: waits and CPU compared in steps of
 * 50 ms and 5 ms (the recorded values), counts by how many doublings apart they are.
 */
export function findNearest(
  points: readonly RecordedPoint[],
  model: SimModel,
  s: SimSettings,
): RecordedPoint | undefined {
  const { processes, threads } = shapeOf(model, s);
  const doublings = (a: number, b: number) => Math.abs(Math.log2(a / b));
  const distance = (p: RecordedPoint) =>
    Math.abs(p.io_ms - s.io_ms) / 50 +
    Math.abs(p.cpu_ms - s.cpu_ms) / 5 +
    doublings(p.connections, s.connections) +
    doublings(p.processes, processes) +
    doublings(p.threads, threads) +
    doublings(p.cores, s.cores) +
    doublings(p.pool + 1, s.pool + 1);
  let best: RecordedPoint | undefined;
  for (const point of points) {
    if (point.model !== model) continue;
    if (!best || distance(point) < distance(best)) best = point;
  }
  return best;
}

/** Short words for a point's settings, e.g. `64 connections, 50 ms wait, 3 workers`. */
export function describeSettings(point: RecordedPoint): string {
  const work =
    point.io_ms || point.cpu_ms
      ? [point.io_ms && `${point.io_ms} ms wait`, point.cpu_ms && `${point.cpu_ms} ms CPU`]
          .filter(Boolean)
          .join(' + ')
      : 'no wait, no CPU';
  const shape =
    point.model === 'gthread'
      ? `${count(point.processes, 'worker')} × ${count(point.threads, 'thread')}`
      : count(point.processes, point.model === 'asyncio' ? 'loop' : 'worker');
  const pool = point.pool ? `, a pool of ${point.pool}` : '';
  return `${count(point.connections, 'connection')}, ${work}, ${shape}${pool}`;
}

/** `1 worker`, `3 workers`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** One preset per recorded configuration, in dataset order, for the "recorded points" menu. */
export function listPresets(
  points: readonly RecordedPoint[],
): { key: string; dataset: string; label: string; settings: SimSettings }[] {
  const presets = new Map<string, { dataset: string; label: string; settings: SimSettings }>();
  for (const point of points) {
    const s = point.preset;
    const key = presetKey(s);
    if (presets.has(key)) continue;
    const work = s.io_ms || s.cpu_ms ? `${s.io_ms} ms wait, ${s.cpu_ms} ms CPU` : 'no wait, no CPU';
    presets.set(key, {
      dataset: point.dataset,
      label: `${count(s.connections, 'connection')}, ${count(s.workers, 'worker')} × ${count(s.threads, 'thread')}, ${count(s.loops, 'loop')}${s.pool ? `, a pool of ${s.pool} per process` : ''} (${work})`,
      settings: s,
    });
  }
  return [...presets.entries()].map(([key, preset]) => ({ key, ...preset }));
}

/** A stable key for a full set of settings. */
export function presetKey(s: SimSettings): string {
  return [s.io_ms, s.cpu_ms, s.connections, s.workers, s.threads, s.loops, s.cores, s.pool].join(
    '/',
  );
}
