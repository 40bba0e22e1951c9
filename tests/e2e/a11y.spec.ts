import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { Result } from 'axe-core';
import { findUncoveredPages, selectPages } from '../support/page-templates.ts';
import { listBuiltPagePaths, readSitemapPaths } from '../support/site.ts';

/*
 * axe in both of Starlight's themes over every page whose content is written (the landing page,
 * each chapter and chapter page, the gallery), and over the permalink and embed pages of the
 * representative charts named, with the reason for each, in tests/support/page-templates.ts:
 * the other chart pages are the same two templates with other data. Charts and demos start
 * only when they near the viewport (or on intent), so a page is checked as it first renders:
 * its data tables, controls and code, not the drawn canvas. The drawn charts are checked by
 * the chart figure axe test in charts.spec.ts, and a demo with its editor and output below.
 */

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const themes = ['light', 'dark'] as const;
/** The pages checked, read from the build when the spec loads (one test each). */
const checkedPaths = selectPages(listBuiltPagePaths());
/**
 * One page in one theme per test, so that a slow page on a busy machine costs one test its
 * margin rather than a group of pages theirs. Loading the longest chapter and running axe over
 * it takes about 15 s on two busy cores; this is several times that.
 */
const pageTimeoutMs = 90_000;

/** One line per failing node: rule, what it asks for, and where. */
function describeViolations(path: string, violations: Result[]): string[] {
  return violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${path || '/'}: ${violation.id} (${violation.impact ?? 'no impact'}): ${violation.help}` +
        ` at ${node.target.join(' > ')}`,
    ),
  );
}

/**
 * Expressive Code makes a code block that scrolls sideways focusable from an idle callback;
 * wait for it, or axe can run first and report the block as unreachable by keyboard.
 */
async function expectScrollableCodeFocusable(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.expressive-code pre')].every(
      (pre) => pre.scrollWidth <= pre.clientWidth || pre.hasAttribute('tabindex'),
    ),
  );
}

for (const theme of themes) {
  test.describe(`${theme} theme`, () => {
    for (const path of checkedPaths) {
      test(`${path || '/'} passes axe (WCAG 2.2 AA)`, async ({ page }) => {
        test.setTimeout(pageTimeoutMs);
        // Starlight pages read the stored choice; embed pages follow the system theme.
        await page.addInitScript((name) => localStorage.setItem('starlight-theme', name), theme);
        await page.emulateMedia({ colorScheme: theme });
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(200);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        await expectScrollableCodeFocusable(page);
        const { violations } = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
        expect(
          describeViolations(path, violations),
          `axe violations in the ${theme} theme`,
        ).toEqual([]);
      });
    }
  });
}

test('every page of the served sitemap is checked, or is of a template one of whose pages is', async ({
  request,
}) => {
  const served = await readSitemapPaths(request);
  expect(served).toEqual(listBuiltPagePaths());
  expect(findUncoveredPages(served, checkedPaths)).toEqual([]);
});

test('a demo with its editor, output and timeline passes axe, in light and dark', async ({
  page,
}) => {
  // A cold Python load on a busy machine (see demos.spec.ts), then axe twice.
  test.setTimeout(180_000);
  await page.goto('event-loop/');
  const demo = page.getByRole('region', { name: /^Ten requests, one loop/ });
  await demo.getByRole('button', { name: /^Run/ }).click();
  await expect(demo.getByRole('status')).toHaveText(/^Finished/, { timeout: 90_000 });
  await expect(demo.getByRole('textbox', { name: /^Python code of/ })).toBeVisible();
  for (const theme of themes) {
    await page.evaluate((name) => (document.documentElement.dataset['theme'] = name), theme);
    const { violations } = await new AxeBuilder({ page })
      .include('python-demo')
      .withTags(wcagTags)
      .analyze();
    expect(describeViolations(`event-loop/ (${theme})`, violations)).toEqual([]);
  }
});
