import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

interface SnapshotPyodide {
  runPython: (code: string) => unknown;
  makeMemorySnapshot: () => Uint8Array;
}

/**
 * Starts Pyodide once in Node and returns its memory after start-up, gzipped. A page that
 * loads Pyodide with this snapshot skips Python's initialisation, which is most of a cold
 * start (about 2.5 s of 3 s here). `_makeSnapshot` is private Pyodide API, so the snapshot
 * is remade from the pinned package on every build and never committed.
 */
export async function makePyodideSnapshot(packageDir: string): Promise<Buffer> {
  const url = pathToFileURL(join(packageDir, 'pyodide.mjs')).href;
  const { loadPyodide } = (await import(url)) as {
    loadPyodide: (options: object) => Promise<SnapshotPyodide>;
  };
  const pyodide = await loadPyodide({
    _makeSnapshot: true,
    stdout: () => undefined,
    stderr: () => undefined,
  });
  // Node sets `_` to the script it ran; that path of the build machine has no place in a page.
  pyodide.runPython('import os; os.environ.pop("_", None)');
  return gzipSync(pyodide.makeMemorySnapshot());
}

/**
 * Makes the snapshot in a child Node process and writes it to `outFile`. Astro runs
 * integrations inside Vite's module runner, which cannot import `pyodide.mjs` natively,
 * and a child also keeps Pyodide's memory out of the build process.
 */
export async function writePyodideSnapshot(packageDir: string, outFile: string): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  await promisify(execFile)(process.execPath, [self, packageDir, outFile]);
}

// `node make-snapshot.ts <pyodide package dir> <out file>`: what writePyodideSnapshot runs.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [packageDir, outFile] = process.argv.slice(2);
  if (!packageDir || !outFile) throw new Error('usage: make-snapshot.ts <pyodide dir> <out file>');
  await writeFile(outFile, await makePyodideSnapshot(packageDir));
}
