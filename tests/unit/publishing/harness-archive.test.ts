import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as listTar } from 'tar';
import {
  ARCHIVE_ROOT,
  HARNESS_SOURCES,
  listHarnessFiles,
  makeHarnessArchive,
} from '../../../src/publishing/harness-archive.ts';

/** The paths inside a .tar.gz, in archive order. */
async function readPaths(archive: Buffer): Promise<string[]> {
  const paths: string[] = [];
  const parser = listTar({ onReadEntry: (entry) => paths.push(entry.path) });
  await new Promise<void>((resolve, reject) => {
    parser.on('end', resolve).on('error', reject);
    Readable.from([archive]).pipe(parser);
  });
  return paths;
}

describe('the harness archive', () => {
  let root = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'harness-archive-'));
    const files = [
      'harness/run/bench.ts',
      'harness/apps/wsgi_app.py',
      'harness/apps/__pycache__/wsgi_app.cpython-314.pyc',
      'src/bench/schema.ts',
      'src/charts/registry.ts',
      ...HARNESS_SOURCES.files,
    ];
    for (const file of files) {
      await mkdir(join(root, file, '..'), { recursive: true });
      await writeFile(join(root, file), `contents of ${file}\n`);
    }
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('holds the harness, the shared schema code and the manifests, but no caches or site code', async () => {
    expect(await listHarnessFiles(root)).toEqual([
      '.nvmrc',
      'bench-data/README.md',
      'bench-data/schema.json',
      'harness/apps/wsgi_app.py',
      'harness/run/bench.ts',
      'package-lock.json',
      'package.json',
      'src/bench/schema.ts',
    ]);
  });

  it('puts every file under one folder, and the same sources give the same bytes', async () => {
    const archive = await makeHarnessArchive(root);
    expect(await readPaths(archive)).toEqual(
      (await listHarnessFiles(root)).map((file) => `${ARCHIVE_ROOT}/${file}`),
    );
    expect((await makeHarnessArchive(root)).equals(archive)).toBe(true);
  });

  it('covers every file of the real harness that the recording imports', async () => {
    const files = await listHarnessFiles(process.cwd());
    expect(files).toEqual(
      expect.arrayContaining(['harness/run/bench.ts', 'harness/README.md', 'src/bench/schema.ts']),
    );
  });
});
