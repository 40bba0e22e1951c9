/**
 * Sanity checks of open-loop points (sanity.ts runs them with the rest): counts that must add
 * up, an achieved rate that cannot pass the offered one, latency from the intended send time
 * that cannot be shorter than the service time inside it, a schedule that sent what its rate
 * says, and rates that are the stated shares of recorded capacities.
 */
import type {
  BenchDataset,
  BenchPoint,
  BenchRepetition,
  Capacity,
  DistributionMs,
  OpenLoopRepetition,
} from '../../src/bench/schema.ts';
import { computeMedian } from '../../src/bench/stats.ts';
import { isGeneratorLate } from './open-loop-repetition.ts';

/** HDR histograms keep 3 significant digits: two readings of one value differ by up to 0.1 %. */
const HDR_SLACK = 1.001;
/** Float slack for values computed from the same counts. */
const EXACT = 1e-9;

const KEYS = ['p50', 'p90', 'p99', 'p999', 'max', 'mean'] as const;

const near = (a: number, b: number): boolean => Math.abs(a - b) <= EXACT * Math.max(1, Math.abs(b));

/** Every failure the generator counted, the non-2xx answers included. */
const sumErrors = (e: OpenLoopRepetition['errors']): number =>
  e.connect + e.socket + e.timeout + e.other + e.non2xx;

/** What does not add up in one repetition's counts. */
function checkCounts(r: BenchRepetition, o: OpenLoopRepetition): string[] {
  const e = o.errors;
  const problems: string[] = [];
  const settled = o.completed + e.connect + e.socket + e.timeout + e.other;
  if (settled !== o.scheduled)
    problems.push(`answered + failed = ${settled}, but ${o.scheduled} were scheduled`);
  if (o.sent > o.scheduled) problems.push(`sent ${o.sent} exceeds scheduled ${o.scheduled}`);
  if (o.completed > o.sent) problems.push(`answered ${o.completed} exceeds sent ${o.sent}`);
  if (e.non2xx > o.completed) problems.push(`non2xx ${e.non2xx} exceeds answered ${o.completed}`);
  if ((r.latencyMs.p50 === null) !== (o.completed === 0))
    problems.push(
      `latency is ${r.latencyMs.p50 === null ? 'missing' : 'there'} with ${o.completed} answered`,
    );
  if (o.outstandingAtEnd > o.scheduled) problems.push('outstandingAtEnd exceeds scheduled');
  if (o.maxInFlight > o.connections)
    problems.push(`maxInFlight ${o.maxInFlight} exceeds the ${o.connections} connections`);
  const mapped = {
    connect: e.connect,
    read: e.socket,
    write: 0,
    timeout: e.timeout,
    non2xx: e.non2xx,
  };
  if (JSON.stringify(r.errors) !== JSON.stringify(mapped))
    problems.push(
      `errors ${JSON.stringify(r.errors)} do not match the generator's ${JSON.stringify(e)}`,
    );
  if (r.errorsTotal !== sumErrors(e))
    problems.push(`errorsTotal ${r.errorsTotal} is not the generator's ${sumErrors(e)} failures`);
  return problems;
}

/** What is wrong with one repetition's rates: achieved <= offered, each from its count. */
function checkRates(r: BenchRepetition, o: OpenLoopRepetition): string[] {
  const problems: string[] = [];
  if (!near(o.offeredRps, o.scheduled / r.durationS))
    problems.push(`offeredRps ${o.offeredRps} is not scheduled / durationS`);
  if (!near(o.achievedRps, o.completed / r.durationS))
    problems.push(`achievedRps ${o.achievedRps} is not completed / durationS`);
  if (o.achievedRps > o.offeredRps * (1 + EXACT))
    problems.push(`achieved ${o.achievedRps} req/s exceeds offered ${o.offeredRps} req/s`);
  return problems;
}

/**
 * Whether the schedule offered what its rate says: exactly for evenly spaced arrivals (one
 * either way at the window's edges), within five standard deviations for Poisson ones.
 */
function checkSchedule(r: BenchRepetition, o: OpenLoopRepetition, arrival: string): string[] {
  const expected = o.rateRps * r.durationS;
  const slack = arrival === 'poisson' ? 5 * Math.sqrt(expected) + 1 : 1;
  return Math.abs(o.scheduled - expected) <= slack
    ? []
    : [
        `scheduled ${o.scheduled} requests, but ${o.rateRps} req/s for ${r.durationS} s is ${expected.toFixed(1)}`,
      ];
}

/** Latency from the intended send time includes the service time: never below it. */
function checkLatencyCoversService(
  latency: DistributionMs,
  service: DistributionMs,
  what: string,
): string[] {
  return KEYS.flatMap((key) => {
    const l = latency[key];
    const s = service[key];
    if ((l === null) !== (s === null))
      return [`${what} ${key}: latency and service time disagree on whether anything completed`];
    return l !== null && s !== null && l * HDR_SLACK < s
      ? [`${what} ${key}: latency ${l} ms is below the service time ${s} ms inside it`]
      : [];
  });
}

/** The generator's flags follow from its numbers and the dataset's thresholds. */
function checkFlags(o: OpenLoopRepetition, durationS: number, dataset: BenchDataset): string[] {
  const judging = dataset.settings.openLoop;
  if (!judging) return ['open-loop repetition, but settings.openLoop is missing'];
  const late = isGeneratorLate(o.sendLagMs.p99, o.generatorCpu.wallS, durationS, judging);
  const saturated = o.generatorCpu.share > judging.saturatedCpuShare;
  return [
    ...(late === o.generatorLate
      ? []
      : [
          `generatorLate is ${o.generatorLate} with send lag p99 ${o.sendLagMs.p99} ms over a window seen as ${o.generatorCpu.wallS} s`,
        ]),
    ...(saturated === o.generatorSaturated
      ? []
      : [`generatorSaturated is ${o.generatorSaturated} with CPU share ${o.generatorCpu.share}`]),
  ];
}

/**
 * A point's merged percentiles lie between its repetitions' (a percentile of a mixture lies
 * between the parts'), its maximum is their largest, and its count is their sum.
 */
function checkMerged(point: BenchPoint): string[] {
  const o = point.openLoop;
  if (!o) return [];
  const problems: string[] = [];
  const reps = point.repetitions;
  const completed = reps.reduce((sum, r) => sum + (r.openLoop?.completed ?? 0), 0);
  if (o.completed !== completed)
    problems.push(`openLoop.completed ${o.completed} is not the repetitions' ${completed}`);
  const flagged = reps.filter(
    (r) => r.openLoop?.generatorLate || r.openLoop?.generatorSaturated,
  ).length;
  if (o.generatorFlagged !== flagged)
    problems.push(`generatorFlagged ${o.generatorFlagged}, but ${flagged} repetitions are flagged`);
  for (const [name, merged, pick] of [
    ['latency', o.latencyMs, (r: BenchRepetition) => r.latencyMs],
    ['service time', o.serviceMs, (r: BenchRepetition) => r.openLoop?.serviceMs],
  ] as const) {
    for (const key of KEYS) {
      const values = reps
        .map((r) => pick(r)?.[key])
        .filter((v): v is number => typeof v === 'number');
      const value = merged[key];
      if ((value === null) !== (values.length === 0)) {
        problems.push(
          `merged ${name} ${key} is ${value} over ${values.length} measured repetitions`,
        );
        continue;
      }
      if (value === null) continue;
      const low = Math.min(...values) / HDR_SLACK;
      const high = Math.max(...values) * HDR_SLACK;
      if (value < low || value > high)
        problems.push(
          `merged ${name} ${key} ${value} ms is outside its repetitions' ${Math.min(...values)}-${Math.max(...values)} ms`,
        );
      if (key === 'max' && !near(value, Math.max(...values)))
        problems.push(`merged ${name} max ${value} ms is not the repetitions' largest`);
    }
  }
  return [...problems, ...checkLatencyCoversService(o.latencyMs, o.serviceMs, 'merged')];
}

/** The point's rate is its share of a recorded capacity of its own server and endpoint. */
function checkCapacity(point: BenchPoint, capacities: ReadonlyMap<string, Capacity>): string[] {
  const o = point.openLoop;
  if (!o) return [];
  const capacity = capacities.get(o.capacityId);
  if (!capacity) return [`capacity ${o.capacityId} is not in capacities[]`];
  const problems: string[] = [];
  if (
    capacity.serverId !== point.serverId ||
    capacity.endpoint !== point.endpoint ||
    capacity.endpointMs !== point.endpointMs
  )
    problems.push(`capacity ${capacity.id} belongs to another server or endpoint`);
  if (!near(o.rateRps, o.share * capacity.rps))
    problems.push(`rate ${o.rateRps} req/s is not ${o.share} x capacity ${capacity.rps} req/s`);
  return problems;
}

/** Every open-loop problem of one point. */
export function checkOpenLoopPoint(point: BenchPoint, dataset: BenchDataset): string[] {
  const capacities = new Map((dataset.capacities ?? []).map((c) => [c.id, c]));
  const problems = point.repetitions.flatMap((r) => {
    const at = `rep ${r.index}`;
    const o = r.openLoop;
    if (!point.openLoop) return o ? [`${at}: open-loop numbers on a closed-loop point`] : [];
    if (!o) return [`${at}: no open-loop numbers on an open-loop point`];
    const own = [
      ...checkCounts(r, o),
      ...checkRates(r, o),
      ...checkSchedule(r, o, point.openLoop.arrival),
      ...checkLatencyCoversService(r.latencyMs, o.serviceMs, 'latency'),
      ...checkFlags(o, r.durationS, dataset),
      ...(o.rateRps === point.openLoop.rateRps
        ? []
        : [`rate ${o.rateRps} is not the point's ${point.openLoop.rateRps}`]),
      ...(o.connections === point.concurrency
        ? []
        : [`${o.connections} connections, but the point says ${point.concurrency}`]),
    ];
    return own.map((p) => `${at}: ${p}`);
  });
  return [...problems, ...checkMerged(point), ...checkCapacity(point, capacities)].map(
    (p) => `${point.id}: ${p}`,
  );
}

/** Dataset-wide: unique capacities that agree with what measured them, and settings present. */
export function checkCapacities(dataset: BenchDataset): string[] {
  const capacities = dataset.capacities ?? [];
  const problems: string[] = [];
  const ids = capacities.map((c) => c.id);
  if (new Set(ids).size !== ids.length)
    problems.push(`capacities[] names a capacity twice: ${ids.join(', ')}`);
  const hasOpen = dataset.points.some((p) => p.openLoop);
  if (hasOpen && !dataset.settings.openLoop)
    problems.push('open-loop points, but no settings.openLoop');
  for (const c of capacities) {
    if (c.from === 'probe' && (!c.probe || !near(c.rps, c.probe.throughputRps)))
      problems.push(`capacity ${c.id}: a probe capacity must be its probe's throughput`);
    if (c.from === 'point') {
      const point = dataset.points.find((p) => p.id === c.pointId);
      if (!point || point.openLoop) {
        problems.push(
          `capacity ${c.id}: ${c.pointId ?? '(no pointId)'} is not a closed-loop point of the dataset`,
        );
        continue;
      }
      const median = computeMedian(point.repetitions.map((r) => r.throughputRps));
      if (!near(c.rps, median))
        problems.push(
          `capacity ${c.id}: ${c.rps} req/s is not ${c.pointId}'s median throughput ${median}`,
        );
    }
  }
  return problems;
}
