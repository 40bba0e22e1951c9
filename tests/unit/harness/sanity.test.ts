import { describe, expect, it } from 'vitest';
import { findSanityProblems } from '../../../harness/lib/sanity.ts';
import { makeDataset, makePoint, makeRepetition } from '../../support/bench-factory.ts';

const threeAt = (throughputRps: number, extra = {}) =>
  [0, 1, 2].map((index) =>
    makeRepetition({
      index,
      runOrder: index,
      throughputRps,
      requests: throughputRps * 3,
      ...extra,
    }),
  );

describe.each([
  { name: 'a sync pool under its bound', point: makePoint({}, threeAt(58)), problems: 0 },
  { name: 'a sync pool within tolerance', point: makePoint({}, threeAt(67)), problems: 0 },
  { name: 'a sync pool far over its bound', point: makePoint({}, threeAt(90)), problems: 3 },
])('findSanityProblems: $name', ({ point, problems }) => {
  it(`finds ${problems} problem(s)`, () => {
    expect(findSanityProblems(makeDataset([point]))).toHaveLength(problems);
  });
});

describe('findSanityProblems messages', () => {
  it("names the Little's law bound", () => {
    const point = makePoint({ workers: 1 }, [makeRepetition({ throughputRps: 30, requests: 90 })]);
    const dataset = makeDataset([point]);
    dataset.settings.repetitions = 1;
    expect(findSanityProblems(dataset)).toMatchInlineSnapshot(`
      [
        "gunicorn-sync/io-50/c64/w3t1 rep 0: 30.0 req/s exceeds Little's law bound 20.0 (1 worker slot(s) x 20 req/s)",
      ]
    `);
  });

  it('catches unordered percentiles, a stale summary and an impossible latency', () => {
    const point = makePoint(
      {},
      threeAt(50, { latencyMs: { p50: 10, p90: 9, p99: 52, p999: 53, max: 54, mean: 10 } }),
    );
    point.summary.throughputRps.max = 1;
    expect(findSanityProblems(makeDataset([point]))).toMatchInlineSnapshot(`
      [
        "gunicorn-sync/io-50/c64/w3t1 rep 0: latency percentiles are not ordered ({"p50":10,"p90":9,"p99":52,"p999":53,"max":54,"mean":10})",
        "gunicorn-sync/io-50/c64/w3t1 rep 1: latency percentiles are not ordered ({"p50":10,"p90":9,"p99":52,"p999":53,"max":54,"mean":10})",
        "gunicorn-sync/io-50/c64/w3t1 rep 2: latency percentiles are not ordered ({"p50":10,"p90":9,"p99":52,"p999":53,"max":54,"mean":10})",
        "gunicorn-sync/io-50/c64/w3t1: summary does not match its repetitions",
        "gunicorn-sync/io-50/c64/w3t1 rep 0: p50 10 ms is below the 50 ms wait",
        "gunicorn-sync/io-50/c64/w3t1 rep 1: p50 10 ms is below the 50 ms wait",
        "gunicorn-sync/io-50/c64/w3t1 rep 2: p50 10 ms is below the 50 ms wait",
      ]
    `);
  });
});
