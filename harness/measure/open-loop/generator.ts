/**
 * The open-loop engine: sends GET requests on a fixed schedule over an undici connection pool,
 * never waiting for answers, and measures each latency from the request's intended send time.
 *
 * A request due while every connection is busy waits here (FIFO) and that wait is part of its
 * latency: it is the queueing a user arriving then would see. A request not answered within
 * the timeout of its intended time is given up. After the window no request is sent; the
 * window's requests are waited for until each is answered or timed out, so the run ends at
 * most `timeoutS` (plus one sweep) after the window, and no answer is silently dropped.
 */
import { performance } from 'node:perf_hooks';
import { Pool, type Dispatcher } from 'undici';
import {
  classifyError,
  Entry,
  TIMED_OUT,
  type EntryOwner,
  type Outcome,
  type Sample,
} from './entry.ts';
import { createDurationHistogram } from './histogram.ts';
import type { OpenLoopOptions } from './options.ts';
import type { OpenLoopReport } from './report.ts';
import { createSchedule } from './schedule.ts';
import { Fifo } from './fifo.ts';

export type { Outcome, Sample };

/** Optional observers of a run. */
export interface GeneratorHooks {
  onSample?: (sample: Sample) => void;
  /** Called as the measured window opens (the warm-up ends), so a caller can align its own readings. */
  onWindowOpen?: () => void;
  /** Called as the window closes, before the window's last requests are waited for. */
  onWindowClose?: () => void;
}

/** Timeouts are checked this often, so a timeout is noticed at most this late. */
const SWEEP_MS = 10;
/**
 * Node timers have 1 ms granularity and run on libuv's cached clock, so a timer can fire up to
 * a millisecond early or late. The scheduler therefore sleeps until shortly before an arrival
 * and polls (setImmediate, which still serves I/O) for the rest: up to MAX_SPIN_MS, but never
 * more than SPIN_SHARE of the mean gap, so polling costs at most that share of a core. At low
 * rates arrivals are then sent within microseconds; at high rates a few share a wake-up.
 */
const MAX_SPIN_MS = 1.2;
const SPIN_SHARE = 0.05;
/**
 * Idle connections are closed after this: below gunicorn's default keep-alive (2 s) and
 * uvicorn's (5 s), so the generator never writes to a connection the server is closing.
 */
const KEEP_ALIVE_MS = 1000;

/** Wait for `promise`, but no longer than `ms`. */
async function waitAtMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

class Engine implements EntryOwner {
  private readonly pool: Pool;
  private readonly path: string;
  private readonly timeoutMs: number;
  private readonly nextOffset: () => number;
  private readonly startAt = performance.now();
  private readonly windowStartAt: number;
  private readonly windowEndAt: number;
  /** The window as offsets into the schedule: arrivals are placed in it by offset, not by a sum. */
  private readonly windowStartOffset: number;
  private readonly windowEndOffset: number;
  private nextOffsetMs: number;
  private nextAt: number;
  private readonly spinMs: number;
  private readonly waiting = new Fifo<Entry>();
  private readonly unsettled = new Fifo<Entry>();
  private inFlight = 0;
  private pumpQueued = false;
  private connects = 0;
  private windowOpen: { cpu: NodeJS.CpuUsage; atMs: number; connects: number } | null = null;
  private atWindowEnd: Pick<
    OpenLoopReport,
    'outstandingAtEnd' | 'connectionsOpened' | 'cpu'
  > | null = null;
  private measuredOpen = 0;
  private readonly latency = createDurationHistogram();
  private readonly service = createDurationHistogram();
  private readonly sendLag = createDurationHistogram();
  private readonly counts = {
    scheduled: 0,
    sent: 0,
    completed: 0,
    completedInWindow: 0,
    queued: 0,
    maxInFlight: 0,
  };
  private readonly errors = { connect: 0, socket: 0, timeout: 0, other: 0, non2xx: 0 };
  private resolveDrained: (() => void) | null = null;
  private readonly options: OpenLoopOptions;
  private readonly hooks: GeneratorHooks;

  constructor(options: OpenLoopOptions, hooks: GeneratorHooks) {
    this.options = options;
    this.hooks = hooks;
    const url = new URL(options.url);
    this.path = url.pathname + url.search;
    this.timeoutMs = options.timeoutS * 1000;
    this.pool = new Pool(url.origin, {
      connections: options.connections,
      pipelining: 1,
      keepAliveTimeout: KEEP_ALIVE_MS,
      keepAliveMaxTimeout: KEEP_ALIVE_MS,
      connect: { timeout: this.timeoutMs },
      // Timeouts are enforced from the intended send time by the sweep, not by undici.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    this.pool.on('connect', () => this.connects++);
    this.spinMs = Math.min(MAX_SPIN_MS, (SPIN_SHARE * 1000) / options.rateRps);
    this.nextOffset = createSchedule(options);
    this.nextOffsetMs = this.nextOffset();
    this.nextAt = this.startAt + this.nextOffsetMs;
    this.windowStartOffset = options.warmupS * 1000;
    this.windowEndOffset = (options.warmupS + options.durationS) * 1000;
    this.windowStartAt = this.startAt + this.windowStartOffset;
    this.windowEndAt = this.startAt + this.windowEndOffset;
  }

  async run(): Promise<OpenLoopReport> {
    const sweeper = setInterval(() => this.sweep(performance.now()), SWEEP_MS);
    const drained = new Promise<void>((resolve) => (this.resolveDrained = resolve));
    this.tick();
    // Every window request is settled by windowEnd + timeout + one sweep; this is a backstop.
    const limitMs = this.windowEndAt - performance.now() + this.timeoutMs + 1000;
    await waitAtMost(drained, limitMs);
    this.sweep(Number.POSITIVE_INFINITY);
    clearInterval(sweeper);
    // Closes every connection (warm-up requests still in flight were aborted by the sweep).
    const closed = this.pool.destroy().catch(() => {});
    await waitAtMost(closed, 2000);
    if (!this.atWindowEnd) throw new Error('open-loop window never closed');
    const { durationS } = this.options;
    const { scheduled, completedInWindow } = this.counts;
    return {
      settings: this.options,
      scheduled,
      offeredRps: scheduled / durationS,
      sent: this.counts.sent,
      completed: this.counts.completed,
      completedInWindow,
      achievedRps: this.counts.completed / durationS,
      errors: { ...this.errors },
      outstandingAtEnd: this.atWindowEnd.outstandingAtEnd,
      queued: this.counts.queued,
      maxInFlight: this.counts.maxInFlight,
      connectionsOpened: this.atWindowEnd.connectionsOpened,
      latencyMs: this.latency.summarise(),
      serviceMs: this.service.summarise(),
      sendLagMs: this.sendLag.summariseBrief(),
      histograms: { latency: this.latency.encode(), service: this.service.encode() },
      cpu: this.atWindowEnd.cpu,
    };
  }

  /** Send everything due, move between phases, and sleep until the next arrival or phase. */
  private readonly tick = (): void => {
    const now = performance.now();
    // Which phase an arrival belongs to is decided on its offset, which the schedule computes
    // exactly for constant arrivals: (start + 1000) + 3000 and start + 80 * 50 can differ in the
    // last bit, which once put an 81st arrival of 20 req/s into a 1 s + 3 s run's window.
    while (this.nextAt <= now && this.nextOffsetMs < this.windowEndOffset) {
      this.arrive(this.nextAt, this.nextOffsetMs >= this.windowStartOffset, now);
      this.nextOffsetMs = this.nextOffset();
      this.nextAt = this.startAt + this.nextOffsetMs;
    }
    if (!this.windowOpen && now >= this.windowStartAt) {
      this.hooks.onWindowOpen?.();
      this.windowOpen = { cpu: process.cpuUsage(), atMs: now, connects: this.connects };
    }
    if (now >= this.windowEndAt) {
      this.closeWindow(now);
      return;
    }
    const wake = Math.min(this.nextAt, this.windowOpen ? this.windowEndAt : this.windowStartAt);
    const wait = wake - performance.now();
    if (wait <= this.spinMs) setImmediate(this.tick);
    else setTimeout(this.tick, Math.max(1, Math.floor(wait - this.spinMs)));
  };

  private arrive(intendedMs: number, measured: boolean, now: number): void {
    const entry = new Entry(this, intendedMs, measured);
    if (measured) {
      this.counts.scheduled++;
      this.measuredOpen++;
      this.sendLag.record(now - intendedMs);
    }
    this.unsettled.push(entry);
    if (this.inFlight < this.options.connections) this.dispatch(entry);
    else {
      this.waiting.push(entry);
      if (measured) this.counts.queued++;
    }
  }

  private dispatch(entry: Entry): void {
    entry.dispatched = true;
    this.inFlight++;
    this.counts.maxInFlight = Math.max(this.counts.maxInFlight, this.inFlight);
    this.pool.dispatch({ path: this.path, method: 'GET' }, entry);
  }

  /** Called by undici as the request is written to a connected socket. */
  handleSent(entry: Entry, controller: Dispatcher.DispatchController): void {
    if (entry.done) {
      controller.abort(TIMED_OUT);
      return;
    }
    entry.controller = controller;
    entry.sentMs = performance.now();
    if (entry.measured) this.counts.sent++;
  }

  /** Called by undici once per request: answered (error null) or failed. */
  handleEnd(entry: Entry, error: Error | null): void {
    const now = performance.now();
    if (!entry.released) {
      entry.released = true;
      this.inFlight--;
      if (!this.pumpQueued && this.waiting.size > 0) {
        this.pumpQueued = true;
        // Outside undici's callback, so the next dispatch does not re-enter it.
        queueMicrotask(this.pump);
      }
    }
    const answered = entry.status >= 200 && entry.status < 300 ? 'ok' : 'non2xx';
    this.settle(entry, now, error ? classifyError(error, entry.sentMs !== null) : answered);
  }

  private readonly pump = (): void => {
    this.pumpQueued = false;
    while (this.inFlight < this.options.connections && this.waiting.size > 0) {
      const entry = this.waiting.shift();
      if (entry && !entry.done) this.dispatch(entry);
    }
  };

  /** Give up every request due more than the timeout before `now` (FIFO by intended time). */
  private sweep(now: number): void {
    for (let entry = this.unsettled.peek(); entry; entry = this.unsettled.peek()) {
      if (!entry.done && now - entry.intendedMs < this.timeoutMs) return;
      this.unsettled.shift();
      if (entry.done) continue;
      this.settle(entry, Math.min(now, entry.intendedMs + this.timeoutMs), 'timeout');
      if (entry.controller) entry.controller.abort(TIMED_OUT);
    }
  }

  private settle(entry: Entry, endMs: number, reported: Outcome): void {
    if (entry.done) return;
    entry.done = true;
    const answered = reported === 'ok' || reported === 'non2xx';
    // An answer later than the timeout is a timeout even if the sweep had not run yet.
    const outcome = answered && endMs - entry.intendedMs > this.timeoutMs ? 'timeout' : reported;
    const completed = outcome === 'ok' || outcome === 'non2xx';
    if (completed && endMs >= this.windowStartAt && endMs <= this.windowEndAt) {
      this.counts.completedInWindow++;
    }
    if (entry.measured) {
      this.measuredOpen--;
      if (outcome !== 'ok') this.errors[outcome]++;
      if (completed && entry.sentMs !== null) {
        this.counts.completed++;
        this.latency.record(endMs - entry.intendedMs);
        this.service.record(endMs - entry.sentMs);
      }
      if (this.atWindowEnd && this.measuredOpen === 0) this.resolveDrained?.();
    }
    this.hooks.onSample?.({
      intendedMs: entry.intendedMs,
      sentMs: entry.sentMs,
      endMs,
      outcome,
      measured: entry.measured,
    });
  }

  /** Snapshot what belongs to the window itself; the window's requests are then drained. */
  private closeWindow(now: number): void {
    const open = this.windowOpen ?? { cpu: process.cpuUsage(), atMs: now, connects: 0 };
    const cpu = process.cpuUsage(open.cpu);
    this.hooks.onWindowClose?.();
    const wallS = (now - open.atMs) / 1000;
    this.atWindowEnd = {
      outstandingAtEnd: this.measuredOpen,
      connectionsOpened: this.connects - open.connects,
      cpu: {
        userS: cpu.user / 1e6,
        systemS: cpu.system / 1e6,
        // A generator starved of CPU across both edges sees its window open and close in one
        // tick; the scheduled length then keeps the share from dividing by next to nothing.
        share: (cpu.user + cpu.system) / 1e6 / Math.max(wallS, this.options.durationS),
        wallS,
      },
    };
    if (this.measuredOpen === 0) this.resolveDrained?.();
  }
}

/** Run one open-loop load in this process and report it (the CLI prints the result). */
export function generateOpenLoop(
  options: OpenLoopOptions,
  hooks: GeneratorHooks = {},
): Promise<OpenLoopReport> {
  return new Engine(options, hooks).run();
}
