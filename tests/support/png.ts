/** Decoded chart images, for the tests of the build-time PNGs and of the PNG download. */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { EXPORT_SIZE } from '../../src/charts/draw/image-size.ts';

/** Width and height in pixels of every chart PNG: the export size at its pixel ratio. */
export const exportedPngSize = [
  EXPORT_SIZE.width * EXPORT_SIZE.pixelRatio,
  EXPORT_SIZE.height * EXPORT_SIZE.pixelRatio,
];

/** A decoded PNG: its size and its RGBA pixels, row by row. */
export interface DecodedPng {
  width: number;
  height: number;
  pixels: Uint8ClampedArray;
  /** The red, green, blue and alpha of one pixel. */
  readPixel(x: number, y: number): number[];
}

/** Decodes PNG bytes. */
export async function decodePng(bytes: Uint8Array): Promise<DecodedPng> {
  const image = await loadImage(Buffer.from(bytes));
  const { width, height } = image;
  const context = createCanvas(width, height).getContext('2d');
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, width, height).data;
  return {
    width,
    height,
    pixels,
    readPixel: (x, y) => [...pixels.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)],
  };
}
