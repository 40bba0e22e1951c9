import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
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
  const { loadPyodide } = (await import(/* @vite-ignore */ url)) as {
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

/**
 * Where the build keeps the snapshot of the Pyodide package in `packageDir`:
 * `node_modules/.cache/worker-models/`, under the package's version. (This file runs on its own
 * in a child process, so it reads the version itself rather than importing `config.ts`.)
 */
export function findSnapshotCache(packageDir: string): string {
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return join(packageDir, '..', '.cache', 'worker-models', `pyodide-${version}-snapshot-gz.bin`);
}

/**
 * The snapshot of the installed Pyodide in the build's cache (`findSnapshotCache`), made if it
 * is not there yet. The build makes it when it starts, so the demo pages can tell readers its
 * size, and copies it into the output at the end; the next build reuses it (the cache is keyed
 * by Pyodide's version). Written under a temporary name and renamed, so a build that stops
 * halfway leaves no torn file.
 */
export async function ensurePyodideSnapshot(packageDir: string): Promise<string> {
  const file = findSnapshotCache(packageDir);
  if (
    await stat(file).then(
      (s) => s.size > 0,
      () => false,
    )
  )
    return file;
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  await writePyodideSnapshot(packageDir, partial);
  await rename(partial, file);
  return file;
}

// `node make-snapshot.ts <pyodide package dir> <out file>`: what writePyodideSnapshot runs.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [packageDir, outFile] = process.argv.slice(2);
  if (!packageDir || !outFile) throw new Error('usage: make-snapshot.ts <pyodide dir> <out file>');
  await writeFile(outFile, await makePyodideSnapshot(packageDir));
}
