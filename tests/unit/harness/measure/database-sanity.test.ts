import { describe, expect, it } from 'vitest';
import {
  findClientSaturationWarnings,
  findDatabaseProblems,
} from '../../../../harness/measure/database-sanity.ts';
import type { BenchDatabase } from '../../../../src/bench/database-schema.ts';
import type { BenchRepetition } from '../../../../src/bench/schema.ts';
import { makeDataset, makePoint, makeRepetition } from '../../../support/bench-factory.ts';
import {
  makeOpenLoopDataset,
  makeOpenLoopPoint,
  makeOpenLoopRepetition,
} from '../../../support/open-loop-factory.ts';

const database: BenchDatabase = {
  engine: 'postgresql',
  serverVersion: '18.6 (Debian 18.6-3)',
  serverVersionNum: 180006,
  maxConnections: 50,
  superuserReservedConnections: 3,
  reservedConnections: 0,
  appConnectionLimit: 47,
  sharedBuffers: '128MB',
  rows: 1_000_000,
  tableBytes: 1,
  indexBytes: 1,
  locale: 'C',
  placementNote: 'Synthetic.',
};
const usage = (metrics: Record<string, number>) => ({
  cpuCores: 0.1,
  pssBytesMean: 1,
  pssBytesMax: 1,
  rssBytesMax: 2,
  idlePssBytes: 1,
  processes: 8,
  metrics,
});
const metrics = {
  peakConnections: 12,
  peakActiveConnections: 3,
  connectionSamples: 12,
  refusedConnections: 0,
};

/** A slow-query point (20 ms) of one repetition: 180 answers, as `rep` says. */
function check(rep: Partial<BenchRepetition>): string[] {
  const point = makePoint({ endpoint: 'slow-query', endpointMs: 20 }, [
    makeRepetition({
      latencyMs: { p50: 25, p90: 30, p99: 40, p999: 41, max: 42, mean: 26 },
      groups: { postgres: usage(metrics) },
      ...rep,
    }),
  ]);
  const dataset = makeDataset([point], {
    groups: [{ name: 'postgres', role: 'service', cpus: [1], versions: {}, facts: {}, database }],
  });
  return findDatabaseProblems(dataset).map((p) => p.replace(/^\S+ rep 0: /, ''));
}

describe.each<{ name: string; rep: Partial<BenchRepetition>; problems: string[] }>([
  { name: 'all answered, all measured', rep: { statusCounts: { '200': 180 } }, problems: [] },
  {
    name: 'errors that add up',
    rep: {
      statusCounts: { '200': 170, '503 pool-timeout': 10 },
      errors: { connect: 0, read: 0, write: 0, timeout: 0, non2xx: 10 },
      latencyMs: { p50: 2, p90: 30, p99: 40, p999: 41, max: 42, mean: 20 },
    },
    problems: [],
  },
  {
    name: 'counts that do not add up',
    rep: { statusCounts: { '200': 170, '503 database-unavailable': 5 } },
    problems: [
      'answers by status add up to 175, wrk counted 180',
      '5 error answers by status, wrk counted 0',
    ],
  },
  {
    name: 'a slow query answered before it slept',
    rep: {
      statusCounts: { '200': 180 },
      latencyMs: { p50: 5, p90: 30, p99: 40, p999: 41, max: 42, mean: 26 },
    },
    problems: ['p50 5 ms is below the 20 ms query'],
  },
  {
    name: 'more connections than the database admits',
    rep: { groups: { postgres: usage({ ...metrics, peakConnections: 51 }) } },
    problems: ['group postgres: 51 connections at once, over max_connections 50'],
  },
  {
    name: 'metrics missing',
    rep: { groups: { postgres: usage({ peakConnections: 3 }) } },
    problems: ['group postgres: database metrics missing or malformed'],
  },
])('findDatabaseProblems: $name', ({ rep, problems }) => {
  it(`finds ${problems.length} problem(s)`, () => expect(check(rep)).toEqual(problems));
});

it('a dataset without a database has no database problems', () => {
  expect(findDatabaseProblems(makeDataset())).toEqual([]);
});

it('findClientSaturationWarnings names the repetitions whose client CPUs were full', () => {
  const point = makePoint({}, [
    makeRepetition({ index: 0, clientCpuBusyShare: 0.5 }),
    makeRepetition({ index: 1, clientCpuBusyShare: 0.95 }),
  ]);
  expect(findClientSaturationWarnings(makeDataset([point]))).toEqual([
    'gunicorn-sync/io-50/c64/w3t1 rep 1: the client CPUs were 95% busy (wrk 0.01 cores, the rest the harness, services placed there or other work)',
  ]);
});

describe.each([
  { name: 'a healthy generator', openLoop: {}, client: {}, says: [] },
  {
    name: 'a late generator',
    openLoop: { generatorLate: true, sendLagMs: { p50: 2, p99: 12, max: 40 } },
    client: {},
    says: ['the open-loop generator was late (send lag p99 12 ms, window seen as 4 s)'],
  },
  {
    name: 'a saturated generator',
    openLoop: {
      generatorSaturated: true,
      generatorCpu: { userS: 3.5, systemS: 0.3, share: 0.95, wallS: 4 },
    },
    client: { clientCpuCores: 0.95 },
    says: [
      "the open-loop generator used 95% of each of its 1 thread(s)' cores",
      'the open-loop generator used 95% of a core',
    ],
  },
])('findClientSaturationWarnings on an open-loop point: $name', ({ openLoop, client, says }) => {
  it(`says ${says.length ? says.join('; ') : 'nothing'}`, () => {
    // One generator thread however many client CPUs: 0.95 cores is saturation, not 0.48 each.
    const rep = makeOpenLoopRepetition(1, client, openLoop);
    const dataset = makeOpenLoopDataset([
      makeOpenLoopPoint([0, 1, 2].map((i) => (i === 1 ? rep : makeOpenLoopRepetition(i)))),
    ]);
    const twoClientCpus = {
      ...dataset,
      environment: { ...dataset.environment, clientCpus: [1, 2] },
    };
    expect(findClientSaturationWarnings(twoClientCpus)).toEqual(
      says.map((w) => `gunicorn-sync/io-50/poisson-75pct/w3t1 rep 1: ${w}`),
    );
  });
});
