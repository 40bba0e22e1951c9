import { readFileSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { insertPolicyMeta, toContentSecurityPolicy } from './content-security-policy.ts';
import {
  findHeaders,
  findHostLimitProblems,
  formatHeadersFile,
  parseHeadersFile,
  toHeaderRules,
  type HeaderRule,
} from './headers-file.ts';
import { findInlineScripts, hashSource } from './inline-sources.ts';

/**
 * Gives the built site its Content Security Policy and security headers.
 *
 * After the build, every page gets a `<meta>` policy that allows its own inline scripts by
 * hash (hosts without a headers file, such as GitHub Pages, still enforce it), and
 * the output folder gets a `_headers` file with the same policy for every page plus what
 * only a header can say: `frame-ancestors`, and the isolation and `nosniff` headers.
 * Astro's own `security.csp` would not do here: it hashes only the scripts it bundles, not
 * Starlight's `is:inline` ones, and writes no headers file.
 *
 * `astro preview` (which the browser tests use) then sends, for each path, the headers that
 * the `_headers` file gives it, as a static host would.
 */
export function securityHeaders(): AstroIntegration {
  let base = '/';
  return {
    name: 'security-headers',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        base = withSlash(config.base);
        const file = new URL('_headers', withSlash(config.outDir.href));
        let rules: HeaderRule[] | undefined;
        updateConfig({
          vite: {
            preview: {
              // Astro's preview server leaves out the project's Vite plugins, and Vite's
              // `preview.headers` are the same for every path; a proxy's `bypass` is the one
              // hook left that sees every request. It proxies nothing: it always bypasses.
              proxy: {
                '^/.*': {
                  target: 'http://127.0.0.1',
                  bypass: (request, response) => {
                    rules ??= readRules(file);
                    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
                    if (response) setHeaders(response, findHeaders(rules, pathname));
                    return request.url;
                  },
                },
              },
            },
          },
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const pages = (await readdir(root, { recursive: true }))
          .filter((file) => file.endsWith('.html'))
          .map((file) => file.split(sep).join('/'))
          .sort();
        const scriptHashes = new Set<string>();
        for (const page of pages) {
          const path = join(root, page);
          const html = await readFile(path, 'utf8');
          const hashes = findInlineScripts(html).map(hashSource);
          hashes.forEach((hash) => scriptHashes.add(hash));
          await writeFile(
            path,
            insertPolicyMeta(html, toContentSecurityPolicy({ scriptHashes: hashes })),
          );
        }
        const rules = toHeaderRules({
          base,
          pages,
          toPolicy: (frameAncestors) => toContentSecurityPolicy({ scriptHashes, frameAncestors }),
        });
        const text = formatHeadersFile(rules);
        await writeFile(join(root, '_headers'), text);
        for (const problem of findHostLimitProblems(text)) logger.warn(`_headers: ${problem}`);
        logger.info(
          `CSP for ${pages.length} pages with ${scriptHashes.size} inline scripts; ` +
            `wrote _headers (${rules.length} rules)`,
        );
      },
    },
  };
}

function withSlash(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}

/** The rules of the built `_headers` file, or none if this build has none. */
function readRules(file: URL): HeaderRule[] {
  try {
    return parseHeadersFile(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function setHeaders(response: ServerResponse, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
}
