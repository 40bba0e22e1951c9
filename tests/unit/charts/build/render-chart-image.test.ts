import { describe, expect, it } from 'vitest';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { EXPORT_SIZE } from '../../../../src/charts/draw/image-size.ts';
import { toDefaultView } from '../../../../src/charts/model/chart-state.ts';
import { renderChartImage } from '../../../../src/charts/build/render-chart-image.ts';
import { makeChartData } from '../../../support/chart-factory.ts';

const data = makeChartData(
  { id: 'test-image', title: 'Synthetic image', metrics: ['throughput'] },
  [
    { model: 'uvicorn', concurrency: 1 },
    { model: 'uvicorn', concurrency: 4 },
  ],
);

describe.each(['light', 'dark'] as const)('renderChartImage (%s)', (theme) => {
  it('renders an opaque PNG at 2x with the same config as the browser', async () => {
    const png = await renderChartImage(data, toDefaultView(data), theme, 'Synthetic attribution');
    const image = await loadImage(Buffer.from(png));
    expect([image.width, image.height]).toEqual([
      EXPORT_SIZE.width * EXPORT_SIZE.pixelRatio,
      EXPORT_SIZE.height * EXPORT_SIZE.pixelRatio,
    ]);
    const canvas = createCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const corner = context.getImageData(0, 0, 1, 1).data;
    expect(corner[3]).toBe(255);
    // Not a blank image: some pixels differ from the background (axes, text, lines).
    const pixels = context.getImageData(0, 0, image.width, image.height).data;
    let differing = 0;
    for (let i = 0; i < pixels.length; i += 4 * 97) {
      if (pixels[i] !== corner[0] || pixels[i + 1] !== corner[1]) differing++;
    }
    expect(differing).toBeGreaterThan(100);
  });
});
