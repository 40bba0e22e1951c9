import { expect, test } from '@playwright/test';
import { listBuiltPagePaths, readSitemapPaths, watchPage } from '../support/site.ts';

test('the sitemap lists the landing page and the chapters', async ({ request }) => {
  const paths = await readSitemapPaths(request);
  expect(paths).toContain('');
  expect(paths).toContain('how-a-request-reaches-your-code/');
});

for (const path of listBuiltPagePaths()) {
  test(`${path || '(landing page)'} loads cleanly, alone, with one h1`, async ({
    page,
    baseURL,
  }) => {
    const watch = watchPage(page, new URL(baseURL ?? '').origin);
    const response = await page.goto(path, { waitUntil: 'networkidle' });
    expect(response?.status()).toBe(200);
    await expect(page.locator('h1')).toHaveCount(1);
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
  });
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
