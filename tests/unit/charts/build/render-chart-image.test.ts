import { describe, expect, it } from 'vitest';
import { toDefaultView } from '../../../../src/charts/model/chart-state.ts';
import { renderChartImage } from '../../../../src/charts/build/render-chart-image.ts';
import { makeChartData } from '../../../support/chart-factory.ts';
import { decodePng, exportedPngSize } from '../../../support/png.ts';

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
    const image = await decodePng(png);
    expect([image.width, image.height]).toEqual(exportedPngSize);
    const corner = image.readPixel(0, 0);
    expect(corner[3]).toBe(255);
    // Not a blank image: some pixels differ from the background (axes, text, lines).
    const pixels = image.pixels;
    let differing = 0;
    for (let i = 0; i < pixels.length; i += 4 * 97) {
      if (pixels[i] !== corner[0] || pixels[i + 1] !== corner[1]) differing++;
    }
    expect(differing).toBeGreaterThan(100);
  });
});
