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

// Pagefind's UI loads when the reader reaches for search, not with the page (issue 16).
test('search loads nothing until asked, then Ctrl+K opens it and finds "postgres"', async ({
  page,
}) => {
  const fetched: string[] = [];
  page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
  await page.goto('databases/');
  await page.waitForLoadState('networkidle');
  expect(fetched.filter((path) => path.includes('pagefind'))).toEqual([]);
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  const input = dialog.getByRole('textbox');
  await expect(input).toBeFocused();
  await input.fill('postgres');
  await expect(dialog.locator('.pagefind-ui__result-link').first()).toHaveText(
    'The database behind the request',
  );
  await page.keyboard.press('Control+k');
  await expect(dialog).toBeHidden();
});

test('"/" opens search, but types a slash in a text field', async ({ page }) => {
  await page.goto('databases/');
  await page.keyboard.press('/');
  const dialog = page.getByRole('dialog');
  const input = dialog.getByRole('textbox');
  await expect(input).toBeFocused();
  await input.pressSequentially('a/b');
  await expect(input).toHaveValue('a/b');
});
