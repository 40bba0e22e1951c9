import { describe, expect, it } from 'vitest';
import type { BenchPoint } from '../../../../src/bench/schema.ts';
import { collectOpenLoopPoints } from '../../../../src/demos/simulator/collect-open-loop-points.ts';
import { makePoint } from '../../../support/bench-factory.ts';
import {
  makeOpenLoopDataset,
  makeOpenLoopPoint,
  makeOpenLoopRepetition,
} from '../../../support/open-loop-factory.ts';

/** The factory's point (sync, 3 workers, io?ms=50, Poisson at 45 req/s) with a change. */
const withPoint = (change: Partial<BenchPoint>): BenchPoint => ({
  ...makeOpenLoopPoint(),
  ...change,
});

describe('collectOpenLoopPoints', () => {
  it("replays the recording's load and server, and reads what it measured", () => {
    const [found, ...more] = collectOpenLoopPoints(makeOpenLoopDataset());
    expect(more).toEqual([]);
    expect(found).toEqual({
      dataset: 'open-loop',
      pointId: 'gunicorn-sync/io-50/poisson-75pct/w3t1',
      recordedModel: 'gunicorn-sync',
      share: 0.75,
      capacityFrom: 'configuration',
      args: {
        model: 'sync',
        io_ms: 50,
        cpu_ms: 0,
        rate_rps: 45,
        workers: 3,
        threads: 1,
        cores: 1,
        arrival: 'poisson',
        warmup_ms: 1500,
        window_ms: 4000,
        timeout_ms: 2000,
        connections: 1024,
        pool: 0,
      },
      // Three repetitions of 180 scheduled requests, 3 of each unanswered as the window closed.
      recorded: {
        offeredRps: 45,
        achievedRps: 45,
        p50Ms: 53,
        p99Ms: 91,
        timeoutShare: 0,
        outstandingShare: 9 / 540,
      },
    });
  });

  it('counts timeouts over every repetition', () => {
    const reps = [0, 1, 2].map((i) =>
      makeOpenLoopRepetition(
        i,
        {},
        {
          completed: 171,
          achievedRps: 42.75,
          errors: { connect: 0, socket: 0, timeout: 9, other: 0, non2xx: 0 },
        },
      ),
    );
    const [found] = collectOpenLoopPoints(makeOpenLoopDataset([makeOpenLoopPoint(reps)]));
    expect(found?.recorded.timeoutShare).toBeCloseTo(27 / 540, 12);
    expect(found?.recorded.achievedRps).toBe(42.75);
  });

  it.each([
    { name: 'a closed-loop point', point: makePoint() },
    { name: 'a server the simulator does not model', point: withPoint({ model: 'hypercorn' }) },
    { name: 'an endpoint it cannot express', point: withPoint({ endpoint: 'block' }) },
    {
      name: 'a rate whose capacity is not listed',
      point: withPoint({
        openLoop: { ...(makeOpenLoopPoint().openLoop ?? never()), capacityId: 'elsewhere' },
      }),
    },
  ])('leaves out $name', ({ point }) => {
    expect(collectOpenLoopPoints(makeOpenLoopDataset([point]))).toEqual([]);
  });
});

function never(): never {
  throw new Error('the factory point has openLoop');
}
