import { expect, test } from '@playwright/test';
import { chapterPages, chapterPageSlugs, chapters, movedAnchors } from '../../src/site.config.ts';

test(
  'the sidebar lists every page in reading order and navigates to it',
  { tag: '@base' },
  async ({ page }) => {
    // The landing page is a splash page without a sidebar; start on the last chapter.
    await page.goto(`${chapters.at(-1)}/`);
    const sidebar = page.getByRole('navigation', { name: 'Main' });
    // Every link, also those inside a collapsed group, then the chart gallery (charts-publish.spec.ts
    // follows that link).
    const links = sidebar.locator('a').filter({ hasNotText: 'All charts' });
    await expect(sidebar.getByRole('link', { name: 'All charts' })).toHaveCount(1);
    const paths = await links.evaluateAll((anchors) =>
      anchors.map((anchor) => new URL((anchor as HTMLAnchorElement).href).pathname),
    );
    const base = new URL(page.url()).pathname.replace(`${chapters.at(-1)}/`, '');
    expect(paths.map((path) => path.slice(base.length, -1))).toEqual([...chapterPageSlugs]);

    await sidebar.getByRole('link').first().click();
    await expect(page).toHaveURL(new RegExp(`${chapters[0]}/$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'How a request reaches your code',
    );
    await expect(
      sidebar.getByRole('link', { name: 'How a request reaches your code' }),
    ).toHaveAttribute('aria-current', 'page');
  },
);

for (const [chapter, split] of Object.entries(chapterPages)) {
  test(
    `the ${chapter} chapter is a group in the sidebar, open on its pages`,
    { tag: '@base' },
    async ({ page }) => {
      await page.goto(`${chapter}/`);
      const title = page.getByRole('heading', { level: 1 });
      await expect(title).toHaveText(split.title);
      const sidebar = page.getByRole('navigation', { name: 'Main' });
      // The innermost group whose label is the chapter's title (the outer one holds every chapter).
      const group = sidebar
        .locator('details', { has: page.getByText(split.title, { exact: true }) })
        .last();
      await expect(group).toHaveAttribute('open');
      await group.getByRole('link').nth(1).click();
      await expect(page).toHaveURL(new RegExp(`${split.pages[0]}/$`));
      await expect(group.getByRole('link', { name: 'Overview' })).toBeVisible();
      // The overview lists every page of the chapter.
      await page.goto(`${chapter}/`);
      const listed = await page
        .locator('.chapter-pages a')
        .evaluateAll((anchors) =>
          anchors.map((a) => new URL((a as HTMLAnchorElement).href).pathname),
        );
      expect(listed.map((path) => path.split('/').filter(Boolean).slice(-2).join('/'))).toEqual(
        split.pages,
      );
    },
  );
}

test.describe('old links into a split chapter', { tag: '@base' }, () => {
  const moved = Object.entries(movedAnchors).flatMap(([chapter, anchors]) =>
    Object.entries(anchors).map(([id, to]) => ({ chapter, id, to })),
  );
  /** The fragment of a new place, or '' for the top of its page. */
  const fragmentOf = (to: string) => to.split('#')[1] ?? '';

  test('every moved anchor has its stub on the overview, and its new page has its id', async ({
    request,
  }) => {
    const html = new Map<string, string>();
    const fetchHtml = async (path: string) => {
      if (!html.has(path)) html.set(path, await (await request.get(path)).text());
      return html.get(path) ?? '';
    };
    for (const { chapter, id, to } of moved) {
      const stub = new RegExp(`id="${id}"[^>]*data-moved-to="([^"]+)"`).exec(
        await fetchHtml(`${chapter}/`),
      );
      expect(stub?.[1], `${chapter}/#${id}`).toMatch(
        new RegExp(`/${to.replace(/[.#]/g, '\\$&')}$`),
      );
      const fragment = fragmentOf(to);
      if (fragment)
        expect(await fetchHtml(to.split('#')[0] ?? ''), to).toContain(`id="${fragment}"`);
    }
  });

  test('with JavaScript, an old link takes the reader to the new place', async ({ page }) => {
    // One anchor per new page: the stubs above all work the same way.
    const pages = [...new Map(moved.map((m) => [m.to.split('#')[0], m])).values()];
    test.setTimeout(30_000 + pages.length * 10_000);
    for (const { chapter, id, to } of pages) {
      await test.step(`${chapter}/#${id}`, async () => {
        // The overview sends the reader on before it has finished loading: wait for the commit.
        await page.goto(`${chapter}/#${id}`, { waitUntil: 'commit' });
        await expect(page).toHaveURL((url) => `${url.pathname}${url.hash}`.endsWith(`/${to}`));
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      });
    }
  });

  test('a bare chart id is read as its figure', async ({ page }) => {
    const figure = moved.find(({ id }) => id.startsWith('chart-'));
    test.skip(!figure, 'no chart moved');
    await page.goto(`${figure?.chapter}/#${figure?.id.replace(/^chart-/, '')}`, {
      waitUntil: 'commit',
    });
    await expect(page).toHaveURL((url) => `${url.pathname}${url.hash}`.endsWith(`/${figure?.to}`));
    await expect(page.locator(`[id="${figure?.id}"]`)).toBeAttached();
  });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });

    test('an old link lands on the overview item that links to the new page', async ({ page }) => {
      const { chapter, id, to } = moved.at(-1) ?? { chapter: '', id: '', to: '' };
      await page.goto(`${chapter}/#${id}`);
      const item = page.locator('.chapter-pages li', { has: page.locator(`[id="${id}"]`) });
      await expect(item).toBeInViewport();
      const href = (await item.getByRole('link').getAttribute('href')) ?? '';
      expect(`/${to}`.startsWith(href.slice(href.indexOf(`/${chapter}/`)))).toBe(true);
    });
  });
});

test('the landing page links to the first chapter', { tag: '@base' }, async ({ page }) => {
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

  test('the page behind the open menu does not scroll, and scrolls again once it closes', async ({
    page,
  }) => {
    await page.goto(`${chapters[0]}/`);
    const body = page.locator('body');
    await expect(body).toHaveCSS('overflow-y', 'visible');
    await page.getByRole('button', { name: /menu/i }).click();
    await expect(body).toHaveCSS('overflow-y', 'hidden');
    await page.keyboard.press('Escape');
    await expect(body).toHaveCSS('overflow-y', 'visible');
  });
});

test(
  'the landing page maps the talk onto the chapters and links every chapter',
  { tag: '@base' },
  async ({ page }) => {
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
  },
);
