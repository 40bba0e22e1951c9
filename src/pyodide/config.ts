/** The runner's tunables, in one place so components and tests agree on them. */
import { version } from 'pyodide/package.json';

/** The Pyodide release the build copies and the worker loads; versions must match exactly. */
export const pyodideVersion: string = version;

/** Where the build puts Pyodide, relative to the site's base: versioned, so it can be cached forever. */
export const pyodideDir = `pyodide/v${pyodideVersion}/`;

/** The files of the `pyodide` npm package that a run needs. */
export const pyodideFiles = [
  'pyodide.mjs',
  'pyodide.asm.mjs',
  'pyodide.asm.wasm',
  'python_stdlib.zip',
  'pyodide-lock.json',
] as const;

/** The gzipped memory snapshot of a started Pyodide that the build adds next to its files. */
export const pyodideSnapshotFile = 'snapshot-gz.bin';

export const runnerConfig = {
  /**
   * Start Python from the build's memory snapshot: ~6 MB more to download, ~2 s less to start.
   * Readers who ask to save data (or are on a slow connection) never get it.
   */
  useSnapshot: true,
  /** Characters of output kept per run; a `while True: print()` must not freeze the page. */
  outputCap: 100_000,
  /** How long Stop waits for KeyboardInterrupt to end a run before restarting the worker. */
  stopGraceMs: 750,
} as const;
