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

// Every chart page's title names its subject, and Pagefind adds a bonus for a title match: with
// its default weight, seven charts came before the database chapter for "postgres". The chapter
// that explains a subject comes first (astro.config.mjs, `pagefind.ranking`).
for (const [query, chapter] of [
  ['postgres', 'The database behind the request'],
  ['gthread', 'Threads: the gthread worker'],
  ['greenlet', 'Green threads: Gevent'],
] as const) {
  test(`"${query}" lists its chapter first, before the charts`, async ({ page }) => {
    await page.goto('');
    await page.getByRole('button', { name: 'Search' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox').fill(query);
    await expect(dialog.locator('.pagefind-ui__result-link').first()).toHaveText(chapter);
  });
}
