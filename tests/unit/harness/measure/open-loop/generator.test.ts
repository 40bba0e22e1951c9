/**
 * The open-loop engine against in-process fake servers: latency is measured from the intended
 * send time (a stall shows in every request due during it), and every request of the window
 * is accounted for whatever the server does. No wall-clock speed is asserted.
 */
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  generateOpenLoop,
  type Sample,
} from '../../../../../harness/measure/open-loop/generator.ts';
import {
  parseOpenLoopOptions,
  type OpenLoopOptionsInput,
} from '../../../../../harness/measure/open-loop/options.ts';
import { findReportInconsistencies } from '../../../../../harness/measure/open-loop/report.ts';
import { startFakeServer, type FakeBehaviour, type FakeServer } from './fake-server.ts';

// Real sockets (and in run.test.ts a child Node that strips types at startup) can outlast
// vitest's 5 s default on a shared machine; nothing here asserts speed.
vi.setConfig({ testTimeout: 30_000 });

let server: FakeServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** Run the engine against a fake server; returns the report and every window request's fate. */
async function runAgainst(
  behaviour: FakeBehaviour,
  options: Omit<OpenLoopOptionsInput, 'url'>,
): Promise<{ report: Awaited<ReturnType<typeof generateOpenLoop>>; samples: Sample[] }> {
  server = await startFakeServer(behaviour);
  const samples: Sample[] = [];
  const report = await generateOpenLoop(parseOpenLoopOptions({ url: server.url(), ...options }), {
    onSample: (sample) => {
      if (sample.measured) samples.push(sample);
    },
  });
  expect(findReportInconsistencies(report)).toEqual([]);
  return { report, samples };
}

// Long enough that a request the server held (service time >= STALL_MS / 2) is never confused
// with one merely slowed by a busy machine (hiccups of 100 ms were seen with load 13).
const STALL_MS = 1000;

// A server that stops answering for STALL_MS in the middle of the window, then answers
// everything it holds. With one connection the load is closed-loop-like: a single request sits
// in the stall and the others wait in the generator, so only one service time shows the stall
// (coordinated omission). With many connections every request is sent and held by the server.
describe.each([
  // One connection: the server holds at most one request (none of the early ones if the
  // request sent just before the stall reached it after the stall began).
  { connections: 1, heldByServer: () => [0, 1], serviceP90Stalled: false },
  { connections: 128, heldByServer: (due: number) => [due, due], serviceP90Stalled: true },
])(
  `a server that stalls for ${STALL_MS} ms, $connections connection(s)`,
  ({ connections, heldByServer, serviceP90Stalled }) => {
    it('shows the rest of the stall in every request due during it; service time only where the server held it', async () => {
      const warmupS = 0.2;
      const stallFrom = performance.now() + warmupS * 1000 + 300;
      const stallUntil = stallFrom + STALL_MS;
      const { report, samples } = await runAgainst(
        {
          answerAtMs: (arrived) =>
            arrived >= stallFrom && arrived < stallUntil ? stallUntil : arrived,
        },
        { rateRps: 200, durationS: 2, warmupS, timeoutS: 3, connections },
      );
      const due = samples.filter((s) => s.intendedMs >= stallFrom && s.intendedMs < stallUntil);
      // 200 req/s is one every 5 ms (±1 for where the lattice meets the stall's edges).
      expect(Math.abs(due.length - STALL_MS / 5)).toBeLessThanOrEqual(1);
      for (const s of due) {
        expect(s.outcome).toBe('ok');
        expect(s.endMs - s.intendedMs).toBeGreaterThanOrEqual(stallUntil - s.intendedMs);
      }
      // Requests due in the stall's first half had at least STALL_MS / 2 of it left. Those the
      // server held show it in their service time too; those that waited in the generator do not.
      const early = due.filter((s) => s.intendedMs < stallFrom + STALL_MS / 2);
      const serviceShowsStall = early.filter(
        (s) => s.sentMs !== null && s.endMs - s.sentMs >= STALL_MS / 4,
      );
      const [fewest, most] = heldByServer(early.length);
      expect(serviceShowsStall.length).toBeGreaterThanOrEqual(fewest ?? NaN);
      expect(serviceShowsStall.length).toBeLessThanOrEqual(most ?? NaN);
      // A quarter of the window's requests came in the stall's first half, so the report's p90
      // latency shows the stall; its service-time p90 only when the server held them all.
      expect(report.latencyMs?.p90).toBeGreaterThanOrEqual(STALL_MS / 2);
      expect((report.serviceMs?.p90 ?? 0) >= STALL_MS / 4).toBe(serviceP90Stalled);
      expect(report.completed).toBe(report.scheduled);
    });
  },
);

describe.each([
  {
    name: 'never answers',
    behaviour: { answerAtMs: () => Number.POSITIVE_INFINITY },
    expectReport: { completed: 0, sent: 'scheduled', connect: 0, timeout: 'scheduled', non2xx: 0 },
  },
  {
    name: 'answers 503',
    behaviour: { status: 503 },
    expectReport: {
      completed: 'scheduled',
      sent: 'scheduled',
      connect: 0,
      timeout: 0,
      non2xx: 'scheduled',
    },
  },
  {
    name: 'answers 200 and closes every connection',
    behaviour: { closeEachConnection: true },
    expectReport: { completed: 'scheduled', sent: 'scheduled', connect: 0, timeout: 0, non2xx: 0 },
  },
] as const)('a server that $name', ({ behaviour, expectReport }) => {
  it('accounts for every request of the window', async () => {
    const { report } = await runAgainst(behaviour, {
      rateRps: 100,
      durationS: 0.5,
      warmupS: 0.1,
      // Long enough that a busy machine's hiccup is not a timeout where none is expected.
      timeoutS: 1,
    });
    const resolve = (v: number | 'scheduled'): number => (v === 'scheduled' ? report.scheduled : v);
    expect(report.scheduled).toBe(50);
    expect(report.completed).toBe(resolve(expectReport.completed));
    expect(report.sent).toBe(resolve(expectReport.sent));
    expect(report.errors.connect).toBe(resolve(expectReport.connect));
    expect(report.errors.timeout).toBe(resolve(expectReport.timeout));
    expect(report.errors.non2xx).toBe(resolve(expectReport.non2xx));
    expect(report.latencyMs === null).toBe(report.completed === 0);
  });
});

describe('the window', () => {
  // A clock reading at which (start + 100) + 500 rounds above start + 600, the 61st arrival of
  // 100 req/s: decided by sums, that arrival fell inside a 0.1 s + 0.5 s run's window.
  function startWhereSumsDisagree(): number {
    for (let k = 1; k < 100_000; k++) {
      const start = (k * Math.SQRT2) % 2000;
      if (start + 100 + 500 > start + 600) return start;
    }
    throw new Error('no clock reading where the sums disagree');
  }

  it('holds exactly rate × duration constant arrivals, whatever the clock reads at the start', async () => {
    const start = startWhereSumsDisagree();
    const realNow = performance.now.bind(performance);
    const origin = realNow();
    vi.spyOn(performance, 'now').mockImplementation(() => start + (realNow() - origin));
    try {
      const { report } = await runAgainst({}, { rateRps: 100, durationS: 0.5, warmupS: 0.1 });
      expect(report.scheduled).toBe(50);
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe('connections', () => {
  it('opens one per request when the server closes them, and reuses them when it keeps them', async () => {
    const options = { rateRps: 100, durationS: 0.5, warmupS: 0.2 };
    const closing = (await runAgainst({ closeEachConnection: true }, options)).report;
    await server?.close();
    const keeping = (await runAgainst({}, options)).report;
    // Every window request written before the window ended needed a connection of its own.
    expect(closing.connectionsOpened).toBeGreaterThanOrEqual(
      closing.scheduled - closing.outstandingAtEnd - 1,
    );
    expect(keeping.connectionsOpened).toBeLessThanOrEqual(keeping.maxInFlight);
  });

  it('refused: every request is a connect error, none sent', async () => {
    server = await startFakeServer();
    const url = server.url();
    await server.close();
    server = null;
    const report = await generateOpenLoop(
      parseOpenLoopOptions({ url, rateRps: 50, durationS: 0.4, warmupS: 0 }),
    );
    expect(report.scheduled).toBe(20);
    expect(report.errors.connect).toBe(20);
    expect(report.sent).toBe(0);
    expect(findReportInconsistencies(report)).toEqual([]);
  });

  it('caps outstanding requests; the wait for a free connection counts in latency', async () => {
    // Each answer takes 50 ms and requests come every 10 ms: 2 connections carry 40 req/s, so
    // requests queue in the generator and wait longer and longer.
    const { report, samples } = await runAgainst(
      { answerAtMs: (arrived) => arrived + 50 },
      { rateRps: 100, durationS: 0.5, warmupS: 0, timeoutS: 5, connections: 2 },
    );
    expect(report.maxInFlight).toBe(2);
    expect(report.queued).toBeGreaterThan(0);
    expect(report.outstandingAtEnd).toBeGreaterThan(0);
    expect(report.completed).toBe(report.scheduled);
    for (const s of samples) {
      expect(s.sentMs).not.toBeNull();
      expect(s.endMs - (s.sentMs ?? 0)).toBeGreaterThanOrEqual(50);
    }
    // The last request waited behind everything before it: far more than its 50 ms service.
    const last = samples.reduce((a, b) => (b.intendedMs > a.intendedMs ? b : a));
    expect(last.endMs - last.intendedMs).toBeGreaterThan(500);
  });
});

describe('the achieved rate', () => {
  it("counts the window's own requests, not a backlog from the warm-up answered in the window", async () => {
    // Requests that arrive in the warm-up's first 0.8 s are held until 0.2 s into the window,
    // so about 80 warm-up answers land in the window beside the window's own 100.
    const startedAt = performance.now();
    const { report } = await runAgainst(
      {
        answerAtMs: (arrived) =>
          arrived < startedAt + 800 ? Math.max(arrived, startedAt + 1200) : arrived,
      },
      { rateRps: 100, durationS: 1, warmupS: 1, timeoutS: 3 },
    );
    expect(report.completed).toBe(report.scheduled);
    expect(report.completedInWindow).toBeGreaterThan(report.scheduled);
    expect(report.achievedRps).toBe(report.offeredRps);
  });
});

describe('window hooks', () => {
  it('open once as the warm-up ends and close once as the window ends, in order', async () => {
    server = await startFakeServer();
    const edges: Array<{ edge: string; atMs: number }> = [];
    const startedAt = performance.now();
    await generateOpenLoop(
      parseOpenLoopOptions({ url: server.url(), rateRps: 50, durationS: 0.3, warmupS: 0.2 }),
      {
        onWindowOpen: () => edges.push({ edge: 'open', atMs: performance.now() - startedAt }),
        onWindowClose: () => edges.push({ edge: 'close', atMs: performance.now() - startedAt }),
      },
    );
    expect(edges.map((e) => e.edge)).toEqual(['open', 'close']);
    // Never early: the window opens after the warm-up and closes after the window.
    expect(edges[0]?.atMs).toBeGreaterThanOrEqual(200);
    expect(edges[1]?.atMs).toBeGreaterThanOrEqual(500);
  });
});
