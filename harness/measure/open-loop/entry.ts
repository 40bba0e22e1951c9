/**
 * One request of an open-loop run: its times, and the undici dispatch handler that reports
 * what happened to it, in one object (one allocation per request).
 */
import type { Dispatcher } from 'undici';

/** How one request ended. */
export type Outcome = 'ok' | 'non2xx' | 'timeout' | 'connect' | 'socket' | 'other';

/** One request's fate, for tests and diagnostics; times are `performance.now()` ms. */
export interface Sample {
  intendedMs: number;
  /** When the request was written to a connection; null if it never was. */
  sentMs: number | null;
  endMs: number;
  outcome: Outcome;
  /** Whether it was due in the measured window (not the warm-up). */
  measured: boolean;
}

/** What an entry reports to: the engine that dispatched it. */
export interface EntryOwner {
  /** Called by undici as the request is written to a connected socket. */
  handleSent(entry: Entry, controller: Dispatcher.DispatchController): void;
  /** Called by undici once per request: answered (error null) or failed. */
  handleEnd(entry: Entry, error: Error | null): void;
}

/** Errors meaning the connection broke; before the request was written, it never opened. */
const SOCKET_CODES = new Set(['UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNRESET', 'EPIPE']);
/** Errors opening a connection: any system error (ECONNREFUSED, EMFILE...) or undici's timeout. */
const isConnectCode = (code: string): boolean =>
  /^E[A-Z]+$/.test(code) || code === 'UND_ERR_CONNECT_TIMEOUT' || SOCKET_CODES.has(code);

class TimeoutError extends Error {
  override name = 'OpenLoopTimeoutError';
}
/** One instance for every abort: an overloaded server times out thousands, and stacks cost. */
export const TIMED_OUT = new TimeoutError('no answer within the timeout of the intended send time');

/** A request and its undici handler in one object (one allocation per request). */
export class Entry implements Dispatcher.DispatchHandler {
  sentMs: number | null = null;
  status = 0;
  dispatched = false;
  released = false;
  done = false;
  controller: Dispatcher.DispatchController | null = null;
  private readonly engine: EntryOwner;
  readonly intendedMs: number;
  readonly measured: boolean;

  constructor(engine: EntryOwner, intendedMs: number, measured: boolean) {
    this.engine = engine;
    this.intendedMs = intendedMs;
    this.measured = measured;
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.engine.handleSent(this, controller);
  }
  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }
  onResponseData(): void {
    // The body is read and dropped: only its end matters.
  }
  onResponseEnd(): void {
    this.engine.handleEnd(this, null);
  }
  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.engine.handleEnd(this, error);
  }
}

/** Why a request failed; anything unexpected is `other`, never hidden among connect errors. */
export function classifyError(error: Error, sent: boolean): Outcome {
  if (error === TIMED_OUT) return 'timeout';
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return 'other';
  if (!sent) return isConnectCode(code) ? 'connect' : 'other';
  return SOCKET_CODES.has(code) ? 'socket' : 'other';
}
