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
