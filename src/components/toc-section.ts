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

/** `rootMargin` that shrinks the viewport to the band from its top down to the line. */
export function toRootMargin(line: number, viewportHeight: number): string {
  return `0px 0px ${Math.min(0, Math.round(line - viewportHeight))}px 0px`;
}
