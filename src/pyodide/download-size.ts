/**
 * What the first Run on a page downloads, measured at build time from the files the build
 * serves, so the page can say it before anything is fetched. Sizes are gzipped, as hosts send
 * them (`snapshot-gz.bin` is gzipped already); the snapshot only goes to readers on fast
 * connections without Save-Data (`client.ts`), so it is counted apart.
 */
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pyodideFiles } from './config.ts';
import { findSnapshotCache } from './make-snapshot.ts';

/** Bytes over the wire of the first load. */
export interface PyodideDownload {
  /** Pyodide's files, gzipped: every reader downloads these. */
  filesBytes: number;
  /** The start-up snapshot, or null where the build has none (e.g. `astro dev`). */
  snapshotBytes: number | null;
}

/** The installed `pyodide` package, whose files the build copies. */
export function findPyodidePackage(): string {
  return dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
}

let measured: Promise<PyodideDownload> | null = null;

/** Measures once per build. The snapshot counts only once the build has made it. */
export function measurePyodideDownload(): Promise<PyodideDownload> {
  measured ??= (async () => {
    const source = findPyodidePackage();
    const sizes = await Promise.all(
      pyodideFiles.map(async (file) => gzipSync(await readFile(join(source, file))).byteLength),
    );
    const snapshot = await stat(findSnapshotCache(source)).catch(() => null);
    return {
      filesBytes: sizes.reduce((sum, size) => sum + size, 0),
      snapshotBytes: snapshot && snapshot.size > 0 ? snapshot.size : null,
    };
  })();
  return measured;
}
