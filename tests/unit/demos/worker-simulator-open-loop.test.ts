import { beforeAll, describe, expect, it } from 'vitest';
import { python, runDemoPython, runSimulator } from '../../support/python.ts';
import type { OpenLoopPrediction } from '../../../src/demos/simulator/open-loop-rows.ts';

/*
 * The simulator's open loop (`simulate_open` in src/demos/worker-simulator.py) under CPython:
 * requests arrive on a schedule whatever the server does, and each latency counts from the
 * arrival. Each expectation follows from the model's own assumptions: below capacity every
 * request is served at once; above it the queue grows by (rate - capacity) a second for as
 * long as the load lasts, and latency with it; a stall delays every arrival due during it.
 * Every case of a block runs in one Python process.
 */

/** What `simulate_open` returns: the page's fields and those these tests read beside them. */
interface OpenPrediction extends OpenLoopPrediction {
  offeredRps: number;
  completed: number;
  queued: number;
  throughputRps: number;
  maxMs: number | null;
  serviceP50Ms: number | null;
  latenciesMs?: number[];
}

const io = { io_ms: 50, cpu_ms: 0, overhead_ms: 0.1 };
const cpu = { io_ms: 0, cpu_ms: 5, overhead_ms: 0.1 };
/** The schedule's warm-up and window unless a case says otherwise, ms. */
const [warmupMs, windowMs] = [1500, 3000];

/** Every window request is followed to its end: answered in time, or given up. */
function expectCountsAddUp(r: OpenPrediction | undefined): void {
  expect((r?.completed ?? NaN) + (r?.timeouts ?? NaN)).toBe(r?.scheduled);
  expect(r?.achievedRps).toBeCloseTo((r?.completed ?? NaN) / (windowMs / 1000), 9);
  expect(r?.offeredRps).toBeCloseTo((r?.scheduled ?? NaN) / (windowMs / 1000), 9);
}

interface BelowCase {
  name: string;
  args: Record<string, number | string>;
  /** The time one request takes on its own, ms. */
  serviceMs: number;
}

const below: BelowCase[] = [
  {
    name: 'sync, 3 workers × 50 ms (60 req/s), 30 req/s',
    args: { model: 'sync', ...io, workers: 3, rate_rps: 30 },
    serviceMs: 50.1,
  },
  {
    name: 'gthread, 2 workers × 4 threads × 50 ms (160 req/s), 120 req/s',
    args: { model: 'gthread', ...io, workers: 2, threads: 4, rate_rps: 120 },
    serviceMs: 50.1,
  },
  {
    name: 'uvicorn, 1 loop, 50 ms wait (0.1 ms of CPU each: 10 000 req/s), 2000 req/s',
    args: { model: 'asyncio', ...io, workers: 1, rate_rps: 2000 },
    serviceMs: 50.1,
  },
  {
    name: 'gevent, 3 workers, 50 ms wait, 1000 req/s',
    args: { model: 'gevent', ...io, workers: 3, rate_rps: 1000 },
    serviceMs: 50.1,
  },
  {
    name: 'sync, 1 worker, 5 ms of CPU (196 req/s), 100 req/s',
    args: { model: 'sync', ...cpu, workers: 1, rate_rps: 100 },
    serviceMs: 5.1,
  },
];

describe.skipIf(!python)('the open loop below capacity: the offered rate, at service time', () => {
  let results: OpenPrediction[] = [];
  beforeAll(() => {
    results = runSimulator<OpenPrediction>(
      below.map((c) => c.args),
      60_000,
      'simulate_open',
    );
  });

  it.each(below.map((c, index) => ({ ...c, index })))('$name', ({ index, args, serviceMs }) => {
    const r = results[index];
    const rate = Number(args['rate_rps']);
    expectCountsAddUp(r);
    // Evenly spaced arrivals: exactly rate x window of them, every one answered in time.
    expect(r?.scheduled).toBe((rate * windowMs) / 1000);
    expect(r?.achievedRps).toBeCloseTo(rate, 9);
    expect(r?.timeouts).toBe(0);
    expect(r?.queued).toBe(0);
    // No queue: latency is the request's own time (waits vary by ± 10 %).
    expect(r?.p50Ms).toBeGreaterThan(serviceMs * 0.88);
    expect(r?.p50Ms).toBeLessThan(serviceMs * 1.12);
    expect(r?.p99Ms).toBeLessThan(serviceMs * 1.12);
    // Still out as the window closes: only those in flight, rate x service time of them.
    expect(r?.outstandingAtEnd).toBeLessThanOrEqual(Math.ceil((rate * serviceMs * 1.1) / 1000));
  });
});

interface AboveCase {
  name: string;
  args: Record<string, number | string>;
  /** What the model serves at most, req/s: slots x 1000 / ms, or cores x 1000 / CPU ms. */
  capacity: number;
  serviceMs: number;
}

const above: AboveCase[] = [
  {
    name: 'sync, 3 workers × 50 ms, 90 req/s',
    args: { model: 'sync', ...io, workers: 3, rate_rps: 90 },
    capacity: 3000 / 50.1,
    serviceMs: 50.1,
  },
  {
    name: 'gthread, 1 worker × 4 threads × 50 ms, 120 req/s',
    args: { model: 'gthread', ...io, workers: 1, threads: 4, rate_rps: 120 },
    capacity: 4000 / 50.1,
    serviceMs: 50.1,
  },
  {
    name: 'uvicorn, 1 loop, 5 ms of CPU, 300 req/s',
    args: { model: 'asyncio', ...cpu, workers: 1, rate_rps: 300 },
    capacity: 1000 / 5.1,
    serviceMs: 5.1,
  },
];

/** The load's two lengths: the recordings' 3 s window and twice that, after the warm-up. */
const windows = [3000, 6000];

describe.skipIf(!python)('the open loop above capacity: a queue that grows with the run', () => {
  let results: OpenPrediction[][] = [];
  beforeAll(() => {
    // No timeout (0), so every request's latency is kept however long it grows.
    const cases = above.flatMap((c) =>
      windows.map((window_ms) => ({ ...c.args, window_ms, timeout_ms: 0 })),
    );
    const all = runSimulator<OpenPrediction>(cases, 60_000, 'simulate_open');
    results = above.map((_, i) => all.slice(i * windows.length, (i + 1) * windows.length));
  });

  it.each(above.map((c, index) => ({ ...c, index })))(
    '$name',
    ({ index, args, capacity, serviceMs }) => {
      const rate = Number(args['rate_rps']);
      for (const [i, r] of (results[index] ?? []).entries()) {
        const runS = (warmupMs + (windows[i] ?? NaN)) / 1000;
        // The server delivers its capacity; every request is answered in the end.
        expect(r.throughputRps).toBeGreaterThan(capacity * 0.97);
        expect(r.throughputRps).toBeLessThan(capacity * 1.03);
        expect(r.timeouts).toBe(0);
        // The queue grows by (rate - capacity) a second from the first arrival on, and the
        // last request waits for all of it: run length x (rate / capacity - 1).
        const growth = rate / capacity - 1;
        expect(r.maxMs).toBeGreaterThan(1000 * runS * growth * 0.9);
        expect(r.maxMs).toBeLessThan(1000 * runS * growth * 1.1 + serviceMs);
        expect(r.outstandingAtEnd).toBeGreaterThan((rate - capacity) * runS * 0.9);
        expect(r.outstandingAtEnd).toBeLessThan((rate - capacity) * runS * 1.1 + 10);
      }
      const [short, long] = results[index] ?? [];
      expect(long?.p99Ms).toBeGreaterThan(1.5 * (short?.p99Ms ?? Infinity));
    },
  );
});

describe.skipIf(!python)('the open loop: timeouts, the connection cap, Poisson arrivals', () => {
  const sync = { model: 'sync', ...io, workers: 3 };
  let [timedOut, capped, even, poisson, poissonAgain]: (OpenPrediction | undefined)[] = [];
  beforeAll(() => {
    [timedOut, capped, even, poisson, poissonAgain] = runSimulator<OpenPrediction>(
      [
        { ...sync, rate_rps: 90 }, // the recordings' 2 s timeout
        { ...sync, rate_rps: 90, connections: 4, timeout_ms: 0 },
        { ...sync, rate_rps: 54 },
        { ...sync, rate_rps: 54, arrival: 'poisson', seed: 3, window_ms: 30_000 },
        { ...sync, rate_rps: 54, arrival: 'poisson', seed: 3, window_ms: 30_000 },
      ],
      60_000,
      'simulate_open',
    );
  });

  it('a request unanswered 2 s after its arrival is a timeout, left out of the percentiles', () => {
    expectCountsAddUp(timedOut);
    expect(timedOut?.timeouts).toBeGreaterThan(10);
    expect(timedOut?.achievedRps).toBeLessThan(timedOut?.offeredRps ?? 0);
    expect(timedOut?.maxMs).toBeLessThanOrEqual(2000);
  });

  it("waiting for the generator's connection counts in the latency, not in the service time", () => {
    expect(capped?.queued).toBeGreaterThan(100);
    expect(capped?.serviceP50Ms).toBeLessThan(4 * 55.1); // at most 4 out: 1 queued behind 3
    expect(capped?.p50Ms).toBeGreaterThan(1000);
  });

  it('Poisson arrivals bunch up: at 90 % of capacity they queue, evenly spaced ones do not', () => {
    expect(even?.p99Ms).toBeLessThan(55.2);
    expect(poisson?.p99Ms).toBeGreaterThan(2 * 55.2);
    // About rate x window of them: within 4 standard deviations (sqrt(1620) ≈ 40).
    expect(Math.abs((poisson?.scheduled ?? 0) - 54 * 30)).toBeLessThan(160);
    expect(poissonAgain).toEqual(poisson); // the same seed, the same arrivals
  });
});

describe.skipIf(!python)('a stall: every arrival due during it waits for it', () => {
  // uvicorn, 1 loop, 50 ms waits: 500 ms of blocking work on the loop, 1 s into the window.
  const loop = { model: 'asyncio', ...io, workers: 1, stall_ms: 500, keep_latencies: true };
  const slowMs = 100; // twice a request's own time
  let [open, closed]: (OpenPrediction | undefined)[] = [];
  beforeAll(() => {
    [open] = runSimulator<OpenPrediction>(
      [{ ...loop, rate_rps: 100, stall_at_ms: warmupMs + 1000 }],
      60_000,
      'simulate_open',
    );
    // One closed-loop connection: about 5 s of warm-up, then 2002 measured answers.
    [closed] = runSimulator<OpenPrediction>([{ ...loop, connections: 1, stall_at_ms: 20_000 }]);
  });

  it('open loop: the stall shows in every arrival due during it, the first waiting the longest', () => {
    const latencies = open?.latenciesMs ?? [];
    const slow = latencies.flatMap((ms, i) => (ms > slowMs ? [i] : []));
    // 100 req/s arrive during the 500 ms; those due in its last 50 ms wait less than 100 ms.
    expect(slow.length).toBeGreaterThanOrEqual(40);
    expect(slow.length).toBeLessThanOrEqual(50);
    // One unbroken run of arrivals, in arrival order: each due during the stall.
    expect((slow.at(-1) ?? NaN) - (slow[0] ?? NaN) + 1).toBe(slow.length);
    const first = latencies[slow[0] ?? -1];
    expect(first).toBeGreaterThan(500);
    expect(first).toBeLessThan(500 + 55.2 + 10);
    // Each later one waits about 10 ms less (its waits vary by ± 5 ms).
    for (const i of slow.slice(1)) expect(latencies[i]).toBeLessThan((first ?? 0) + 1);
  });

  it('closed loop: the one connection sends nothing during it, so one request shows it', () => {
    const slow = (closed?.latenciesMs ?? []).filter((ms) => ms > slowMs);
    expect(closed?.latenciesMs?.length).toBeGreaterThan(2000);
    expect(slow).toHaveLength(1);
  });
});

/** Runs the simulator as the page does, with these `PARAMS`; returns what it prints. */
function runWithParams(params: Record<string, number | string>): string {
  const code = `import runpy; runpy.run_path("worker-simulator.py", init_globals={"PARAMS": ${JSON.stringify(params)}}, run_name="__main__")`;
  return runDemoPython(['-c', code]);
}

describe.skipIf(!python)('the open loop as the page runs it', () => {
  it('prints the load and, per model, the achieved rate, latency, waiting and timed out', () => {
    const output = runWithParams({ load: 'open', rate_rps: 90, window_s: 3 });
    expect(output).toContain('90 requests a second, evenly spaced, for 1.5 s of warm-up');
    expect(output).toMatch(/^model +workers +req\/s +p50 ms +p99 ms +waiting +timed out$/m);
    // 3 sync workers serve 60 of the 90 a second: a queue at the end, and 2 s timeouts.
    const sync = /^gunicorn sync +3 +([\d.]+) +[\d.]+ +[\d.]+ +(\d+) +(\d+)$/m.exec(output);
    expect(Number(sync?.[1])).toBeLessThan(90);
    expect(Number(sync?.[2])).toBeGreaterThan(50);
    expect(Number(sync?.[3])).toBeGreaterThan(0);
    expect(output).toMatch(/^uvicorn \(asyncio\) +1 +90\.0 +[\d.]+ +[\d.]+ +\d+ +0$/m);
  });

  it.each([
    { params: { load: 'sideways' }, error: /load must be 'closed' or 'open', not 'sideways'/ },
    { params: { load: 'open', arrival: 'bursty' }, error: /arrival must be .* not 'bursty'/ },
    { params: { load: 'open', rate_rps: 0 }, error: /needs an arrival rate and a window above 0/ },
  ])('refuses $params', ({ params, error }) => {
    expect(() => runWithParams(params)).toThrow(error);
  });
});
