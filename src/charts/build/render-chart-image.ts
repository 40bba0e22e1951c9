/**
 * Renders a chart to PNG in Node at build time, with @napi-rs/canvas and the same
 * `toChartConfig` as the browser. Runs only in the build (endpoints), never in a page.
 */
import { createCanvas } from '@napi-rs/canvas';
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
