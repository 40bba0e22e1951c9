import { describe, expect, it } from 'vitest';
import { checkCpuProbes, findSanityProblems } from '../../../../harness/measure/sanity.ts';
import { makeDataset, makePoint, makeRepetition } from '../../../support/bench-factory.ts';

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
  {
    name: 'leak answering faster than it waits',
    point: makePoint(
      { endpoint: 'leak' },
      threeAt(20, { latencyMs: { p50: 10, p90: 11, p99: 12, p999: 13, max: 14, mean: 10 } }),
    ),
    problems: 3,
  },
  {
    // 90 answers a second, but 40 of them quick 503s that never held a connection for the query.
    name: "a pool's quick 503s beside its 200s, which stay under the bound",
    point: makePoint(
      {},
      threeAt(90, {
        statusCounts: { '200': 150, '503 pool-timeout': 120 },
        errors: { connect: 0, read: 0, write: 0, timeout: 0, non2xx: 120 },
      }),
    ),
    problems: 0,
  },
  {
    name: 'answers 200 far over the bound',
    point: makePoint({}, threeAt(90, { statusCounts: { '200': 270 } })),
    problems: 3,
  },
  {
    name: 'no memory sampled from a running server',
    point: makePoint({}, threeAt(58, { pssBytesMax: 0 })),
    problems: 3,
  },
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

const usage = (pssBytesMax = 30e6, rssBytesMax = 60e6) => ({
  cpuCores: 0.2,
  pssBytesMean: pssBytesMax,
  pssBytesMax,
  rssBytesMax,
  idlePssBytes: pssBytesMax,
  processes: 2,
  metrics: {},
});
const GROUPS = [
  { name: 'db', role: 'service' as const, cpus: [1], versions: {}, facts: {} },
  { name: 'server', role: 'server' as const, cpus: [0], versions: {}, facts: {} },
];
type Usages = Record<string, ReturnType<typeof usage>> | undefined;
const withGroups = (groups: Usages) =>
  [0, 1, 2].map((index) => makeRepetition({ index, runOrder: index, groups }));

describe.each([
  { name: 'every group measured', listed: GROUPS, usages: { db: usage(), server: usage() } },
  { name: 'a dataset from before groups', listed: undefined, usages: undefined },
  {
    name: 'a server that had exited under a memory limit, with nothing to sample',
    listed: GROUPS,
    usages: { db: usage(), server: { ...usage(0, 0), metrics: { leaderExited: 1 } } },
    pssBytesMax: 0,
  },
])('findSanityProblems on groups: $name', ({ listed, usages, pssBytesMax }) => {
  it('finds none', () => {
    const reps = withGroups(usages).map((r) => ({
      ...r,
      pssBytesMax: pssBytesMax ?? r.pssBytesMax,
    }));
    const dataset = makeDataset([makePoint({}, reps)], { groups: listed });
    expect(findSanityProblems(dataset)).toEqual([]);
  });
});

describe.each([
  {
    name: 'a group not measured, another not listed',
    listed: GROUPS,
    usages: { server: usage(), cache: usage() },
    problems: [
      'gunicorn-sync/io-50/c64/w3t1 rep 0: group db not measured',
      'gunicorn-sync/io-50/c64/w3t1 rep 0: group cache is not in groups[]',
    ],
  },
  {
    name: 'impossible memory',
    listed: GROUPS,
    usages: { db: usage(0, 0), server: usage(70e6, 60e6) },
    problems: [
      'gunicorn-sync/io-50/c64/w3t1 rep 0: no memory was sampled for group db',
      'gunicorn-sync/io-50/c64/w3t1 rep 0: group server PSS 70000000 exceeds RSS 60000000',
    ],
  },
  {
    name: 'groups listed, repetitions without',
    listed: GROUPS,
    usages: undefined,
    problems: ['gunicorn-sync/io-50/c64/w3t1 rep 0: no usage per group'],
  },
  {
    name: 'repetitions with groups, none listed',
    listed: undefined,
    usages: { server: usage() },
    problems: [
      'gunicorn-sync/io-50/c64/w3t1 rep 0: usage per group, but the dataset lists no groups',
    ],
  },
  {
    name: 'a name listed twice',
    listed: [...GROUPS, ...GROUPS.slice(0, 1)],
    usages: { db: usage(), server: usage() },
    problems: ['groups[] names a group twice: db, server, db'],
  },
])('findSanityProblems on groups: $name', ({ listed, usages, problems }) => {
  it('names each problem (first repetition shown)', () => {
    const dataset = makeDataset([makePoint({}, withGroups(usages))], { groups: listed });
    const found = findSanityProblems(dataset).filter((p) => !/ rep [12]:/.test(p));
    expect(found).toEqual(problems);
  });
});

/** What a spread counted, spread over two processes. */
const spread = (counted: number) => ({
  processes: {
    '41': {
      requests: counted - 60,
      connections: 2,
      requestsPerConnection: { min: 1, p10: 1, median: 1, p90: 1, max: 1 },
    },
    '42': {
      requests: 60,
      connections: 2,
      requestsPerConnection: { min: 1, p10: 1, median: 1, p90: 1, max: 1 },
    },
  },
  connectionsSeen: 4,
  connectionsWithoutResponse: 60,
  requestsPerConnection: { min: 1, p10: 1, median: 1, p90: 1, max: 1 },
  untagged: 0,
});

const RUN = {
  date: '2026-12-03T08:00:00.000Z',
  seed: 2,
  harnessCommit: 'x',
  harnessDirty: false,
  command: 'npm run bench',
  kernel: 'Linux 6.1',
  schedAutogroup: false,
  cpuLoopsPerMs: 1,
};

describe.each([
  {
    name: 'a spread that counted every response',
    dataset: () => makeDataset([makePoint({}, threeAt(60, { spread: spread(180) }))]),
    problems: [],
  },
  {
    name: 'a spread that lost responses',
    dataset: () => makeDataset([makePoint({}, threeAt(60, { spread: spread(170) }))]),
    problems: [0, 1, 2].map(
      (i) => `gunicorn-sync/io-50/c64/w3t1 rep ${i}: spread counts 170 responses, wrk 180`,
    ),
  },
  {
    name: 'responses from other apps than the harness’s',
    dataset: () =>
      makeDataset([makePoint({}, threeAt(60, { spread: { ...spread(120), untagged: 60 } }))]),
    problems: [0, 1, 2].map(
      (i) =>
        `gunicorn-sync/io-50/c64/w3t1 rep ${i}: 60 responses without x-worker-pid/x-client-port: not the harness's apps`,
    ),
  },
  {
    name: 'two runs of three repetitions',
    dataset: () =>
      makeDataset(
        [
          makePoint({}, [
            ...threeAt(58),
            ...threeAt(58).map((r) => ({ ...r, index: r.index + 3, run: 1 })),
          ]),
        ],
        { runs: [RUN, RUN] },
      ),
    problems: [],
  },
  {
    name: 'a second run that is short and a run nobody listed',
    dataset: () =>
      makeDataset(
        [
          makePoint({}, [
            ...threeAt(58),
            makeRepetition({ index: 3, run: 1, throughputRps: 58, requests: 174 }),
            makeRepetition({ index: 4, run: 2, throughputRps: 58, requests: 174 }),
          ]),
        ],
        {
          runs: [RUN, RUN],
        },
      ),
    problems: [
      'gunicorn-sync/io-50/c64/w3t1 rep 4: run 2 is not in runs[]',
      'gunicorn-sync/io-50/c64/w3t1: run 1 has 1 repetitions, settings say 3',
    ],
  },
])('findSanityProblems: $name', ({ dataset, problems }) => {
  it(`finds ${problems.length} problem(s)`, () => {
    expect(findSanityProblems(dataset())).toEqual(problems);
  });
});

// One run, whose baseline is 20,000 loops/ms; each case probes the point's three repetitions.
const BASELINE = { baselineLoopsPerMs: 20_000, readings: 10, trials: 10, loopsPerTrial: 50_000 };
describe.each([
  {
    name: 'slowdowns that follow from the readings',
    probe: { beforeLoopsPerMs: 16_000, afterLoopsPerMs: 21_000, slowdown: 0.25 },
    baseline: BASELINE,
    problems: [],
  },
  {
    name: 'a slowdown that does not follow from its readings',
    probe: { beforeLoopsPerMs: 20_000, afterLoopsPerMs: 20_000, slowdown: 0.1 },
    baseline: BASELINE,
    problems: [0, 1, 2].map(
      (i) =>
        `gunicorn-sync/io-50/c64/w3t1 rep ${i}: CPU probe slowdown 0.1 does not follow from its readings (0)`,
    ),
  },
  {
    name: 'a probe in a run without a baseline',
    probe: { beforeLoopsPerMs: 20_000, afterLoopsPerMs: 20_000, slowdown: 0 },
    baseline: undefined,
    problems: [0, 1, 2].map(
      (i) => `gunicorn-sync/io-50/c64/w3t1 rep ${i}: CPU probe without its run's baseline`,
    ),
  },
])('checkCpuProbes: $name', ({ probe, baseline, problems }) => {
  it(`finds ${problems.length} problem(s)`, () => {
    const dataset = makeDataset([makePoint({}, threeAt(58, { cpuProbe: probe }))]);
    if (baseline) dataset.environment.cpuProbe = baseline;
    expect(checkCpuProbes(dataset)).toEqual(problems);
  });
});
