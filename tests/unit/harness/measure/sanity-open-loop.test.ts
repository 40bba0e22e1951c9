import { describe, expect, it } from 'vitest';
import { findSanityProblems } from '../../../../harness/measure/sanity.ts';
import type { BenchDataset, BenchRepetition } from '../../../../src/bench/schema.ts';
import {
  CAPACITY,
  makeOpenLoopDataset,
  makeOpenLoopPoint,
  makeOpenLoopRepetition,
} from '../../../support/open-loop-factory.ts';
import { makePoint } from '../../../support/bench-factory.ts';

/** The dataset with repetition 1 replaced. */
function withRep1(rep: BenchRepetition): BenchDataset {
  const reps = [0, 1, 2].map((i) => (i === 1 ? rep : makeOpenLoopRepetition(i)));
  return makeOpenLoopDataset([makeOpenLoopPoint(reps)]);
}

const ID = 'gunicorn-sync/io-50/poisson-75pct/w3t1';

describe.each([
  { name: 'as made', dataset: makeOpenLoopDataset() },
  {
    // Overloaded: every window request answered after the window, none during it.
    name: 'with no answer inside a window, every one after it',
    dataset: withRep1(makeOpenLoopRepetition(1, { requests: 0, throughputRps: 0 })),
  },
])('a consistent open-loop dataset, $name', ({ dataset }) => {
  it('has no problems', () => expect(findSanityProblems(dataset)).toEqual([]));
});

describe.each([
  {
    name: 'achieved above offered',
    dataset: withRep1(makeOpenLoopRepetition(1, {}, { scheduled: 170, offeredRps: 42.5 })),
    problem: `${ID}: rep 1: achieved 45 req/s exceeds offered 42.5 req/s`,
  },
  {
    name: 'requests unaccounted for',
    dataset: withRep1(makeOpenLoopRepetition(1, {}, { scheduled: 184, offeredRps: 46 })),
    problem: `${ID}: rep 1: answered + failed = 180, but 184 were scheduled`,
  },
  {
    name: 'timeouts missing from the common errors',
    dataset: withRep1(
      makeOpenLoopRepetition(
        1,
        {},
        {
          completed: 178,
          achievedRps: 44.5,
          errors: { connect: 0, socket: 0, timeout: 2, other: 0, non2xx: 0 },
        },
      ),
    ),
    problem: `${ID}: rep 1: errorsTotal 0 is not the generator's 2 failures`,
  },
  {
    name: 'p99 below the service-time p99',
    dataset: withRep1(
      makeOpenLoopRepetition(
        1,
        {},
        { serviceMs: { p50: 51, p90: 55, p99: 95, p999: 99, max: 99, mean: 52 } },
      ),
    ),
    problem: `${ID}: rep 1: latency p99: latency 91 ms is below the service time 95 ms inside it`,
  },
  {
    name: 'a schedule that did not send its rate',
    dataset: withRep1(
      makeOpenLoopRepetition(
        1,
        { requests: 100, throughputRps: 25 },
        { scheduled: 100, offeredRps: 25, sent: 100, completed: 100, achievedRps: 25 },
      ),
    ),
    problem: `${ID}: rep 1: scheduled 100 requests, but 45 req/s for 4 s is 180.0`,
  },
  {
    name: 'an achieved rate that is not its count over the window',
    dataset: withRep1(makeOpenLoopRepetition(1, {}, { achievedRps: 45.25 })),
    problem: `${ID}: rep 1: achievedRps 45.25 is not completed / durationS`,
  },
  {
    name: 'latency with none of the window requests answered',
    dataset: withRep1(
      makeOpenLoopRepetition(
        1,
        { requests: 0, throughputRps: 0, errorsTotal: 180 },
        {
          completed: 0,
          achievedRps: 0,
          errors: { connect: 0, socket: 0, timeout: 180, other: 0, non2xx: 0 },
        },
      ),
    ),
    problem: `${ID} rep 1: latency without completed requests`,
  },
  {
    name: 'a late generator not flagged',
    dataset: withRep1(makeOpenLoopRepetition(1, {}, { sendLagMs: { p50: 2, p99: 12, max: 40 } })),
    problem: `${ID}: rep 1: generatorLate is false with send lag p99 12 ms over a window seen as 4 s`,
  },
  {
    name: 'a saturated generator not flagged',
    dataset: withRep1(
      makeOpenLoopRepetition(
        1,
        {},
        { generatorCpu: { userS: 3.5, systemS: 0.3, share: 0.95, wallS: 4 } },
      ),
    ),
    problem: `${ID}: rep 1: generatorSaturated is false with CPU share 0.95`,
  },
  {
    name: 'a merged p99 outside its repetitions',
    dataset: makeOpenLoopDataset([
      makeOpenLoopPoint(undefined, {
        latencyMs: { p50: 53, p90: 60, p99: 120, p999: 130, max: 102, mean: 55 },
      }),
    ]),
    problem: `${ID}: merged latency p99 120 ms is outside its repetitions' 90-92 ms`,
  },
  {
    name: 'a rate that is not its share of the capacity',
    dataset: makeOpenLoopDataset([makeOpenLoopPoint()], [{ ...CAPACITY, rps: 50 }]),
    problem: `${ID}: rate 45 req/s is not 0.75 x capacity 50 req/s`,
  },
  {
    name: 'a capacity that is not recorded',
    dataset: makeOpenLoopDataset([makeOpenLoopPoint()], []),
    problem: `${ID}: capacity gunicorn-sync-w3-t1/io-50 is not in capacities[]`,
  },
  {
    name: 'a capacity from a point that is not its median',
    dataset: makeOpenLoopDataset(
      [makeOpenLoopPoint(), makePoint({ id: 'gunicorn-sync/io-50/c3/w3t1', concurrency: 3 })],
      [
        CAPACITY,
        {
          ...CAPACITY,
          id: 'gunicorn-sync-w3-t1/io-50/c3',
          from: 'point',
          pointId: 'gunicorn-sync/io-50/c3/w3t1',
          rps: 58,
        },
      ],
    ),
    problem: `capacity gunicorn-sync-w3-t1/io-50/c3: 58 req/s is not gunicorn-sync/io-50/c3/w3t1's median throughput 60`,
  },
  {
    name: 'open-loop numbers on a closed-loop point',
    dataset: makeOpenLoopDataset([
      makeOpenLoopPoint(),
      makePoint({ id: 'gunicorn-sync/io-50/c64/w3t1' }, [makeOpenLoopRepetition(0)]),
    ]),
    problem: 'gunicorn-sync/io-50/c64/w3t1: rep 0: open-loop numbers on a closed-loop point',
  },
])('findSanityProblems: $name', ({ dataset, problem }) => {
  it('names it', () => {
    expect(findSanityProblems(dataset)).toContain(problem);
  });
});
