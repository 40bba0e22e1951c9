/**
 * The recorder's open-loop steps for one server configuration: measure the capacities its
 * open-loop rates are shares of (probes first; closed-loop points are measured by the recorder
 * before), and sum a point's repetitions into its merged latency once they are all measured.
 */
import type { BenchRepetition, Capacity, OpenLoopPoint } from '../../src/bench/schema.ts';
import { summariseEncoded } from '../measure/open-loop/histogram.ts';
import type { OpenLoopReport } from '../measure/open-loop/report.ts';
import {
  deriveCapacity,
  describeCapacity,
  listMeasuredRules,
  toPointCapacity,
  toProbeCapacity,
  toReferencePoint,
  type OpenPointSpec,
} from './open-loop-plan.ts';
import { describePoint, type Attempt } from './run-task.ts';
import type { PointSpec } from '../scenarios/scenario.ts';

/** Measures one closed-loop repetition of a point (the recorder's task runner). */
export type MeasureClosed = (point: PointSpec) => Promise<Attempt>;

/**
 * Run the configuration's probes (one closed-loop wrk run per distinct probe rule, a second
 * if the first got no answer), before anything else is measured on the server. Returns the
 * probe capacities by id.
 */
export async function measureProbes(
  serverId: string,
  points: readonly OpenPointSpec[],
  measure: MeasureClosed,
  timing: { warmupS: number },
  log: (line: string) => void,
): Promise<Map<string, Capacity>> {
  const capacities = new Map<string, Capacity>();
  for (const [id, { rule, point }] of listMeasuredRules(serverId, points)) {
    if (rule.from !== 'probe') continue;
    const reference = toReferencePoint(point, rule.concurrency);
    let run = await measure(reference);
    if (!(run.throughputRps > 0)) {
      // A hiccup can leave a short probe with no answer inside its window: once more.
      log(`  capacity ${id}: the probe got no answer in its window; probing once more`);
      run = await measure(reference);
    }
    const capacity = toProbeCapacity(id, serverId, point, rule.concurrency, run, timing);
    capacities.set(id, capacity);
    log(`  capacity ${id}: ${capacity.rps.toFixed(1)} req/s (${capacity.why})`);
  }
  return capacities;
}

/**
 * Every capacity the configuration's open-loop points need, once its probes and closed-loop
 * points are measured: derived from the configuration, probed, or a closed point's median.
 */
export function resolveCapacities(
  serverId: string,
  points: readonly OpenPointSpec[],
  probes: ReadonlyMap<string, Capacity>,
  closedRepetitions: (pointId: string) => readonly BenchRepetition[] | undefined,
): Map<string, Capacity> {
  const capacities = new Map<string, Capacity>();
  for (const point of points) {
    const id = describeCapacity(serverId, point);
    if (capacities.has(id)) continue;
    const rule = point.openLoop.capacity;
    if (rule.from === 'point') {
      const pointId = describePoint(toReferencePoint(point, rule.concurrency));
      const reps = closedRepetitions(pointId);
      if (!reps)
        throw new Error(
          `open-loop point ${describePoint(point)} takes its rate from closed-loop point ${pointId}, which the scenario does not measure`,
        );
      capacities.set(id, toPointCapacity(id, serverId, point, pointId, reps));
      continue;
    }
    const capacity = deriveCapacity(id, serverId, point) ?? probes.get(id);
    if (!capacity) throw new Error(`capacity ${id} was never probed`);
    capacities.set(id, capacity);
  }
  return capacities;
}

/** One repetition's histograms as the generator reported them. */
export type RunHistograms = OpenLoopReport['histograms'];

/**
 * A point's open-loop summary: its load, and latency and service time over every repetition's
 * requests together (their histograms added; maxima from the repetitions' exact ones).
 */
export function summarizeOpenLoopPoint(
  point: OpenPointSpec,
  capacity: Capacity,
  repetitions: readonly BenchRepetition[],
  histograms: readonly RunHistograms[],
): OpenLoopPoint {
  if (histograms.length !== repetitions.length)
    throw new Error(
      `${describePoint(point)}: ${histograms.length} histograms for ${repetitions.length} repetitions`,
    );
  const runs = (
    pick: (h: RunHistograms) => string | null,
    max: (r: BenchRepetition) => number | null,
  ) =>
    repetitions.map((r, i) => ({
      histogram: pick(histograms[i] ?? { latency: null, service: null }),
      maxMs: max(r),
    }));
  const latency = summariseEncoded(
    runs(
      (h) => h.latency,
      (r) => r.latencyMs.max,
    ),
  );
  const service = summariseEncoded(
    runs(
      (h) => h.service,
      (r) => r.openLoop?.serviceMs.max ?? null,
    ),
  );
  const none = { p50: null, p90: null, p99: null, p999: null, max: null, mean: null };
  return {
    arrival: point.openLoop.arrival,
    rateRps: point.openLoop.share * capacity.rps,
    share: point.openLoop.share,
    capacityId: capacity.id,
    completed: repetitions.reduce((sum, r) => sum + (r.openLoop?.completed ?? 0), 0),
    latencyMs: latency ?? none,
    serviceMs: service ?? none,
    generatorFlagged: repetitions.filter(
      (r) => r.openLoop?.generatorLate || r.openLoop?.generatorSaturated,
    ).length,
  };
}
