/**
 * Where the reader is, for the "On this page" lists (page-toc.ts): a heading counts as passed once
 * its top is above a line under the header, and the current section is the last heading passed.
 */

/** Index of the current section: the last heading passed, or the first one before any is. */
export function findCurrentSection(passed: readonly boolean[]): number {
  const last = passed.lastIndexOf(true);
  return last === -1 ? 0 : last;
}

/**
 * Where the line is, in pixels from the top of the viewport: under the header and the mobile bar,
 * plus 2rem of reading room and the 53 px band Starlight's script used.
 */
export function findLine(headerHeight: number, barHeight: number): number {
  return headerHeight + barHeight + 32 + 53;
}

/**
 * How far above the viewport the band reaches. A jump (a link, `scrollTo`, a long swipe) can carry
 * a heading from below the viewport to far above it, and an observer only reports a change of
 * being in its band: the band must hold everything above the line, not only the visible part.
 */
export const ABOVE_VIEWPORT_PX = 1_000_000;

/**
 * `rootMargin` for the band from far above the viewport down to the line: a heading is in it
 * exactly when it is passed.
 */
export function toRootMargin(line: number, viewportHeight: number): string {
  return `${ABOVE_VIEWPORT_PX}px 0px ${Math.min(0, Math.round(line - viewportHeight))}px 0px`;
}
