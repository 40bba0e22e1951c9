import { expect, test } from '@playwright/test';
import { chapters } from '../../src/site.config.ts';

test('the sidebar lists every chapter in reading order and navigates to it', async ({ page }) => {
  // The landing page is a splash page without a sidebar; start on the last chapter.
  await page.goto(`${chapters.at(-1)}/`);
  const sidebar = page.getByRole('navigation', { name: 'Main' });
  // The chapters, then the chart gallery (charts-publish.spec.ts follows that link).
  await expect(sidebar.getByRole('link')).toHaveCount(chapters.length + 1);
  const links = sidebar.getByRole('link').filter({ hasNotText: 'All charts' });
  const hrefs = await links.evaluateAll((anchors) =>
    anchors.map((anchor) => new URL((anchor as HTMLAnchorElement).href).pathname),
  );
  expect(hrefs.map((href) => href.split('/').filter(Boolean).at(-1))).toEqual([...chapters]);

  await links.first().click();
  await expect(page).toHaveURL(new RegExp(`${chapters[0]}/$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'How a request reaches your code',
  );
  await expect(
    sidebar.getByRole('link', { name: 'How a request reaches your code' }),
  ).toHaveAttribute('aria-current', 'page');
});

test('the landing page links to the first chapter', async ({ page }) => {
  await page.goto('');
  await page
    .getByRole('main')
    .getByRole('link', { name: /how a request reaches your code/i })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'How a request reaches your code',
  );
});

test('the theme can be switched to dark and back', async ({ page }) => {
  await page.goto('how-a-request-reaches-your-code/');
  const select = page.getByRole('combobox', { name: 'Select theme' }).first();
  await select.selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await select.selectOption('light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the menu button opens the sidebar', async ({ page }) => {
    await page.goto(`${chapters[0]}/`);
    const menu = page.getByRole('button', { name: /menu/i });
    await expect(menu).toBeVisible();
    await menu.click();
    await expect(
      page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'How a request reaches your code' }),
    ).toBeVisible();
  });
});

test('the landing page maps the talk onto the chapters and links every chapter', async ({
  page,
}) => {
  await page.goto('');
  const main = page.getByRole('main');
  await expect(main.getByRole('table')).toContainText('pre-fork');
  const hrefs = await main
    .getByRole('link')
    .evaluateAll((links) =>
      links.map((link) => new URL((link as HTMLAnchorElement).href).pathname),
    );
  const linked = new Set(hrefs.map((href) => href.split('/').filter(Boolean).at(-1)));
  expect(chapters.filter((slug) => !linked.has(slug))).toEqual([]);
});
