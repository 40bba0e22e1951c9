import { describe, expect, it } from 'vitest';
import {
  allowNoisyRetries,
  describeNoise,
  describePoint,
  describeServer,
  formatRepetition,
  judgeBaselineSpeed,
  refusesSlowBaseline,
  SLOW_BASELINE_SPEEDUP,
  SlowBaselineError,
  type Attempt,
} from '../../../../harness/run/run-task.ts';
import type { PointSpec } from '../../../../harness/scenarios/scenario.ts';
import { makeRepetition } from '../../../support/bench-factory.ts';

const plain: PointSpec = {
  model: 'gunicorn-sync',
  endpoint: 'io',
  endpointMs: 50,
  concurrency: 64,
  workers: 3,
  threads: 1,
  slowClients: 0,
};
const flask: PointSpec = {
  ...plain,
  endpoint: 'db',
  endpointMs: 0,
  app: 'flask',
  driver: 'psycopg',
  dbAccess: 'sync',
  dbConnections: 'pool',
  poolSize: 1,
};

describe.each<{ name: string; point: PointSpec; id: string; server: string }>([
  {
    name: 'a plain point keeps the ids of the committed datasets',
    point: plain,
    id: 'gunicorn-sync/io-50/c64/w3t1',
    server: 'gunicorn-sync-w3-t1',
  },
  {
    name: 'hello',
    point: { ...plain, endpoint: 'hello', endpointMs: 0 },
    id: 'gunicorn-sync/hello/c64/w3t1',
    server: 'gunicorn-sync-w3-t1',
  },
  {
    name: 'Flask on db',
    point: flask,
    id: 'flask-psycopg-pool1/gunicorn-sync/db/c64/w3t1',
    server: 'flask-psycopg-pool1-gunicorn-sync-w3-t1',
  },
  {
    name: 'FastAPI with the sync driver in async def, a slow query',
    point: {
      ...flask,
      model: 'uvicorn',
      workers: 1,
      endpoint: 'slow-query',
      endpointMs: 20,
      app: 'fastapi',
      dbAccess: 'sync-in-async',
      poolSize: 4,
    },
    id: 'fastapi-psycopg-sync-in-async-pool4/uvicorn/slow-query-20/c64/w1t1',
    server: 'fastapi-psycopg-sync-in-async-pool4-uvicorn-w1-t1',
  },
  {
    name: 'a growing asyncpg pool with a pool timeout',
    point: {
      ...flask,
      model: 'uvicorn',
      workers: 1,
      app: 'fastapi',
      driver: 'asyncpg',
      dbAccess: 'async',
      poolSize: 20,
      poolMinSize: 1,
      poolTimeoutS: 1,
    },
    id: 'fastapi-asyncpg-pool20min1-timeout1s/uvicorn/db/c64/w1t1',
    server: 'fastapi-asyncpg-pool20min1-timeout1s-uvicorn-w1-t1',
  },
  {
    name: "Django's persistent connections",
    point: { ...flask, app: 'django', dbConnections: 'persistent', poolSize: 4 },
    id: 'django-psycopg-persistent4/gunicorn-sync/db/c64/w3t1',
    server: 'django-psycopg-persistent4-gunicorn-sync-w3-t1',
  },
])('ids: $name', ({ point, id, server }) => {
  it(`point ${id}, server ${server}`, () => {
    expect(describePoint(point)).toBe(id);
    expect(describeServer(point)).toBe(server);
  });
});

const attempt = (overrides: Partial<Attempt> = {}): Attempt => ({
  ...makeRepetition(overrides),
  noisyRetries: 0,
  quietWaitS: 0,
});
const usage = {
  cpuCores: 0.25,
  pssBytesMean: 0,
  pssBytesMax: 100 * 2 ** 20,
  rssBytesMax: 0,
  idlePssBytes: 0,
  processes: 9,
};

describe.each<{ name: string; rep: Attempt; threads?: number; says: RegExp; not?: RegExp }>([
  {
    name: 'a plain repetition',
    rep: attempt(),
    says: /^60\.0 req\/s p99 52\.0 ms/,
    not: /\[|;|cpu probe/,
  },
  {
    name: 'a repetition whose CPU probe ran slow',
    rep: attempt({
      cpuProbe: { beforeLoopsPerMs: 16_000, afterLoopsPerMs: 20_000, slowdown: 0.25 },
    }),
    says: /\(other 1%\) cpu probe \+25%$/,
  },
  {
    name: 'answers by kind, and the database beside the server',
    rep: attempt({
      errorsTotal: 7,
      statusCounts: { '200': 173, '503 pool-timeout': 7 },
      groups: {
        server: { ...usage, metrics: {} },
        postgres: {
          ...usage,
          metrics: {
            peakConnections: 12,
            peakActiveConnections: 3,
            connectionSamples: 12,
            refusedConnections: 0,
          },
        },
      },
    }),
    says: /errors 7 \[503 pool-timeout: 7\].*; postgres cpu 0\.25 pss 100 MiB peakConnections 12 peakActiveConnections 3 refusedConnections 0$/,
    not: /\[200|server cpu|connectionSamples/,
  },
  {
    name: 'a saturated load generator',
    rep: attempt({ clientCpuCores: 0.5, clientCpuBusyShare: 0.97 }),
    says: /; CLIENT MAY BE SATURATED: the client CPUs were 97% busy/,
  },
])('formatRepetition: $name', ({ rep, threads, says, not }) => {
  it('says what was measured', () => {
    const line = formatRepetition(rep, 'server', threads);
    expect(line).toMatch(says);
    if (not) expect(line).not.toMatch(not);
  });
});

describe.each([
  { rep: { serverCpuContention: 0.23, otherCpuShare: 0.5 }, says: 'server CPUs contended 23%' },
  { rep: { otherCpuShare: 0.5 }, says: 'server CPUs contended 50%' },
  {
    rep: {
      serverCpuContention: 0.02,
      otherCpuShare: 0.5,
      cpuProbe: { beforeLoopsPerMs: 16_000, afterLoopsPerMs: 20_000, slowdown: 0.25 },
    },
    says: 'server CPUs contended 2%, CPU probe 25% slow',
  },
])('describeNoise($rep)', ({ rep, says }) => {
  it(`says "${says}"`, () => expect(describeNoise(rep)).toBe(says));
});

describe.each([
  { name: 'a server without limits', exitIsOutcome: undefined, retries: 2 },
  { name: 'a server under a CPU limit', exitIsOutcome: false, retries: 2 },
  {
    name: 'a server under a memory limit, whose exit is measured',
    exitIsOutcome: true,
    retries: 0,
  },
])('noisy retries on $name', ({ exitIsOutcome, retries }) => {
  it(`allows ${retries} of --noisy-retries 2`, () => {
    expect(allowNoisyRetries({ exitIsOutcome }, { noisyRetries: 2 })).toBe(retries);
  });
});

describe.each([
  { name: 'no threshold', speedup: 0.5, threshold: undefined, refuse: true, says: null },
  { name: 'a reading within it', speedup: 0.04, threshold: 0.05, refuse: true, says: null },
  { name: 'a slower reading', speedup: -0.3, threshold: 0.05, refuse: true, says: null },
  {
    name: 'a reading a little faster (the fast CPU drifting), even in a real recording',
    speedup: 0.07,
    threshold: 0.05,
    refuse: true,
    says: "the CPU probe ran 7% faster than the run's baseline, so windows up to that much slower than the CPU's speed pass as at speed",
  },
  {
    name: 'a faster reading in a --quick run',
    speedup: 0.5,
    threshold: 0.05,
    refuse: false,
    says: "the CPU probe ran 50% faster than the run's baseline: the baseline and the cpu endpoint's calibration were taken while the CPU ran slow, so windows as slow as it pass as at speed",
  },
])('a baseline judged with $name', ({ speedup, threshold, refuse, says }) => {
  it(says === null ? 'passes' : 'warns', () => {
    expect(judgeBaselineSpeed(speedup, threshold, refuse)).toBe(says);
  });
});

describe('a faster reading in a real recording', () => {
  it('stops the run and says why and what to do', () => {
    expect(() => judgeBaselineSpeed(0.5, 0.05, true)).toThrow(SlowBaselineError);
    expect(() => judgeBaselineSpeed(0.5, 0.05, true)).toThrow(
      /50% faster than the run's baseline.*record again while the CPU runs at its usual speed/,
    );
    expect(() => judgeBaselineSpeed(SLOW_BASELINE_SPEEDUP + 0.01, 0.05, true)).toThrow(
      SlowBaselineError,
    );
    expect(judgeBaselineSpeed(SLOW_BASELINE_SPEEDUP, 0.05, true)).not.toBeNull();
  });
});

describe('which runs a slow baseline stops', () => {
  it.each([
    { quick: false, allowNoisy: null, refuses: true },
    { quick: true, allowNoisy: null, refuses: false },
    { quick: false, allowNoisy: 'integration test on a shared machine', refuses: false },
  ])('quick $quick, allow-noisy $allowNoisy: $refuses', ({ quick, allowNoisy, refuses }) => {
    expect(refusesSlowBaseline({ quick, allowNoisy })).toBe(refuses);
  });
});
