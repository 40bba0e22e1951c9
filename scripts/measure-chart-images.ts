/**
 * Measures what the build's chart images cost: renders every view (metric x y scale) of every
 * chart from a build's chart data (`dist/charts/<id>.json`) the way `[image].png.ts` does, and
 * prints the count, the time per image for drawing and for palette quantisation, and the wall
 * time with N images in flight (the drawing runs on this thread, PNG encoding and sharp on
 * libuv's and libvips' threads, so some of it overlaps on two cores).
 *
 * Usage: node scripts/measure-chart-images.ts [--limit N] [--concurrency 1,2,4] [--effort 1]
 *        (OUT_DIR chooses the build, as for astro; nothing is written)
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { renderChartImage } from '../src/charts/build/render-chart-image.ts';
import { toDefaultScale, type ChartView } from '../src/charts/model/chart-state.ts';
import type { ChartData } from '../src/charts/model/to-chart-data.ts';

const { values } = parseArgs({
  options: {
    limit: { type: 'string', default: '80' },
    concurrency: { type: 'string', default: '1,2,4' },
    effort: { type: 'string', default: '1' },
  },
});
const outDir = process.env['OUT_DIR'] ?? 'dist';
const effort = Number(values.effort);

const files = (await readdir(join(outDir, 'charts'))).filter((f) => f.endsWith('.json'));
const charts: ChartData[] = await Promise.all(
  files.map(
    async (f) => JSON.parse(await readFile(join(outDir, 'charts', f), 'utf8')) as ChartData,
  ),
);
const views = charts.flatMap((data) =>
  data.metrics.flatMap((metric) =>
    (['linear', 'logarithmic'] as const).map((yScale) => ({
      data,
      view: { metric, yScale, hidden: [] } satisfies ChartView,
      isDefault: metric === data.metrics[0] && yScale === toDefaultScale(data, metric),
    })),
  ),
);
console.log(
  `${charts.length} charts, ${views.length} views (metric x scale), ${views.filter((v) => v.isDefault).length} of them default`,
);

const sample = views.slice(0, Number(values.limit));
let drawMs = 0;
let quantiseMs = 0;
let bytes = 0;
async function one({ data, view }: (typeof views)[number]): Promise<void> {
  const t0 = performance.now();
  const drawn = await renderChartImage(data, view, 'light', 'Worker Models');
  const t1 = performance.now();
  const png = await sharp(drawn).png({ palette: true, quality: 90, effort }).toBuffer();
  quantiseMs += performance.now() - t1;
  drawMs += t1 - t0;
  bytes += png.byteLength;
}

const [first] = sample;
if (!first) throw new Error(`no chart data in ${outDir}/charts/: build the site first`);
await one(first); // warm up fonts and code paths
for (const concurrency of values.concurrency.split(',').map(Number)) {
  drawMs = quantiseMs = bytes = 0;
  const queue = [...sample];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await one(next);
    }),
  );
  const wall = performance.now() - started;
  console.log(
    `${sample.length} images, ${concurrency} in flight: wall ${(wall / sample.length).toFixed(0)} ms per image; ` +
      `draw+encode ${(drawMs / sample.length).toFixed(0)} ms, quantise ${(quantiseMs / sample.length).toFixed(0)} ms (each, overlapping); ` +
      `${(bytes / sample.length / 1024).toFixed(0)} KiB per image; all ${views.length} views would take ${(((wall / sample.length) * views.length) / 1000).toFixed(0)} s`,
  );
}
