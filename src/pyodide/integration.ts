import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { pyodideDir, pyodideFiles, pyodideSnapshotFile } from './config.ts';
import { ensurePyodideSnapshot, writePyodideSnapshot } from './make-snapshot.ts';
import { findPyodidePackage } from './download-size.ts';

const contentTypes: Record<string, string> = {
  mjs: 'text/javascript',
  wasm: 'application/wasm',
  zip: 'application/zip',
  json: 'application/json',
};

/**
 * Self-hosts Pyodide: copies the files a run needs from the `pyodide` npm package into the
 * build under `pyodide/v<version>/`, adds a start-up memory snapshot made from the same
 * package (`make-snapshot.ts`), and serves both from `node_modules` in `astro dev`.
 * The site then makes no request to another origin, and the copies are never committed.
 */
export function pyodideAssets(): AstroIntegration {
  let base = '/';
  let snapshotMade: Promise<string> | null = null;
  return {
    name: 'pyodide-assets',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
        const prefix = `${base}${pyodideDir}`;
        const source = findPyodidePackage();
        // Made on first request in `astro dev`, then kept.
        let snapshot: Promise<Buffer> | null = null;
        const makeDevSnapshot = async () => {
          const file = join(tmpdir(), `pyodide-${pyodideSnapshotFile}`);
          await writePyodideSnapshot(source, file);
          return readFile(file);
        };
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'pyodide-assets:dev',
                configureServer(server) {
                  server.middlewares.use((request, response, next) => {
                    const path = request.url?.split('?')[0] ?? '';
                    const file = path.startsWith(prefix) ? path.slice(prefix.length) : '';
                    if (file === pyodideSnapshotFile) {
                      snapshot ??= makeDevSnapshot();
                      snapshot.then((bytes) => response.end(bytes), next);
                      return;
                    }
                    if (!(pyodideFiles as readonly string[]).includes(file)) return next();
                    const extension = file.split('.').pop() ?? '';
                    response.setHeader(
                      'Content-Type',
                      contentTypes[extension] ?? 'application/octet-stream',
                    );
                    createReadStream(join(source, file)).pipe(response);
                  });
                },
              },
            ],
          },
        });
      },
      'astro:build:start': async ({ logger }) => {
        // Before the pages render: they show readers its size (download-size.ts).
        snapshotMade = ensurePyodideSnapshot(findPyodidePackage());
        await snapshotMade.catch((error: unknown) =>
          logger.warn(`no ${pyodideSnapshotFile}, Python will start without it: ${String(error)}`),
        );
      },
      'astro:build:done': async ({ dir, logger }) => {
        const target = join(fileURLToPath(dir), pyodideDir);
        const source = findPyodidePackage();
        await mkdir(target, { recursive: true });
        await Promise.all(
          pyodideFiles.map((file) => copyFile(join(source, file), join(target, file))),
        );
        logger.info(`copied ${pyodideFiles.length} Pyodide files to ${pyodideDir}`);
        const started = performance.now();
        const snapshot = join(target, pyodideSnapshotFile);
        try {
          await copyFile(await (snapshotMade ?? ensurePyodideSnapshot(source)), snapshot);
        } catch {
          // An optimisation only: without the file, pages start Python afresh (warned above).
          return;
        }
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        const megabytes = ((await stat(snapshot)).size / 1e6).toFixed(1);
        logger.info(`added ${pyodideSnapshotFile} (${megabytes} MB) in ${seconds} s`);
      },
    },
  };
}
