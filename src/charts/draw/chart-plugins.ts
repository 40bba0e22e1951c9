/**
 * Two small Chart.js plugins used in the browser and at build time: min–max error bars over
 * repetitions, and an opaque background (canvases are transparent, and a PNG of a dark chart
 * on a transparent background is unreadable in most viewers).
 */
import type { ChartType, Plugin } from 'chart.js';

/** Options of the error-bars plugin. */
export interface ErrorBarsOptions {
  /** Whisker width in CSS pixels. */
  capWidth: number;
}

/** Options of the background plugin. */
export interface BackgroundOptions {
  /** CSS colour; empty leaves the canvas transparent. */
  color: string;
  /** Text drawn at the bottom right (attribution); empty for none. */
  footer: string;
  /** Colour of the footer text. */
  footerColor: string;
  /** CSS font shorthand of the footer text. */
  font: string;
}

declare module 'chart.js' {
  // Chart.js's own declaration has this type parameter; augmentations must repeat it.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    errorBars?: ErrorBarsOptions | false;
    background?: BackgroundOptions | false;
  }
}

/** A data point as `toChartConfig` makes it: the median plus the spread of the repetitions. */
export interface SpreadPoint {
  x: number;
  y: number | null;
  min: number | null;
  max: number | null;
}

function isSpreadPoint(value: unknown): value is SpreadPoint {
  return typeof value === 'object' && value !== null && 'min' in value && 'max' in value;
}

/** Draws a vertical whisker from each point's min to its max, in the series colour. */
export const errorBarsPlugin: Plugin = {
  id: 'errorBars',
  afterDatasetsDraw(chart, _args, pluginOptions) {
    const options = pluginOptions as ErrorBarsOptions | false;
    if (!options) return;
    const { ctx, chartArea } = chart;
    const yScale = chart.scales['y'];
    if (!yScale) return;
    // A log axis cannot place 0; clamp such ends to the plot edge instead of drawing to infinity.
    const toPixel = (value: number) =>
      Math.min(Math.max(yScale.getPixelForValue(value), chartArea.top), chartArea.bottom);
    ctx.save();
    ctx.lineWidth = 1.5;
    chart.data.datasets.forEach((dataset, datasetIndex) => {
      if (!chart.isDatasetVisible(datasetIndex)) return;
      const meta = chart.getDatasetMeta(datasetIndex);
      ctx.strokeStyle = String(dataset.borderColor);
      dataset.data.forEach((raw, index) => {
        const element = meta.data[index];
        if (
          !element ||
          !isSpreadPoint(raw) ||
          raw.y === null ||
          raw.min === null ||
          raw.max === null
        )
          return;
        if (raw.min === raw.max) return;
        const top = toPixel(raw.max);
        const bottom = toPixel(raw.min);
        const half = options.capWidth / 2;
        ctx.beginPath();
        ctx.moveTo(element.x, top);
        ctx.lineTo(element.x, bottom);
        ctx.moveTo(element.x - half, top);
        ctx.lineTo(element.x + half, top);
        ctx.moveTo(element.x - half, bottom);
        ctx.lineTo(element.x + half, bottom);
        ctx.stroke();
      });
    });
    ctx.restore();
  },
};

/** Fills the whole canvas before anything is drawn, and writes the attribution last. */
export const backgroundPlugin: Plugin = {
  id: 'background',
  beforeDraw(chart, _args, pluginOptions) {
    const options = pluginOptions as BackgroundOptions | false;
    if (!options || !options.color) return;
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = options.color;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
  afterDraw(chart, _args, pluginOptions) {
    const options = pluginOptions as BackgroundOptions | false;
    if (!options || !options.footer) return;
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = options.footerColor;
    ctx.font = options.font;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    ctx.fillText(options.footer, width - 12, height - 8);
    ctx.restore();
  },
};
