import { describe, expect, it } from 'vitest';
import { resolveChromium } from '../../../../scripts/lib/browser.ts';

describe('resolveChromium', () => {
  it.each([
    { has: ['/pw/chrome', '/usr/bin/chromium'], expected: undefined },
    { has: ['/usr/bin/chromium'], expected: '/usr/bin/chromium' },
  ])('with $has installed uses $expected', ({ has, expected }) => {
    const exists = (path: string) => has.includes(path);
    expect(resolveChromium('/pw/chrome', '/usr/bin/chromium', exists)).toBe(expected);
  });

  it('explains how to install a browser when there is none', () => {
    expect(() => resolveChromium('/pw/chrome', '/usr/bin/chromium', () => false))
      .toThrowErrorMatchingInlineSnapshot(`
        [Error: No Chromium found for the browser tests.
          Playwright's own browser is not at /pw/chrome, and /usr/bin/chromium does not exist.
          Install one of them:
            npx playwright install chromium        (downloads Playwright's build)
            sudo apt-get install -y chromium       (Debian/Ubuntu package, used automatically)]
      `);
  });
});
