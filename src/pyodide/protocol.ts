/**
 * The one message protocol between the page and the Pyodide worker. The page sends a
 * `request`; the worker answers each with exactly one `reply:*` carrying the same `id`, and
 * streams `event:*` messages (download progress, output) in between. Everything here must
 * survive `structuredClone`, so errors travel as plain {@link ErrorInfo} objects.
 */

/** A Python or JavaScript error, flattened so it can cross `postMessage`. */
export interface ErrorInfo {
  /** The error class, e.g. `PythonError` or `TypeError`. */
  name: string;
  /** What went wrong, in words a reader can act on. */
  message: string;
}

/** What a timeline span says a task was doing. `mark` is an instant, `phase` a section start. */
export type SpanState = 'running' | 'waiting' | 'blocked' | 'mark' | 'phase';

/** One entry recorded by the `timeline` helper module, in milliseconds since the run began. */
export interface Span {
  /** Swimlane: one per task or worker. Empty for `phase`, which spans every lane. */
  lane: string;
  state: SpanState;
  start: number;
  /** Equal to `start` for `mark` and `phase`. */
  end: number;
  label: string | null;
}

/** How a run ended. A Python exception is a normal ending, not a protocol error. */
export type RunOutcome =
  | { status: 'ok' }
  | { status: 'error'; errorType: string; traceback: string }
  | { status: 'exit'; code: number }
  | { status: 'interrupted' };

/**
 * The reply to a `run` request: how it ended, plus the spans it recorded and, when the demo
 * set a global `RESULT`, that value as JSON (how a demo hands numbers to the page).
 */
export type RunResult = RunOutcome & { spans: Span[]; durationMs: number; result?: unknown };

/** JSON values that a page can hand to a demo as `PARAMS`. */
export type ParamValue = string | number | boolean | null;

/** Everything the page can ask of the worker, keyed by `kind`. */
export type RequestBody =
  | {
      kind: 'load';
      /** Absolute URL of the self-hosted Pyodide folder, ending in `/`. */
      indexURL: string;
      /** The gzipped start-up memory snapshot to restore, or `null` to start Python afresh. */
      snapshotURL: string | null;
      /** One byte shared with the page for Stop; `null` when the page is not isolated. */
      interruptBuffer: SharedArrayBuffer | null;
      /** Output characters allowed per run before the rest is dropped. */
      outputCap: number;
    }
  | {
      kind: 'run';
      code: string;
      /** Shown in tracebacks, e.g. `ten-requests.py`. */
      filename: string;
      params: Record<string, ParamValue>;
    };

/** What a successful reply carries, per request kind. */
export interface ReplyMap {
  load: { pythonVersion: string; loadMs: number };
  run: RunResult;
}

/** A request from the page. */
export interface RequestMessage {
  type: 'request';
  id: number;
  body: RequestBody;
}

/** Which output stream a chunk came from. */
export type OutputStream = 'stdout' | 'stderr';

/** Everything the worker sends to the page. */
export type WorkerMessage =
  | { type: 'event:progress'; loaded: number; total: number | null; done: boolean }
  | { type: 'event:output'; runId: number; stream: OutputStream; text: string }
  | { type: 'event:output-capped'; runId: number; cap: number }
  | {
      [K in keyof ReplyMap]: { type: 'reply:ok'; id: number; kind: K; value: ReplyMap[K] };
    }[keyof ReplyMap]
  | { type: 'reply:error'; id: number; error: ErrorInfo };

/**
 * Flattens anything thrown into an {@link ErrorInfo}. Pyodide's `PythonError` keeps the
 * whole traceback in `message`, which is what a reader needs, so it is kept as is.
 */
export function toErrorInfo(error: unknown, context?: string): ErrorInfo {
  const name = error instanceof Error ? error.name : 'Error';
  const raw = error instanceof Error ? error.message : String(error);
  return { name, message: context ? `${context}: ${raw}` : raw };
}

/** Fails to compile when a `switch` over a union misses a case; throws if reached anyway. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected message: ${JSON.stringify(value)}`);
}

/** True for messages that have the shape of a {@link RequestMessage}. */
export function isRequestMessage(value: unknown): value is RequestMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Partial<RequestMessage>;
  return (
    message.type === 'request' &&
    typeof message.id === 'number' &&
    typeof message.body === 'object' &&
    message.body !== null &&
    (message.body.kind === 'load' || message.body.kind === 'run')
  );
}
