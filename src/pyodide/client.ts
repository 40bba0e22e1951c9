import { pyodideDir, pyodideSnapshotFile, runnerConfig } from './config.ts';
import {
  assertNever,
  type ErrorInfo,
  type OutputStream,
  type ReplyMap,
  type RequestBody,
  type RunResult,
  type WorkerMessage,
} from './protocol.ts';

/** Where loading is, for progress indicators. */
export type LoadState =
  | { phase: 'idle' }
  | { phase: 'download'; loaded: number; total: number | null }
  | { phase: 'start' }
  | { phase: 'ready'; pythonVersion: string }
  | { phase: 'failed'; error: ErrorInfo };

/** How a run reports back while it is queued, running and stopped. */
export interface RunHandlers {
  /** Called once Python is loaded and this run, not an earlier one, has the worker. */
  onStart: () => void;
  /** Called with each chunk of output, as it arrives. */
  onOutput: (stream: OutputStream, text: string) => void;
  onCapped: (cap: number) => void;
  /** Stop: aborting ends the run (or skips it while it is still queued). */
  signal: AbortSignal;
  /** Called after Stop, with whether Python was interrupted or its worker replaced. */
  onStopped: (how: 'interrupted' | 'restarted') => void;
}

type RunBody = Extract<RequestBody, { kind: 'run' }>;
type ActiveRun = { id: number; finish: (result: RunResult) => void; settled: Promise<true> };
type Pending = { resolve: (value: never) => void; reject: (error: ErrorInfo) => void };

/** A run that Stop ended from the page's side: before it started, or by a restart. */
const stoppedResult: RunResult = { status: 'interrupted', spans: [], durationMs: 0 };

/** Resolves when `signal` is aborted. */
function whenAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) =>
    signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}

/**
 * The page's side of the protocol: one module worker for every demo on the page, started on
 * the first `load()`. Runs are queued, so two demos never share an interpreter at once, and
 * each run starts from fresh globals (see `demo_runner.py`).
 */
export class PyodideClient {
  #worker: Worker | null = null;
  #loading: Promise<ReplyMap['load']> | null = null;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #runs: Map<number, RunHandlers> = new Map();
  #queue: Promise<unknown> = Promise.resolve();
  #active: ActiveRun | null = null;
  #listeners = new Set<(state: LoadState) => void>();
  #state: LoadState = { phase: 'idle' };
  // Stop can only interrupt Python through memory both sides share, which needs isolation.
  #interrupt = globalThis.crossOriginIsolated ? new Uint8Array(new SharedArrayBuffer(1)) : null;

  /** The latest load state; `subscribe` delivers the changes. */
  get state(): LoadState {
    return this.#state;
  }

  /** Calls `listener` now and on every load-state change; returns the unsubscribe function. */
  subscribe(listener: (state: LoadState) => void): () => void {
    this.#listeners.add(listener);
    listener(this.#state);
    return () => this.#listeners.delete(listener);
  }

  /** Starts the worker and Pyodide if needed. Safe to call on every hint of intent. */
  load(): Promise<ReplyMap['load']> {
    this.#loading ??= this.#startLoading();
    return this.#loading;
  }

  /** Runs `body` after any run already queued; resolves with how it ended. */
  run(body: RunBody, handlers: RunHandlers): Promise<RunResult> {
    const next = this.#queue.then(() => this.#runNow(body, handlers));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Whether a run is executing (not just queued). */
  get busy(): boolean {
    return this.#active !== null;
  }

  /** Throws the worker away and loads a new one, e.g. after a failed download. */
  retry(): Promise<ReplyMap['load']> {
    this.#restart();
    return this.load();
  }

  /**
   * Stops the active run: KeyboardInterrupt when the page is isolated, and a fresh worker
   * when that is not possible or Python does not stop within the grace period.
   */
  async #stopActive(active: ActiveRun, handlers: RunHandlers): Promise<void> {
    if (this.#interrupt) {
      this.#interrupt[0] = 2; // SIGINT, see https://pyodide.org/en/stable/usage/keyboard-interrupts.html
      const grace = new Promise<false>((resolve) =>
        setTimeout(resolve, runnerConfig.stopGraceMs, false),
      );
      if (await Promise.race([active.settled, grace])) return handlers.onStopped('interrupted');
    }
    // Told before the run ends, so the page can say why it ended.
    handlers.onStopped('restarted');
    active.finish(stoppedResult);
    this.#restart();
    // Warm the replacement now, so the next Run does not wait for it.
    this.load().catch(() => undefined);
  }

  async #runNow(body: RunBody, handlers: RunHandlers): Promise<RunResult> {
    const aborted = whenAborted(handlers.signal).then(() => 'aborted' as const);
    // Stop while waiting for Python (or for another demo) skips the run.
    if ((await Promise.race([this.load(), aborted])) === 'aborted') return stoppedResult;
    const id = this.#nextId++;
    if (this.#interrupt) this.#interrupt[0] = 0;
    this.#runs.set(id, handlers);
    const { promise, resolve, reject } = Promise.withResolvers<RunResult>();
    this.#active = {
      id,
      finish: resolve,
      settled: promise.then(
        () => true,
        () => true,
      ),
    };
    this.#request(body, id).then(resolve, reject);
    handlers.onStart();
    const active = this.#active;
    void aborted.then(async () => {
      if (this.#active === active) await this.#stopActive(active, handlers);
    });
    try {
      return await promise;
    } finally {
      this.#runs.delete(id);
      if (this.#active?.id === id) this.#active = null;
    }
  }

  #setState(state: LoadState): void {
    this.#state = state;
    for (const listener of this.#listeners) listener(state);
  }

  async #startLoading(): Promise<ReplyMap['load']> {
    this.#setState({ phase: 'download', loaded: 0, total: null });
    const base = import.meta.env.BASE_URL.endsWith('/')
      ? import.meta.env.BASE_URL
      : `${import.meta.env.BASE_URL}/`;
    const indexURL = new URL(`${base}${pyodideDir}`, document.baseURI).href;
    try {
      const reply = await this.#request({
        kind: 'load',
        indexURL,
        snapshotURL: wantsSnapshot() ? `${indexURL}${pyodideSnapshotFile}` : null,
        interruptBuffer: this.#interrupt ? (this.#interrupt.buffer as SharedArrayBuffer) : null,
        outputCap: runnerConfig.outputCap,
      });
      this.#setState({ phase: 'ready', pythonVersion: reply.pythonVersion });
      return reply;
    } catch (error) {
      this.#loading = null; // The next load() starts over.
      this.#setState({ phase: 'failed', error: error as ErrorInfo });
      throw error;
    }
  }

  #spawn(): Worker {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<WorkerMessage>) => this.#receive(event.data);
    worker.onerror = (event) => {
      // An error that escapes a running worker leaves it usable; one while loading (e.g. the
      // worker script itself failed) means no reply will ever come.
      if (this.#state.phase === 'ready') return;
      event.preventDefault();
      this.#failAll({
        name: 'WorkerError',
        message: event.message || 'The Python worker failed to start.',
      });
    };
    return worker;
  }

  #restart(): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#loading = null;
    this.#failAll({ name: 'Restarted', message: 'The Python worker was restarted.' });
    this.#setState({ phase: 'idle' });
  }

  #failAll(error: ErrorInfo): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }

  /** Sends one request and resolves with its typed reply. */
  #request<B extends RequestBody>(body: B, id = this.#nextId++): Promise<ReplyMap[B['kind']]> {
    this.#worker ??= this.#spawn();
    const worker = this.#worker;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: never) => void, reject });
      worker.postMessage({ type: 'request', id, body });
    });
  }

  #receive(message: WorkerMessage): void {
    switch (message.type) {
      case 'event:progress':
        if (this.#state.phase === 'download' || this.#state.phase === 'start') {
          this.#setState(
            message.done
              ? { phase: 'start' }
              : { phase: 'download', loaded: message.loaded, total: message.total },
          );
        }
        return;
      case 'event:output':
        this.#runs.get(message.runId)?.onOutput(message.stream, message.text);
        return;
      case 'event:output-capped':
        this.#runs.get(message.runId)?.onCapped(message.cap);
        return;
      case 'reply:ok':
        this.#pending.get(message.id)?.resolve(message.value as never);
        this.#pending.delete(message.id);
        return;
      case 'reply:error':
        this.#pending.get(message.id)?.reject(message.error);
        this.#pending.delete(message.id);
        return;
      default:
        assertNever(message);
    }
  }
}

type NetworkInformation = { saveData?: boolean; effectiveType?: string };

function readConnection(): NetworkInformation | undefined {
  return (navigator as Navigator & { connection?: NetworkInformation }).connection;
}

/** Whether the reader's browser asks sites to save data (Save-Data, where the browser has it). */
export function prefersSavingData(): boolean {
  return readConnection()?.saveData === true;
}

/**
 * Whether to start from the snapshot: it trades ~6 MB of download for ~2 s of start-up, a
 * bad trade for readers who ask to save data or are on a slow connection (Network
 * Information API, where the browser has it).
 */
export function wantsSnapshot(): boolean {
  const connection = readConnection();
  if (!runnerConfig.useSnapshot || prefersSavingData()) return false;
  return connection?.effectiveType === undefined || connection.effectiveType === '4g';
}

let shared: PyodideClient | null = null;

/** The page's one client, created on first use. */
export function getPyodideClient(): PyodideClient {
  shared ??= new PyodideClient();
  return shared;
}
