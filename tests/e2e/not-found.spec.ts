import { expect, test } from '@playwright/test';

test(
  'an unknown address answers 404 with the site chrome and a way back',
  { tag: '@base' },
  async ({ page, baseURL }) => {
    const response = await page.goto('no-such-page/');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    await page.getByRole('link', { name: 'Worker Models' }).first().click();
    await expect(page).toHaveURL(baseURL ?? '');
    await expect(
      page.getByRole('link', { name: /how a request reaches your code/i }).first(),
    ).toBeVisible();
  },
);
