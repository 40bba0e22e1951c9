import { differenceCiede2000, wcagContrast } from 'culori';
import { describe, expect, it } from 'vitest';
import { THEMES } from '../../../../src/charts/draw/themes.ts';
import { BASE_MODELS } from '../../../../src/charts/model/to-chart-data.ts';

const difference = differenceCiede2000();

/** Below about 10 (CIEDE2000), two line colours read as one at a glance. */
const MIN_DIFFERENCE = 10;
/** WCAG 2.2's non-text contrast (1.4.11): lines and markers against the plot's background. */
const MIN_CONTRAST = 3;

describe.each(Object.values(THEMES))('the $name theme', (theme) => {
  it('has a colour of its own for every model', () => {
    expect(theme.series.length).toBeGreaterThanOrEqual(BASE_MODELS.length);
  });

  it('has no two series colours that read as one', () => {
    const close = theme.series.flatMap((a, i) =>
      theme.series
        .slice(i + 1)
        .filter((b) => difference(a, b) < MIN_DIFFERENCE)
        .map((b) => `${a} and ${b}: ${difference(a, b).toFixed(1)}`),
    );
    expect(close).toEqual([]);
  });

  it('draws every series at 3:1 against its background', () => {
    const faint = theme.series
      .map((color) => ({ color, contrast: wcagContrast(color, theme.background) }))
      .filter(({ contrast }) => contrast < MIN_CONTRAST);
    expect(faint).toEqual([]);
  });
});
