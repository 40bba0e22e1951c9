import { beforeAll, describe, expect, it } from 'vitest';
import { python, runDemoPython, runSimulator } from '../../support/python.ts';

/*
 * The worker-model simulator (src/demos/worker-simulator.py) under CPython: its predictions
 * must follow from its own assumptions, so each case is a number Little's law or the GIL
 * fixes in advance. Every case runs in one Python process.
 */

interface Case {
  name: string;
  args: { model: string; io_ms: number; cpu_ms: number; connections: number; workers: number };
  options?: Record<string, number>;
  /** Expected throughput in req/s, within `tolerance` (a fraction). */
  throughput: number;
  tolerance?: number;
}

const cases: Case[] = [
  {
    name: "sync, 3 workers, 50 ms wait, 16 connections: Little's law, 3 × 1000 / 50",
    args: { model: 'sync', io_ms: 50, cpu_ms: 0, connections: 16, workers: 3 },
    throughput: 60,
  },
  {
    name: 'sync, 8 workers, 50 ms wait, 64 connections: 8 × 20',
    args: { model: 'sync', io_ms: 50, cpu_ms: 0, connections: 64, workers: 8 },
    throughput: 160,
  },
  {
    name: 'sync, 8 workers but only 4 connections: the connections are the limit',
    args: { model: 'sync', io_ms: 50, cpu_ms: 0, connections: 4, workers: 8 },
    throughput: 80,
  },
  {
    name: 'sync, 5 ms of CPU on 1 core: capped near cores / CPU time, whatever the workers',
    args: { model: 'sync', io_ms: 0, cpu_ms: 5, connections: 64, workers: 3 },
    throughput: 200,
  },
  {
    name: 'sync, 5 ms of CPU on 2 cores with 3 workers: twice that',
    args: { model: 'sync', io_ms: 0, cpu_ms: 5, connections: 64, workers: 3 },
    options: { cores: 2 },
    throughput: 400,
  },
  {
    name: 'gthread, 1 worker × 8 threads, 50 ms wait: waits release the GIL and overlap',
    args: { model: 'gthread', io_ms: 50, cpu_ms: 0, connections: 64, workers: 1 },
    options: { threads: 8 },
    throughput: 160,
  },
  {
    name: 'gthread, 1 worker × 8 threads, 10 ms of CPU on 4 cores: the GIL allows one core',
    args: { model: 'gthread', io_ms: 0, cpu_ms: 10, connections: 64, workers: 1 },
    options: { threads: 8, cores: 4 },
    throughput: 100,
  },
  {
    name: 'asyncio, 1 loop, 50 ms wait + 10 ms CPU: the CPU part serializes (1000 / 10)',
    args: { model: 'asyncio', io_ms: 50, cpu_ms: 10, connections: 64, workers: 1 },
    throughput: 100,
  },
  {
    name: 'asyncio, 1 loop on 2 cores: still one handler at a time',
    args: { model: 'asyncio', io_ms: 50, cpu_ms: 10, connections: 64, workers: 1 },
    options: { cores: 2 },
    throughput: 100,
  },
  {
    name: 'asyncio, 2 loops on 2 cores: twice that',
    args: { model: 'asyncio', io_ms: 50, cpu_ms: 10, connections: 64, workers: 2 },
    options: { cores: 2 },
    throughput: 200,
  },
  {
    name: 'asyncio, 1 loop, 50 ms wait, 256 connections: every wait overlaps (256 × 20)',
    args: { model: 'asyncio', io_ms: 50, cpu_ms: 0, connections: 256, workers: 1 },
    throughput: 5120,
  },
  {
    name: 'gevent, worker_connections 10: only 10 connections are ever served',
    args: { model: 'gevent', io_ms: 50, cpu_ms: 0, connections: 64, workers: 1 },
    options: { worker_connections: 10 },
    throughput: 200,
  },
];

interface Prediction {
  throughputRps: number;
  p50Ms: number;
  p99Ms: number;
  served: number;
}

describe.skipIf(!python)('worker-simulator.py under CPython', () => {
  let results: Prediction[] = [];
  beforeAll(() => {
    results = runSimulator<Prediction>(cases.map((c) => ({ ...c.args, ...c.options })));
  });

  it.each(cases.map((c, index) => ({ ...c, index })))(
    '$name',
    ({ index, throughput, tolerance = 0.02 }) => {
      const result = results[index];
      expect(result?.throughputRps).toBeGreaterThan(throughput * (1 - tolerance));
      expect(result?.throughputRps).toBeLessThan(throughput * (1 + tolerance));
    },
  );

  it("closed loop: mean latency follows Little's law, connections ÷ throughput", () => {
    const sync = results[0];
    // 16 connections at 60 req/s wait about 267 ms each; the median is close to the mean.
    expect(sync?.p50Ms).toBeGreaterThan((16 / 60) * 1000 * 0.9);
    expect(sync?.p50Ms).toBeLessThan((16 / 60) * 1000 * 1.1);
  });

  it('an event loop does not queue a waiting request behind another one', () => {
    const loop = results[10];
    expect(loop?.p50Ms).toBeLessThan(56); // the 50 ms wait (± 10 % jitter), nothing more
  });

  it('gevent reports how many connections it served', () => {
    expect(results[11]?.served).toBe(10);
  });

  it('prints a table of all four models and a text timeline when run as a program', () => {
    const output = runDemoPython(['worker-simulator.py']);
    for (const label of [
      'gunicorn sync',
      'gunicorn gthread',
      'uvicorn \\(asyncio\\)',
      'gunicorn gevent',
    ])
      expect(output).toMatch(new RegExp(`^${label} +[\\dx]+ +[\\d.]+ +[\\d.]+ +[\\d.]+$`, 'm'));
    expect(output).toMatch(/^worker 1 \|/m);
    expect(output).toContain('# running   . waiting   X blocked');
  });

  it('refuses a request that takes no time', () => {
    const run = () =>
      runDemoPython([
        '-c',
        'import runpy; runpy.run_path("worker-simulator.py", init_globals={"PARAMS": {"io_ms": 0, "cpu_ms": 0, "overhead_ms": 0}}, run_name="__main__")',
      ]);
    expect(run).toThrow(/no time at all/);
  });
});

/*
 * The connection pool: POOL connections per process, each held for a request's whole wait;
 * without a free one a request queues (oldest first) and after the pool timeout it is
 * answered as an error. Little's law again: processes × pool × 1000 / wait, until the slots
 * (workers × threads) or the CPU bind first.
 */
interface PoolCase {
  name: string;
  args: { model: string; io_ms: number; cpu_ms: number; connections: number; workers: number };
  options: Record<string, number>;
  /** Expected answers that were not errors, req/s, within 2 %. */
  ok: number;
  /** Whether some requests give up waiting for a connection. */
  timeouts: boolean;
}

const poolCases: PoolCase[] = [
  {
    name: 'asyncio, 1 loop with a pool of 1: one wait at a time per process (1000 / 50)',
    args: { model: 'asyncio', io_ms: 50, cpu_ms: 0, connections: 16, workers: 1 },
    options: { pool: 1 },
    ok: 20,
    timeouts: false,
  },
  {
    name: 'asyncio, 2 loops with a pool of 1 each: one wait at a time in each, 2 × 20',
    args: { model: 'asyncio', io_ms: 50, cpu_ms: 0, connections: 16, workers: 2 },
    options: { pool: 1 },
    ok: 40,
    timeouts: false,
  },
  {
    name: 'gevent, 2 workers with a pool of 3: processes × pool × 1000 / 50',
    args: { model: 'gevent', io_ms: 50, cpu_ms: 0, connections: 64, workers: 2 },
    options: { pool: 3 },
    ok: 120,
    timeouts: false,
  },
  {
    name: 'gthread, 1 worker × 8 threads with a pool of 2: the pool binds, not the threads',
    args: { model: 'gthread', io_ms: 50, cpu_ms: 0, connections: 64, workers: 1 },
    options: { threads: 8, pool: 2 },
    ok: 40,
    timeouts: false,
  },
  {
    name: 'asyncio, a pool of 1 for 64 connections: 20 answered in time, the rest time out',
    args: { model: 'asyncio', io_ms: 50, cpu_ms: 0, connections: 64, workers: 1 },
    options: { pool: 1 },
    ok: 20,
    timeouts: true,
  },
  {
    name: 'gthread, 4 threads, a pool of 1 for 64 connections: the rest wait for a thread, untimed',
    args: { model: 'gthread', io_ms: 50, cpu_ms: 0, connections: 64, workers: 1 },
    options: { threads: 4, pool: 1 },
    ok: 20,
    timeouts: false,
  },
  {
    name: 'a pool timeout of 200 ms: 16 connections on a pool of 1 no longer all fit',
    args: { model: 'asyncio', io_ms: 50, cpu_ms: 0, connections: 16, workers: 1 },
    options: { pool: 1, pool_timeout_ms: 200 },
    ok: 20,
    timeouts: true,
  },
];

/** The same experiment without a pool and with one no smaller than a process's slots. */
const unchangedCases = [
  { model: 'sync', io_ms: 50, cpu_ms: 0, connections: 64, workers: 3, pool: 1 },
  { model: 'gthread', io_ms: 50, cpu_ms: 2, connections: 64, workers: 2, threads: 4, pool: 4 },
  { model: 'gthread', io_ms: 50, cpu_ms: 0, connections: 64, workers: 2, threads: 4, pool: 9 },
  { model: 'gevent', io_ms: 50, cpu_ms: 1, connections: 32, workers: 2, pool: 16 },
];

interface PoolPrediction extends Prediction {
  okThroughputRps: number;
  poolTimeoutRps: number;
}

describe.skipIf(!python)('worker-simulator.py with a connection pool', () => {
  let results: PoolPrediction[] = [];
  let withoutPool: PoolPrediction[] = [];
  let withPool: PoolPrediction[] = [];
  beforeAll(() => {
    const unchanged = unchangedCases.flatMap((c) => [{ ...c, pool: 0 }, c]);
    const all = runSimulator<PoolPrediction>([
      ...poolCases.map((c) => ({ ...c.args, ...c.options })),
      ...unchanged,
    ]);
    results = all.slice(0, poolCases.length);
    const rest = all.slice(poolCases.length);
    withoutPool = rest.filter((_, i) => i % 2 === 0);
    withPool = rest.filter((_, i) => i % 2 === 1);
  });

  it.each(poolCases.map((c, index) => ({ ...c, index })))('$name', ({ index, ok, timeouts }) => {
    const result = results[index];
    expect(result?.okThroughputRps).toBeGreaterThan(ok * 0.98);
    expect(result?.okThroughputRps).toBeLessThan(ok * 1.02);
    if (timeouts) expect(result?.poolTimeoutRps).toBeGreaterThan(1);
    else expect(result?.poolTimeoutRps).toBe(0);
    // Every answer is either in time or a timeout.
    expect(result?.throughputRps).toBeCloseTo(
      (result?.okThroughputRps ?? NaN) + (result?.poolTimeoutRps ?? NaN),
      6,
    );
  });

  it('a request waits at most the pool timeout and then its own query', () => {
    const crowded = results[4];
    expect(crowded?.poolTimeoutRps).toBeGreaterThan(30); // 64 clients, about 20 served a second
    expect(crowded?.p99Ms).toBeLessThanOrEqual(1000 + 50 * 1.1);
  });

  it('threads waiting for a connection hold their thread: the backlog waits without a timeout', () => {
    // 64 clients on 4 threads at 20 req/s: about 3.2 s each, far past the 1 s pool timeout.
    expect(results[5]?.p50Ms).toBeGreaterThan(2500);
  });

  it.each(unchangedCases.map((c, index) => ({ ...c, index })))(
    'a pool no smaller than what a process runs at once changes nothing: $model, pool $pool',
    ({ index }) => {
      const [before, after] = [withoutPool[index], withPool[index]];
      expect(after?.throughputRps).toBe(before?.throughputRps);
      expect(after?.p99Ms).toBe(before?.p99Ms);
      expect(after?.poolTimeoutRps).toBe(0);
    },
  );
});
