import { expect, test } from '@playwright/test';

test(
  'search finds a chapter by a word in its body and opens it',
  { tag: '@base' },
  async ({ page }) => {
    await page.goto('');
    await page.getByRole('button', { name: 'Search' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox').fill('backlog');
    const result = dialog.getByRole('link', { name: /how a request reaches your code/i }).first();
    await expect(result).toBeVisible();
    await result.click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'How a request reaches your code',
    );
  },
);
