import { describe, expect, it } from 'vitest';
import { toChartUrls, withBase } from '../../../../src/charts/model/chart-urls.ts';

describe.each([
  { base: '/', expected: '/charts/sweep-io/' },
  { base: '/worker-models/', expected: '/worker-models/charts/sweep-io/' },
  { base: '/worker-models', expected: '/worker-models/charts/sweep-io/' },
])('chart URLs under base $base', ({ base, expected }) => {
  it('start with the base path, never at the root', () => {
    const urls = toChartUrls(base, 'sweep-io', 'sweep-io');
    expect(urls.permalink).toBe(expected);
    expect(Object.values(urls).every((url) => url.startsWith(withBase(base, '')))).toBe(true);
  });
});
