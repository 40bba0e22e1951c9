import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { deriveEmbedPaths, readPagePaths } from '../../scripts/lib/sitemap.ts';

/**
 * Every page of a sitemap and the chart embeds, which are `noindex` and so not in it, as paths
 * relative to the base URL (the sitemap holds the production `site` URL).
 */
function toSitePaths(xml: string): string[] {
  const base = process.env['BASE'] ?? '/';
  const paths = readPagePaths(xml).map((path) =>
    path.startsWith(base) ? path.slice(base.length) : path,
  );
  return [...paths, ...deriveEmbedPaths(paths, '')];
}

/** Every page of the built site, as the server under test serves its sitemap. */
export async function readSitemapPaths(request: APIRequestContext): Promise<string[]> {
  const response = await request.get('sitemap-0.xml');
  if (!response.ok()) throw new Error(`sitemap-0.xml answered ${response.status()}`);
  return toSitePaths(await response.text());
}

/**
 * The same pages, read from the build on disk (`OUT_DIR`, as for the build) when a spec file
 * loads: Playwright needs the list before any test runs to make a test of each page.
 */
export function listBuiltPagePaths(): string[] {
  const file = join(process.env['OUT_DIR'] ?? 'dist', 'sitemap-0.xml');
  if (!existsSync(file))
    throw new Error(`${file} does not exist: build the site first (npm run build)`);
  return toSitePaths(readFileSync(file, 'utf8'));
}

export interface PageWatch {
  consoleErrors: string[];
  foreignRequests: string[];
}

/** Records console errors, uncaught exceptions and requests that leave the page's origin. */
export function watchPage(page: Page, origin: string): PageWatch {
  const watch: PageWatch = { consoleErrors: [], foreignRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watch.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watch.consoleErrors.push(error.message));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin) {
      watch.foreignRequests.push(request.url());
    }
  });
  return watch;
}
