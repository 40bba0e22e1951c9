/**
 * The archive of the code that records the datasets, served at
 * `/downloads/worker-models-harness.tgz`, so a reader can reproduce a dataset from the site
 * alone: the harness (TypeScript orchestration, the Python apps under test, the sid-root
 * script), the schema and statistics it shares with the site (`src/bench/`), the npm manifest
 * and lock file it installs from, and the READMEs that say how to run it. Built with node-tar
 * (the npm client's own tar library) from a sorted list with fixed times and no owners, so the
 * same sources give the same bytes.
 */
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { create } from 'tar';

/** Folders archived whole (minus caches), then single files; relative to the project root. */
export const HARNESS_SOURCES = {
  folders: ['harness', 'src/bench'],
  files: [
    'package.json',
    'package-lock.json',
    '.nvmrc',
    'bench-data/README.md',
    'bench-data/schema.json',
  ],
} as const;

/** The folder every path in the archive is under. */
export const ARCHIVE_ROOT = 'worker-models-harness';

/** Every file of a folder, recursively, as paths relative to `root` with `/` separators. */
async function listFolder(root: string, folder: string): Promise<string[]> {
  const entries = await readdir(join(root, folder), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && !entry.parentPath.includes('__pycache__'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/** The files the archive holds, sorted, relative to `root`. */
export async function listHarnessFiles(root: string): Promise<string[]> {
  const folders = await Promise.all(HARNESS_SOURCES.folders.map((f) => listFolder(root, f)));
  return [...folders.flat(), ...HARNESS_SOURCES.files].sort();
}

/** The gzipped tar of {@link listHarnessFiles}, every path under {@link ARCHIVE_ROOT}/. */
export async function makeHarnessArchive(root: string): Promise<Buffer> {
  const files = await listHarnessFiles(root);
  const chunks: Buffer[] = [];
  const stream = create(
    { gzip: true, portable: true, cwd: root, prefix: ARCHIVE_ROOT, mtime: new Date(0) },
    files,
  );
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
