/**
 * Checks every internal link and anchor of the built site by crawling it as served,
 * base path included. External links are not followed: the machines that run this are
 * offline, and the site itself must never need another origin.
 *
 * Usage: node scripts/check-links.ts   (BASE and OUT_DIR choose the build, as for astro)
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LinkChecker, LinkState } from 'linkinator';
import { deriveEmbedPaths, readPagePaths } from './lib/sitemap.ts';
import { startPreview } from './lib/preview-server.ts';

const port = Number(process.env['LINKS_PORT'] ?? 4323);
const base = process.env['BASE'] ?? '/';
const outDir = process.env['OUT_DIR'] ?? 'dist';
const server = await startPreview(port, base);

/**
 * Every page in the sitemap, plus the `noindex` chart embeds it leaves out, moved onto the
 * preview server's origin, so unlinked pages count too.
 */
async function readSitemapPages(serverUrl: string): Promise<string[]> {
  const xml = await readFile(join(outDir, 'sitemap-0.xml'), 'utf8');
  const paths = readPagePaths(xml);
  return [...paths, ...deriveEmbedPaths(paths, base)].map((path) => new URL(path, serverUrl).href);
}

try {
  const checker = new LinkChecker();
  const origin = new URL(server.url).origin;
  const result = await checker.check({
    path: [server.url, ...(await readSitemapPages(server.url))],
    recurse: true,
    checkFragments: true,
    concurrency: 8,
    linksToSkip: async (link) => !link.startsWith(origin),
  });
  const broken = result.links.filter((link) => link.state === LinkState.BROKEN);
  const checked = result.links.filter((link) => link.state === LinkState.OK).length;
  for (const link of broken) {
    const why = link.status === 200 ? 'no element with that id' : `status ${link.status}`;
    console.error(`broken: ${link.url} (${why}), linked from ${link.parent}`);
  }
  console.log(
    `${checked} internal links and anchors checked under ${server.url}, ${broken.length} broken`,
  );
  process.exitCode = broken.length > 0 ? 1 : 0;
} finally {
  await server.stop();
}
