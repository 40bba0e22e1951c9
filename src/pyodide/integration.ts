import { createReadStream } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { pyodideDir, pyodideFiles } from './config.ts';

const contentTypes: Record<string, string> = {
  mjs: 'text/javascript',
  wasm: 'application/wasm',
  zip: 'application/zip',
  json: 'application/json',
};

/** The installed `pyodide` package, whose files are served as they are. */
function findPyodidePackage(): string {
  return dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
}

/**
 * Self-hosts Pyodide: copies the files a run needs from the `pyodide` npm package into the
 * build under `pyodide/v<version>/`, and serves them from `node_modules` in `astro dev`.
 * The site then makes no request to another origin, and the copies are never committed.
 */
export function pyodideAssets(): AstroIntegration {
  let base = '/';
  return {
    name: 'pyodide-assets',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
        const prefix = `${base}${pyodideDir}`;
        const source = findPyodidePackage();
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'pyodide-assets:dev',
                configureServer(server) {
                  server.middlewares.use((request, response, next) => {
                    const path = request.url?.split('?')[0] ?? '';
                    const file = path.startsWith(prefix) ? path.slice(prefix.length) : '';
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
      'astro:build:done': async ({ dir, logger }) => {
        const target = join(fileURLToPath(dir), pyodideDir);
        const source = findPyodidePackage();
        await mkdir(target, { recursive: true });
        await Promise.all(
          pyodideFiles.map((file) => copyFile(join(source, file), join(target, file))),
        );
        logger.info(`copied ${pyodideFiles.length} Pyodide files to ${pyodideDir}`);
      },
    },
  };
}
