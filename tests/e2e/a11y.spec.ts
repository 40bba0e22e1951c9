import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { Result } from 'axe-core';
import { readSitemapPaths } from '../support/site.ts';

/*
 * axe over every page of the sitemap, in both of Starlight's themes. Charts and demos start
 * only when they near the viewport (or on intent), so a page is checked as it first renders:
 * its data tables, controls and code, not the drawn canvas. The drawn charts are checked by
 * the chart figure axe test in charts.spec.ts, and a demo with its editor and output below.
 */

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const themes = ['light', 'dark'] as const;
/** Pages per test: enough for parallel workers to share the sitemap, few enough to report. */
const pagesPerTest = 8;
/** Tests per theme; the sitemap is read at run time, so the ones past its end skip. */
const groupCount = 12;

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

async function readPathGroups(request: APIRequestContext): Promise<string[][]> {
  const paths = await readSitemapPaths(request);
  const groups: string[][] = [];
  for (let i = 0; i < paths.length; i += pagesPerTest)
    groups.push(paths.slice(i, i + pagesPerTest));
  return groups;
}

for (const theme of themes) {
  test.describe(`${theme} theme`, () => {
    for (let group = 0; group < groupCount; group++) {
      test(`pages ${group * pagesPerTest + 1}–${(group + 1) * pagesPerTest} pass axe (WCAG 2.2 AA)`, async ({
        page,
        request,
      }) => {
        const paths = (await readPathGroups(request))[group];
        test.skip(!paths, 'the sitemap has fewer pages');
        test.setTimeout(30_000 + (paths?.length ?? 0) * 10_000);
        // Starlight pages read the stored choice; embed pages follow the system theme.
        await page.addInitScript((name) => localStorage.setItem('starlight-theme', name), theme);
        await page.emulateMedia({ colorScheme: theme });
        const failures: string[] = [];
        for (const path of paths ?? []) {
          await page.goto(path);
          await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
          await expectScrollableCodeFocusable(page);
          const { violations } = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
          failures.push(...describeViolations(path, violations));
        }
        expect(failures, `axe violations in the ${theme} theme`).toEqual([]);
      });
    }
  });
}

test('the groups above cover every page of the sitemap', async ({ request }) => {
  const pages = (await readSitemapPaths(request)).length;
  expect(pages, 'raise groupCount in a11y.spec.ts').toBeLessThanOrEqual(groupCount * pagesPerTest);
});

test('a demo with its editor, output and timeline passes axe, in light and dark', async ({
  page,
}) => {
  test.setTimeout(120_000);
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
