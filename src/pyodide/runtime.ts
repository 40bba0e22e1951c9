import loopSource from './demo_loop.py?raw';
import runnerSource from './demo_runner.py?raw';
import timelineSource from './timeline.py?raw';
import {
  assertNever,
  isRequestMessage,
  toErrorInfo,
  type OutputStream,
  type ReplyMap,
  type RequestBody,
  type RunResult,
  type WorkerMessage,
} from './protocol.ts';

/** The part of Pyodide's API the runtime uses; tests pass a fake with the same shape. */
export interface PyodideLike {
  version: string;
  FS: {
    mkdirTree: (path: string) => void;
    writeFile: (path: string, data: string) => void;
  };
  setStdout: (options: { write: (buffer: Uint8Array) => number }) => void;
  setStderr: (options: { write: (buffer: Uint8Array) => number }) => void;
  setStdin: (options: { error: true }) => void;
  setInterruptBuffer: (buffer: Uint8Array) => void;
  runPython: (code: string) => unknown;
  pyimport: (name: string) => { run: (code: string, filename: string, params: string) => unknown };
}

/** `loadPyodide` as exported by `pyodide.mjs`, narrowed to the options used here. */
export type LoadPyodide = (options: {
  indexURL: string;
  /** Private Pyodide API: restore this memory instead of initialising Python. */
  _loadSnapshot?: Promise<ArrayBuffer>;
}) => Promise<PyodideLike>;

/** What the runtime needs from its surroundings: the worker global in production. */
export interface RuntimeDeps {
  /** Imports `pyodide.mjs` from the self-hosted folder (a URL, so it is never bundled). */
  importPyodide: (moduleURL: string) => Promise<{ loadPyodide: LoadPyodide }>;
  /** Downloads and un-gzips the start-up snapshot; rejects when it cannot. */
  fetchSnapshot: (url: string) => Promise<ArrayBuffer>;
  post: (message: WorkerMessage) => void;
  now: () => number;
}

/** The worker's side of the protocol. */
export interface Runtime {
  /** Handles one message from the page; answers every request with exactly one reply. */
  handle: (message: unknown) => Promise<void>;
  /** Forwards download progress, fed by `trackFetchProgress` in the worker entry. */
  reportDownload: (loaded: number, total: number | null, done: boolean) => void;
  /** Fails a load in progress when one of its files does not download. */
  reportDownloadFailure: (url: string, reason: string) => void;
  /** The folder Pyodide loads from, once a load request named it. */
  readonly indexURL: string | null;
}

/** Where the helper modules live inside Pyodide's file system (added to `sys.path`). */
const HELPER_DIR = '/demo-lib';

/** Creates the worker's runtime. Nothing is loaded until the first `load` request. */
export function createRuntime(deps: RuntimeDeps): Runtime {
  let pyodide: Promise<PyodideLike> | null = null;
  let failLoad: ((error: Error) => void) | null = null;
  let snapshotURL: string | null = null;
  let indexURL: string | null = null;
  let runDemo: ((code: string, filename: string, params: string) => unknown) | null = null;
  let activeRun: number | null = null;
  let outputCap = Number.POSITIVE_INFINITY;
  let written = 0;

  const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  const writeTo = (stream: OutputStream) => (buffer: Uint8Array) => {
    const runId = activeRun;
    if (runId === null) return buffer.length;
    const text = decoders[stream].decode(buffer, { stream: true });
    const room = outputCap - written;
    // Past the cap, output is dropped here rather than flooding the page with messages.
    if (room > 0) {
      const kept = text.length > room ? text.slice(0, room) : text;
      written += text.length;
      deps.post({ type: 'event:output', runId, stream, text: kept });
      if (written >= outputCap) deps.post({ type: 'event:output-capped', runId, cap: outputCap });
    }
    return buffer.length;
  };

  /** Starts Pyodide from the snapshot when there is one, and afresh if that fails. */
  async function bootPyodide(body: Extract<RequestBody, { kind: 'load' }>) {
    const snapshot = body.snapshotURL ? deps.fetchSnapshot(body.snapshotURL) : null;
    const { loadPyodide } = await deps.importPyodide(`${body.indexURL}pyodide.mjs`);
    if (!snapshot) return loadPyodide({ indexURL: body.indexURL });
    try {
      return await loadPyodide({ indexURL: body.indexURL, _loadSnapshot: snapshot });
    } catch (error) {
      const snapshotFailed = await snapshot.then(
        () => false,
        () => true,
      );
      if (!snapshotFailed) throw error;
      return loadPyodide({ indexURL: body.indexURL });
    }
  }

  async function startPyodide(body: Extract<RequestBody, { kind: 'load' }>) {
    snapshotURL = body.snapshotURL;
    indexURL = body.indexURL;
    const instance = await bootPyodide(body);
    instance.setStdout({ write: writeTo('stdout') });
    instance.setStderr({ write: writeTo('stderr') });
    instance.setStdin({ error: true });
    if (body.interruptBuffer) instance.setInterruptBuffer(new Uint8Array(body.interruptBuffer));
    instance.FS.mkdirTree(HELPER_DIR);
    instance.FS.writeFile(`${HELPER_DIR}/timeline.py`, timelineSource);
    instance.FS.writeFile(`${HELPER_DIR}/_demo_loop.py`, loopSource);
    instance.FS.writeFile(`${HELPER_DIR}/_demo_runner.py`, runnerSource);
    instance.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(HELPER_DIR)})`);
    runDemo = instance.pyimport('_demo_runner').run;
    return instance;
  }

  async function load(body: Extract<RequestBody, { kind: 'load' }>): Promise<ReplyMap['load']> {
    const started = deps.now();
    outputCap = body.outputCap;
    if (!pyodide) {
      // A failed download may leave loadPyodide pending forever; fail the load instead.
      const failed = new Promise<never>((_, reject) => (failLoad = reject));
      pyodide = Promise.race([startPyodide(body), failed]);
    }
    try {
      const instance = await pyodide;
      failLoad = null;
      return { pythonVersion: instance.version, loadMs: deps.now() - started };
    } catch (error) {
      pyodide = null; // A later request may try again.
      throw error;
    }
  }

  async function run(id: number, body: Extract<RequestBody, { kind: 'run' }>) {
    if (!runDemo) throw new Error('Python is not loaded yet: send a load request first.');
    if (activeRun !== null)
      throw new Error(`Run ${activeRun} is still going; runs cannot overlap.`);
    activeRun = id;
    written = 0;
    try {
      const json = await runDemo(body.code, body.filename, JSON.stringify(body.params));
      return JSON.parse(String(json)) as RunResult;
    } finally {
      activeRun = null;
    }
  }

  async function answer(id: number, body: RequestBody): Promise<WorkerMessage> {
    switch (body.kind) {
      case 'load':
        return { type: 'reply:ok', id, kind: 'load', value: await load(body) };
      case 'run':
        return { type: 'reply:ok', id, kind: 'run', value: await run(id, body) };
      default:
        return assertNever(body);
    }
  }

  return {
    get indexURL() {
      return indexURL;
    },
    async handle(message) {
      if (!isRequestMessage(message)) {
        throw new Error(`Not a request: ${JSON.stringify(message)}`);
      }
      const { id, body } = message;
      try {
        deps.post(await answer(id, body));
      } catch (error) {
        const context = body.kind === 'load' ? 'Could not load Python' : undefined;
        deps.post({ type: 'reply:error', id, error: toErrorInfo(error, context) });
      }
    },
    reportDownload(loaded, total, done) {
      deps.post({ type: 'event:progress', loaded, total, done });
    },
    reportDownloadFailure(url, reason) {
      if (url === snapshotURL) return; // Optional: without it Python starts afresh.
      const file = url.split('/').pop() ?? url;
      failLoad?.(new Error(`${file} did not download (${reason})`));
    },
  };
}
