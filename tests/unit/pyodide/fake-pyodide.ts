import type { LoadPyodide, PyodideLike, RuntimeDeps } from '../../../src/pyodide/runtime.ts';
import type { RunResult, WorkerMessage } from '../../../src/pyodide/protocol.ts';

type Write = (buffer: Uint8Array) => number;

/** What the fake `_demo_runner.run` does: write output, then end as `result`. */
export interface FakeRun {
  stdout?: string[];
  stderr?: string[];
  result?: RunResult;
  /** Throw instead of returning, as Pyodide does for a fatal error. */
  fail?: Error;
}

/** A stand-in for Pyodide with the shape `runtime.ts` uses, recording what it was asked. */
export function createFakePyodide(script: FakeRun = {}) {
  const files = new Map<string, string>();
  const calls: { code: string; filename: string; params: string }[] = [];
  const pythonSnippets: string[] = [];
  let stdout: Write = () => 0;
  let stderr: Write = () => 0;
  let interruptBuffer: Uint8Array | null = null;
  const encode = (text: string) => new TextEncoder().encode(text);

  const pyodide: PyodideLike = {
    version: '314.0.7',
    FS: {
      mkdirTree: () => undefined,
      writeFile: (path, data) => void files.set(path, data),
    },
    setStdout: ({ write }) => void (stdout = write),
    setStderr: ({ write }) => void (stderr = write),
    setStdin: () => undefined,
    setInterruptBuffer: (buffer) => void (interruptBuffer = buffer),
    runPython: (code) => void pythonSnippets.push(code),
    pyimport: () => ({
      run: async (code: string, filename: string, params: string) => {
        calls.push({ code, filename, params });
        for (const text of script.stdout ?? []) stdout(encode(text));
        for (const text of script.stderr ?? []) stderr(encode(text));
        if (script.fail) throw script.fail;
        return JSON.stringify(script.result ?? { status: 'ok', spans: [], durationMs: 1 });
      },
    }),
  };

  return {
    pyodide,
    files,
    calls,
    pythonSnippets,
    get interruptBuffer() {
      return interruptBuffer;
    },
  };
}

/** Runtime dependencies around a fake Pyodide; `messages` collects everything posted. */
export function createFakeDeps(load: LoadPyodide, snapshot: 'arrives' | 'fails' = 'arrives') {
  const messages: WorkerMessage[] = [];
  const imported: string[] = [];
  const deps: RuntimeDeps = {
    importPyodide: async (url) => {
      imported.push(url);
      return { loadPyodide: load };
    },
    fetchSnapshot: async (url) => {
      if (snapshot === 'fails') throw new Error(`${url} answered HTTP 404`);
      return new ArrayBuffer(8);
    },
    post: (message) => void messages.push(message),
    now: () => 0,
  };
  return { deps, messages, imported };
}
