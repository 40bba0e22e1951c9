import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BenchDatasetSchema,
  type BenchPoint,
  type BenchRepetition,
} from '../../../src/bench/schema.ts';

/*
 * The methodology chapter ("Was the generator the bottleneck?" and "The same server, both
 * ways") says things about the committed `closed-vs-open` dataset that no <Measured> can carry:
 * counts of repetitions, bounds, which latency is longer. This checks each sentence against the
 * dataset, so a re-recording that changes the picture fails here and points at the paragraph.
 */
const dataset = BenchDatasetSchema.parse(
  JSON.parse(
    readFileSync(new URL('../../../bench-data/closed-vs-open.json', import.meta.url), 'utf8'),
  ),
);
const workers = dataset.points[0]?.workers ?? NaN;

type Load = 'closed' | 'constant' | 'poisson';

/** The wrk connections a point ran at, or whose achieved rate it offered (`…/c3`). */
function readConnections(point: BenchPoint): number {
  if (!point.openLoop) return point.concurrency;
  const match = /\/c(\d+)$/.exec(point.openLoop.capacityId);
  if (!match) throw new Error(`${point.id}: capacity ${point.openLoop.capacityId} names no point`);
  return Number(match[1]);
}

const readLoad = (point: BenchPoint): Load => point.openLoop?.arrival ?? 'closed';

function findPoint(load: Load, connections: number): BenchPoint {
  const point = dataset.points.find(
    (p) => readLoad(p) === load && readConnections(p) === connections,
  );
  if (!point) throw new Error(`closed-vs-open has no ${load} point at ${connections} connections`);
  return point;
}

/** The p99 a chart draws: closed loop, the median of the repetitions; open loop, all together. */
function readP99(point: BenchPoint): number {
  const p99 = point.openLoop
    ? point.openLoop.latencyMs.p99
    : (point.summary.latencyMs.p99?.median ?? null);
  if (p99 === null) throw new Error(`${point.id} has no p99`);
  return p99;
}

const openPoints = dataset.points.filter((p) => p.openLoop);
const openRepetitions = openPoints.flatMap((p) =>
  p.repetitions.map((r) => ({ point: p, r, ol: r.openLoop })),
);
/** Answers that arrived during the window, against the requests the window offered. */
const arrivedShare = (r: BenchRepetition): number =>
  r.throughputRps / (r.openLoop?.offeredRps ?? NaN);

it('has open-loop repetitions with the generator’s own numbers', () => {
  expect(openRepetitions.length).toBeGreaterThan(0);
  for (const { point, ol } of openRepetitions) expect(ol, point.id).toBeDefined();
});

describe('Was the generator the bottleneck?', () => {
  it('below capacity, the answers arriving in each window matched the offer within 2 % in every repetition but one, a Poisson window of under a hundred requests a few answers short', () => {
    const below = openRepetitions.filter(({ point }) => readConnections(point) < workers);
    expect(below.length).toBeGreaterThan(1);
    const misses = below.filter(({ r }) => Math.abs(arrivedShare(r) - 1) > 0.02);
    expect(misses).toHaveLength(1);
    const [miss] = misses;
    expect(miss?.point.openLoop?.arrival).toBe('poisson');
    expect(miss?.ol?.scheduled).toBeLessThan(100);
    const short = (miss?.ol?.scheduled ?? NaN) - (miss?.r.requests ?? NaN);
    expect(short).toBeGreaterThan(0);
    expect(short).toBeLessThanOrEqual(5);
  });

  it('its CPU stayed a small fraction of its core, and its send lag under the 5 ms flag in all but a few repetitions', () => {
    for (const { point, ol } of openRepetitions) {
      expect(ol?.generatorCpu.share, point.id).toBeLessThan(0.25);
      expect(ol?.generatorSaturated, point.id).toBe(false);
    }
    const late = openRepetitions.filter(({ ol }) => ol?.generatorLate);
    expect(late.length).toBeGreaterThan(0);
    expect(late.length).toBeLessThanOrEqual(3);
  });
});

describe('The same server, both ways', () => {
  it.each([1, 2, 3, 12])(
    'at the rate of %i connection(s), Poisson arrivals have a longer p99 than wrk',
    (connections) => {
      expect(readP99(findPoint('poisson', connections))).toBeGreaterThan(
        readP99(findPoint('closed', connections)),
      );
    },
  );

  it.each([1, 2])(
    'at %i connection(s), evenly spaced arrivals don’t queue either: p99 within 10 % of wrk’s',
    (connections) => {
      const ratio =
        readP99(findPoint('constant', connections)) / readP99(findPoint('closed', connections));
      expect(ratio).toBeLessThan(1.1);
    },
  );

  it('at capacity (as many connections as workers), requests offered at wrk’s rate queue: both open-loop p99s are longer than wrk’s', () => {
    expect(findPoint('closed', workers).concurrency).toBe(workers);
    const closed = readP99(findPoint('closed', workers));
    expect(readP99(findPoint('constant', workers))).toBeGreaterThan(closed * 1.2);
    expect(readP99(findPoint('poisson', workers))).toBeGreaterThan(closed * 1.2);
  });

  it('at 4 × the workers, wrk ran at the same rate as at the workers (within 5 %) but reported a longer p99 than at the workers and than evenly spaced arrivals; Poisson arrivals are longest', () => {
    const atWorkers = findPoint('closed', workers);
    const many = findPoint('closed', 4 * workers);
    const rate = (p: BenchPoint) => p.summary.throughputRps.median;
    expect(Math.abs(rate(many) / rate(atWorkers) - 1)).toBeLessThan(0.05);
    expect(readP99(many)).toBeGreaterThan(readP99(atWorkers) * 2);
    expect(readP99(many)).toBeGreaterThan(readP99(findPoint('constant', 4 * workers)));
    expect(readP99(findPoint('poisson', 4 * workers))).toBeGreaterThan(readP99(many));
  });

  it('service time comes within a few ms of the latency from the intended send time, and no request waited in the generator', () => {
    for (const point of openPoints) {
      const { latencyMs, serviceMs } = point.openLoop ?? {};
      for (const q of ['p50', 'p99'] as const) {
        const gap = (latencyMs?.[q] ?? NaN) - (serviceMs?.[q] ?? NaN);
        expect(gap, `${point.id} ${q}`).toBeGreaterThanOrEqual(0);
        expect(gap, `${point.id} ${q}`).toBeLessThan(3);
      }
      for (const r of point.repetitions) expect(r.openLoop?.queued, point.id).toBe(0);
    }
  });
});

describe('Choosing, "A worked example": 300 req/s of 50 ms waits under a 100 ms p99 objective', () => {
  const targetRps = 300;
  const objectiveMs = 100;
  const waitS = 0.05;
  /** The rate of a closed-loop point, which its open-loop points offer. */
  const rateAt = (connections: number) =>
    findPoint('closed', connections).summary.throughputRps.median;

  it('Little’s floor is 15 requests in flight', () => {
    expect(targetRps * waitS).toBe(15);
  });

  it('Poisson arrivals met the objective at the rate of 1 connection, a third of the capacity, and missed it at 2 and at capacity', () => {
    expect(readP99(findPoint('poisson', 1))).toBeLessThanOrEqual(objectiveMs);
    expect(readP99(findPoint('poisson', 2))).toBeGreaterThan(objectiveMs);
    expect(readP99(findPoint('poisson', workers))).toBeGreaterThan(objectiveMs);
    expect(workers).toBe(3);
  });

  it('planned on that rate: 16 servers of three workers, 48 workers, more than three times the floor', () => {
    const servers = Math.ceil(targetRps / rateAt(1));
    expect(servers).toBe(16);
    expect(servers * workers).toBe(48);
    expect((servers * workers) / (targetRps * waitS)).toBeGreaterThan(3);
  });

  it('one window at the lowest rate is flagged, its generator a few ms late', () => {
    const late = findPoint('poisson', 1).repetitions.filter((r) => r.openLoop?.generatorLate);
    expect(late).toHaveLength(1);
    expect(late[0]?.openLoop?.sendLagMs.p99).toBeLessThan(10);
  });

  it('evenly spaced, the same workers held p99 near the closed loop’s at two thirds of capacity, below the objective', () => {
    expect(readP99(findPoint('constant', 2))).toBeLessThan(objectiveMs);
  });
});
