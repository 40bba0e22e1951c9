import { describe, expect, it } from 'vitest';
import {
  ABOVE_VIEWPORT_PX,
  findCurrentSection,
  findLine,
  toRootMargin,
} from '../../../src/components/toc-section.ts';

describe('findCurrentSection', () => {
  it('is the last heading passed', () => {
    expect(findCurrentSection([true, true, false, false])).toBe(1);
    expect(findCurrentSection([true, true, true])).toBe(2);
  });

  it('is the first heading before any is passed', () => {
    expect(findCurrentSection([false, false])).toBe(0);
  });
});

describe('the line under the header', () => {
  it('sits below the header, the phone bar and the reading room', () => {
    expect(findLine(64, 48)).toBe(64 + 48 + 32 + 53);
    expect(findLine(64, 0)).toBe(64 + 32 + 53);
  });

  it('ends the band at the line and reaches far above the viewport', () => {
    expect(toRootMargin(197, 800)).toBe(`${ABOVE_VIEWPORT_PX}px 0px -603px 0px`);
    // A viewport shorter than the line is all in the band.
    expect(toRootMargin(197, 150)).toBe(`${ABOVE_VIEWPORT_PX}px 0px 0px 0px`);
  });
});
