/**
 * Page weight from the build: for each page of the sitemap (not the chart embeds), its element
 * count and HTML bytes, raw and gzip; the heaviest first. Deterministic, so it compares two builds
 * on a busy machine where Lighthouse's scores would not (see README, "Auditing with Lighthouse").
 *
 * Usage: node scripts/measure-pages.ts [--top <n>] [--json]   (OUT_DIR and BASE choose the build)
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measurePage } from './lib/page-weight.ts';
import { readPagePaths } from './lib/sitemap.ts';

const { values: options } = parseArgs({
  options: { top: { type: 'string', default: '10' }, json: { type: 'boolean', default: false } },
});
const outDir = process.env['OUT_DIR'] ?? 'dist';
const base = process.env['BASE'] ?? '/';
const sitemap = join(outDir, 'sitemap-0.xml');
if (!existsSync(sitemap)) {
  console.error(`${sitemap} does not exist: build the site first (npm run build)`);
  process.exit(1);
}

const paths = readPagePaths(await readFile(sitemap, 'utf8'));
const weights = await Promise.all(
  paths.map(async (path) =>
    measurePage(path, await readFile(join(outDir, path.slice(base.length), 'index.html'), 'utf8')),
  ),
);
weights.sort((a, b) => b.elements - a.elements);
const shown = weights.slice(0, Math.max(1, Number(options.top) || 10));

if (options.json) console.log(JSON.stringify(shown, null, 2));
else {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  console.log(`${outDir}: ${weights.length} pages, the ${shown.length} with most elements\n`);
  console.log('| Page | Elements | HTML | HTML (gzip) |\n| --- | ---: | ---: | ---: |');
  for (const page of shown)
    console.log(
      `| ${page.path} | ${page.elements} | ${kib(page.bytes)} | ${kib(page.gzipBytes)} |`,
    );
}
