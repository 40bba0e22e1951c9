import type { APIRequestContext, Page } from '@playwright/test';
import { deriveEmbedPaths, readPagePaths } from '../../scripts/lib/sitemap.ts';

/**
 * Every page of the built site, read from its sitemap and moved onto the server under test
 * (the sitemap holds the production `site` URL), plus the chart embeds, which are `noindex`
 * and so not in the sitemap. Paths are relative to the base URL.
 */
export async function readSitemapPaths(request: APIRequestContext): Promise<string[]> {
  const response = await request.get('sitemap-0.xml');
  if (!response.ok()) throw new Error(`sitemap-0.xml answered ${response.status()}`);
  const xml = await response.text();
  const base = process.env['BASE'] ?? '/';
  const paths = readPagePaths(xml).map((path) =>
    path.startsWith(base) ? path.slice(base.length) : path,
  );
  return [...paths, ...deriveEmbedPaths(paths, '')];
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
