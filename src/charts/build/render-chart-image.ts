/**
 * Renders a chart to PNG in Node at build time, with @napi-rs/canvas and the same
 * `toChartConfig` as the browser. Runs only in the build (endpoints), never in a page.
 */
import { createCanvas } from '@napi-rs/canvas';
import sharp from 'sharp';
import { EXPORT_SIZE } from '../draw/image-size.ts';
import { THEMES, type ThemeName } from '../draw/themes.ts';
import type { ChartView } from '../model/chart-state.ts';
import { registerChartJs } from '../draw/register-chartjs.ts';
import { toChartConfig } from '../draw/to-chart-config.ts';
import type { ChartData } from '../model/to-chart-data.ts';

/** Renders one view of a chart as a PNG with an opaque background, at 2x. */
export async function renderChartImage(
  data: ChartData,
  view: ChartView,
  themeName: ThemeName,
  attribution: string,
): Promise<Uint8Array> {
  const Chart = registerChartJs();
  const { width, height, pixelRatio } = EXPORT_SIZE;
  // Chart.js sizes the canvas to CSS size x devicePixelRatio itself.
  const canvas = createCanvas(width, height);
  const config = toChartConfig(data, view, THEMES[themeName], { standalone: true, attribution });
  config.options = { ...config.options, devicePixelRatio: pixelRatio };
  // Chart.js accepts any 2D context; in Node it picks its DOM-free platform by itself.
  const chart = new Chart(canvas.getContext('2d') as unknown as CanvasRenderingContext2D, config);
  try {
    return await canvas.encode('png');
  } finally {
    chart.destroy();
  }
}

/**
 * The response of a build-time image route: one view of a chart as a palette PNG. A chart has
 * few colours, so a 256-colour palette (libimagequant) looks the same at about a third of the
 * bytes (170 KiB → 50 KiB): the gallery loads these on phones, and link previews fetch them.
 * Effort 1 of 10 quantises in about half the time of effort 4 for about 4 % more bytes
 * (`npm run measure:chart-images -- --effort 1` against `--effort 4`).
 */
export async function renderChartPng(
  data: ChartData,
  view: ChartView,
  theme: ThemeName,
  attribution: string,
): Promise<Response> {
  const drawn = await renderChartImage(data, view, theme, attribution);
  const png = await sharp(drawn).png({ palette: true, quality: 90, effort: 1 }).toBuffer();
  // Copy into a plain ArrayBuffer: Response does not take a view over a shared buffer.
  const body = png.buffer.slice(png.byteOffset, png.byteOffset + png.byteLength) as ArrayBuffer;
  return new Response(body, { headers: { 'Content-Type': 'image/png' } });
}
