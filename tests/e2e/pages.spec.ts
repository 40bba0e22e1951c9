import { expect, test } from '@playwright/test';
import { checkPageHtml } from '../support/page-html.ts';
import {
  classifyPage,
  findUncoveredPages,
  representativeChartIds,
  selectPages,
} from '../support/page-templates.ts';
import { listBuiltPagePaths, readSitemapPaths, watchPage } from '../support/site.ts';

/*
 * Every page as served, from its HTML: it answers, has one h1 and loads nothing from another
 * origin. In a browser, which also sees console errors and the requests scripts make: every page
 * whose content is written, and one chart permalink and embed, since every chart page is one of
 * those two templates with other data (tests/support/page-templates.ts).
 *
 * Tagged @base: what `npm run test:base` runs again under a base path, where what can break is a
 * URL, and a page's runtime URLs come from its template and widgets, not its text.
 */

const loadedPaths = selectPages(listBuiltPagePaths(), representativeChartIds.slice(0, 1));
/** Chapters loaded under a base path too: one with charts, demos and code, and the simulator's. */
const baseChapters = new Set(['event-loop/', 'benchmarks/simulator/']);

test(
  'the sitemap lists the landing page and the chapters',
  { tag: '@base' },
  async ({ request }) => {
    const paths = await readSitemapPaths(request);
    expect(paths).toContain('');
    expect(paths).toContain('how-a-request-reaches-your-code/');
  },
);

test(
  'every page answers 200, with one h1, and its HTML loads nothing from another origin',
  { tag: '@base' },
  async ({ request, baseURL }) => {
    const problems: string[] = [];
    for (const path of await readSitemapPaths(request)) {
      const where = path || '(landing page)';
      const response = await request.get(path);
      if (response.status() !== 200) problems.push(`${where}: status ${response.status()}`);
      const html = await response.text();
      const pageUrl = new URL(path, baseURL).href;
      problems.push(...checkPageHtml(html, pageUrl).map((problem) => `${where}: ${problem}`));
    }
    expect(problems).toEqual([]);
  },
);

test(
  'every page is loaded in a browser, or is of a template one of whose pages is',
  { tag: '@base' },
  async ({ request }) => {
    expect(findUncoveredPages(await readSitemapPaths(request), loadedPaths)).toEqual([]);
  },
);

for (const path of loadedPaths) {
  const tag = classifyPage(path) !== 'chapter' || baseChapters.has(path) ? ['@base'] : [];
  test(
    `${path || '(landing page)'} loads cleanly, alone, with one h1`,
    { tag },
    async ({ page, baseURL }) => {
      const watch = watchPage(page, new URL(baseURL ?? '').origin);
      const response = await page.goto(path, { waitUntil: 'networkidle' });
      expect(response?.status()).toBe(200);
      await expect(page.locator('h1')).toHaveCount(1);
      expect(watch.consoleErrors).toEqual([]);
      expect(watch.foreignRequests).toEqual([]);
    },
  );
}

test('asides and heading anchors are rendered, not left as Markdown', async ({ page }) => {
  await page.goto('how-a-request-reaches-your-code/');
  await expect(page.locator('.sl-markdown-content')).not.toContainText(':::');
  await expect(page.locator('aside.starlight-aside').first()).toBeVisible();
  await expect(page.locator('.sl-markdown-content a.sl-anchor-link').first()).toBeAttached();
});

test('code samples are highlighted', async ({ page }) => {
  await page.goto('how-a-request-reaches-your-code/');
  const code = page.locator('.expressive-code pre code').first();
  await expect(code).toBeVisible();
  // Shiki colours each token with its own span; plain text would be one run.
  expect(await code.locator('span[style*="--0"]').count()).toBeGreaterThan(3);
});
