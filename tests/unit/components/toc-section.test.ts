import { describe, expect, it } from 'vitest';
import { findCurrentSection, findLine, toRootMargin } from '../../../src/components/toc-section.ts';

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

  it('shrinks the viewport from the bottom to the line', () => {
    expect(toRootMargin(197, 800)).toBe('0px 0px -603px 0px');
    // A viewport shorter than the line watches all of it.
    expect(toRootMargin(197, 150)).toBe('0px 0px 0px 0px');
  });
});
