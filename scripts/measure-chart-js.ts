/**
 * Measures the JavaScript a chart page costs, from the build: the scripts the page loads at
 * once, and the chunk it imports when a chart nears the viewport (Chart.js and the drawing
 * code). Sizes are raw, gzip and brotli, following static imports between chunks.
 *
 * Usage: node scripts/measure-chart-js.ts [page path inside the build, default: first chart]
 *        (OUT_DIR and BASE choose the build, as for astro)
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const outDir = process.env['OUT_DIR'] ?? 'dist';
const base = process.env['BASE'] ?? '/';

/** A file of the build by its URL path (base path removed). */
function toFile(url: string): string {
  return join(outDir, url.startsWith(base) ? url.slice(base.length) : url.replace(/^\//, ''));
}

/** Static and dynamic imports of one chunk, as URL paths. */
async function readImports(url: string): Promise<{ statics: string[]; dynamics: string[] }> {
  const code = await readFile(toFile(url), 'utf8');
  const resolve = (specifier: string) => posix.join(posix.dirname(url), specifier);
  const statics = [
    ...code.matchAll(/(?:import|export)\s*(?:[\w*${}\s,]+from\s*)?["'`](\.[^"'`]+)["'`]/g),
  ];
  const dynamics = [...code.matchAll(/import\(\s*["'`](\.[^"'`]+)["'`]\s*\)/g)];
  return {
    statics: statics.map((m) => resolve(m[1] ?? '')),
    dynamics: dynamics.map((m) => resolve(m[1] ?? '')),
  };
}

/** Every chunk reachable by static imports from the entries, and the dynamic imports seen. */
async function walk(
  entries: string[],
  known = new Set<string>(),
): Promise<{ files: Set<string>; dynamics: Set<string> }> {
  const files = new Set<string>();
  const dynamics = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const url = queue.pop() ?? '';
    if (files.has(url) || known.has(url)) continue;
    files.add(url);
    const imports = await readImports(url);
    queue.push(...imports.statics);
    imports.dynamics.forEach((d) => dynamics.add(d));
  }
  return { files, dynamics };
}

async function measure(
  urls: Iterable<string>,
  inline = '',
): Promise<{ raw: number; gzip: number; brotli: number }> {
  let text = inline;
  for (const url of urls) text += await readFile(toFile(url), 'utf8');
  const buffer = Buffer.from(text);
  return {
    raw: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer).length,
  };
}

async function findFirstChartPage(): Promise<string> {
  const dir = join(outDir, 'charts');
  const entries = await readdir(dir, { withFileTypes: true });
  const first = entries.find((entry) => entry.isDirectory());
  if (!first) throw new Error(`no chart pages in ${dir}: are any datasets recorded?`);
  return `charts/${first.name}/index.html`;
}

const page = process.argv[2] ?? (await findFirstChartPage());
if (!existsSync(join(outDir, page)))
  throw new Error(`${join(outDir, page)} does not exist; build first`);
const html = await readFile(join(outDir, page), 'utf8');
const entries = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map(
  (m) => m[1] ?? '',
);
// Inline scripts, but not data blocks (`type="application/json"` holds chart data, not code).
const inline = [
  ...html.matchAll(/<script(?![^>]*(?:src=|type="application\/json"))[^>]*>([\s\S]*?)<\/script>/g),
]
  .map((m) => m[1] ?? '')
  .join('\n');
const initial = await walk(entries);
const lazy = await walk(
  [...initial.dynamics].filter((url) => /mount-chart/.test(url)),
  initial.files,
);

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const show = (label: string, size: { raw: number; gzip: number; brotli: number }) =>
  console.log(
    `${label.padEnd(44)} ${kib(size.raw).padStart(10)} raw ${kib(size.gzip).padStart(10)} gzip ${kib(size.brotli).padStart(10)} brotli`,
  );

console.log(`JavaScript of ${page} (${outDir}):`);
show('at load: all scripts incl. Starlight + inline', await measure(initial.files, inline));
const chartOnly = [...initial.files].filter((url) => /ChartFigure|preload-helper/.test(url));
show('  of which the chart element', await measure(chartOnly));
show('when a chart nears the viewport (Chart.js)', await measure(lazy.files));
show('total after the chart is drawn', await measure([...initial.files, ...lazy.files], inline));
const chartJson = [
  ...html.matchAll(/<script[^>]*type="application\/json"[^>]*>([\s\S]*?)<\/script>/g),
]
  .map((m) => m[1] ?? '')
  .join('');
show('chart data (JSON in the HTML, not code)', await measure([], chartJson));
