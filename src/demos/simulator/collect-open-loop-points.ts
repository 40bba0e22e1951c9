/**
 * The recorded open-loop points the simulator's open loop can be compared with, read straight
 * from a dataset (no chart shows an open-loop dataset yet, so `collect-recorded-points.ts`,
 * which reads charts, cannot see them): for each, the `simulate_open` arguments that replay the
 * recording's load and server, and what the recording measured. Pure, so the comparison test
 * and, later, the page can use it.
 */
import { toEndpointWork } from '../../bench/endpoints.ts';
import type { Capacity } from '../../bench/open-loop-schema.ts';
import type { BenchDataset, BenchPoint, ModelId } from '../../bench/schema.ts';
import { computeMedian } from '../../bench/stats.ts';
import { RECORDED_MODELS, SIM_MODELS, type SimModel } from './simulator-settings.ts';

/** Keyword arguments of `simulate_open` (worker-simulator.py), overhead left to the caller. */
export interface OpenLoopArgs {
  model: SimModel;
  io_ms: number;
  cpu_ms: number;
  rate_rps: number;
  workers: number;
  threads: number;
  cores: number;
  arrival: 'constant' | 'poisson';
  warmup_ms: number;
  window_ms: number;
  timeout_ms: number;
  connections: number;
  pool: number;
}

/** What a recorded open-loop point measured, over all its repetitions. */
export interface RecordedOpenLoop {
  /** Medians over the repetitions, req/s. */
  offeredRps: number;
  achievedRps: number;
  /** From the intended send time, every repetition's requests together, ms; null: none answered. */
  p50Ms: number | null;
  p99Ms: number | null;
  /** Shares of the scheduled requests (all repetitions): timed out, and unanswered at the window's end. */
  timeoutShare: number;
  outstandingShare: number;
}

/** One recorded open-loop point beside the arguments that replay it. */
export interface OpenLoopPointCase {
  dataset: string;
  pointId: string;
  recordedModel: ModelId;
  /** The offered rate as a share of `capacity.rps`, and where that capacity came from. */
  share: number;
  capacityFrom: Capacity['from'];
  args: OpenLoopArgs;
  recorded: RecordedOpenLoop;
}

function toSimModel(model: ModelId): SimModel | undefined {
  return SIM_MODELS.find((m) => RECORDED_MODELS[m].includes(model));
}

function readRecorded(point: BenchPoint): RecordedOpenLoop | undefined {
  const reps = point.repetitions.flatMap((r) => (r.openLoop ? [r.openLoop] : []));
  const scheduled = reps.reduce((sum, r) => sum + r.scheduled, 0);
  if (!point.openLoop || reps.length === 0 || scheduled === 0) return undefined;
  return {
    offeredRps: computeMedian(reps.map((r) => r.offeredRps)),
    achievedRps: computeMedian(reps.map((r) => r.achievedRps)),
    p50Ms: point.openLoop.latencyMs.p50,
    p99Ms: point.openLoop.latencyMs.p99,
    timeoutShare: reps.reduce((sum, r) => sum + r.errors.timeout, 0) / scheduled,
    outstandingShare: reps.reduce((sum, r) => sum + r.outstandingAtEnd, 0) / scheduled,
  };
}

/**
 * Every open-loop point of `dataset` whose server the simulator models (sync, gthread, an
 * asyncio loop, gevent) on an endpoint it can express as a wait plus CPU work, in dataset
 * order. The load (warm-up, window, timeout, connection cap) is the first repetition's: a
 * point's repetitions share it.
 */
export function collectOpenLoopPoints(dataset: BenchDataset): OpenLoopPointCase[] {
  const cases: OpenLoopPointCase[] = [];
  for (const point of dataset.points) {
    const load = point.openLoop;
    const first = point.repetitions[0];
    const model = toSimModel(point.model);
    const work = toEndpointWork(point.endpoint, point.endpointMs);
    const recorded = readRecorded(point);
    const capacity = dataset.capacities?.find((c) => c.id === load?.capacityId);
    if (!load || !first?.openLoop || !model || !work || !recorded || !capacity) continue;
    cases.push({
      dataset: dataset.id,
      pointId: point.id,
      recordedModel: point.model,
      share: load.share,
      capacityFrom: capacity.from,
      args: {
        model,
        io_ms: work.ioMs,
        cpu_ms: work.cpuMs,
        rate_rps: load.rateRps,
        workers: point.workers,
        threads: point.threads,
        cores: dataset.environment.serverCpus.length,
        arrival: load.arrival,
        warmup_ms: 1000 * first.openLoop.warmupS,
        window_ms: 1000 * first.durationS,
        timeout_ms: 1000 * first.openLoop.timeoutS,
        connections: first.openLoop.connections,
        pool: point.dbConnections === 'pool' ? (point.poolSize ?? 0) : 0,
      },
      recorded,
    });
  }
  return cases;
}
