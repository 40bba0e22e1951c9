import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain',
};

/** Extra responses: exact paths to HTML, or path prefixes to folders on disk. */
export interface BenchRoutes {
  pages: Record<string, string>;
  folders: Record<string, string>;
}

/**
 * A plain static server for the demo benchmark: serves the built site plus the comparison
 * pages from one origin, with the same COOP/COEP headers as `astro preview`, so every page
 * is measured under the same conditions. No compression, so sizes are the files' own.
 */
export function startBenchServer(root: string, routes: BenchRoutes, port: number): Promise<Server> {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': 'no-cache',
    };
    const page = routes.pages[path];
    if (page !== undefined) {
      response.writeHead(200, { ...headers, 'Content-Type': contentTypes['.html'] });
      response.end(page);
      return;
    }
    const prefix = Object.keys(routes.folders).find((candidate) => path.startsWith(candidate));
    const base = prefix ? (routes.folders[prefix] ?? root) : root;
    let file = normalize(join(base, prefix ? path.slice(prefix.length) : path));
    if (!file.startsWith(normalize(base))) file = join(root, '404.html');
    if (path.endsWith('/')) file = join(file, 'index.html');
    try {
      const body = await readFile(file);
      response.writeHead(200, {
        ...headers,
        'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
        'Content-Length': body.length,
      });
      response.end(body);
    } catch {
      response.writeHead(404, headers);
      response.end('not found');
    }
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}
