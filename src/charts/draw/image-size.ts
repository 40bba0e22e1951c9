/** Size of exported and build-time images, in CSS pixels (rendered at 2x). */
export const EXPORT_SIZE = { width: 960, height: 540, pixelRatio: 2 } as const;
