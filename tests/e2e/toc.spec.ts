import { expect, test, type Page } from '@playwright/test';

/**
 * The "On this page" lists are ours (src/components/page-toc.ts, issue 16): they must still mark
 * the section the reader is in, and the phone's dropdown must still open, jump and close.
 */
const chapter = 'databases/';

/** Scrolls the page so the heading the link points to sits just under the header. */
async function scrollToHeadingOf(page: Page, hash: string): Promise<void> {
  await page.evaluate((id) => {
    const heading = document.getElementById(decodeURIComponent(id));
    const header = document.querySelector('header')?.getBoundingClientRect().height ?? 0;
    if (!heading) throw new Error(`no heading #${id}`);
    window.scrollBy(0, heading.getBoundingClientRect().top - header - 60);
  }, hash.slice(1));
}

test.describe('on a wide screen', () => {
  test('the current section is marked as the reader scrolls, and only that one', async ({
    page,
  }) => {
    await page.goto(chapter);
    const toc = page.getByRole('navigation', { name: 'On this page' });
    const links = toc.getByRole('link');
    expect(await links.count()).toBeGreaterThan(4);
    const third = links.nth(3);
    const hash = (await third.getAttribute('href')) ?? '';
    await scrollToHeadingOf(page, hash);
    await expect(third).toHaveAttribute('aria-current', 'true');
    await expect(toc.locator('[aria-current="true"]')).toHaveCount(1);
    // Back at the top, the page title's entry is current again.
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect(links.first()).toHaveAttribute('aria-current', 'true');
    await expect(third).not.toHaveAttribute('aria-current');
  });

  test('a jump that carries a heading far above the screen still marks its section', async ({
    page,
  }) => {
    await page.goto(chapter);
    const links = page.getByRole('navigation', { name: 'On this page' }).getByRole('link');
    // The longest section, scrolled to its end: its heading is far above the viewport, the next
    // one just below it, and neither was ever in view.
    const index = await links.evaluateAll((anchors) => {
      const tops = anchors.map(
        (a) =>
          document
            .getElementById(decodeURIComponent((a as HTMLAnchorElement).hash.slice(1)))
            ?.getBoundingClientRect().top ?? 0,
      );
      let longest = 1;
      for (let i = 1; i < tops.length - 1; i++)
        if ((tops[i + 1] ?? 0) - (tops[i] ?? 0) > (tops[longest + 1] ?? 0) - (tops[longest] ?? 0))
          longest = i;
      window.scrollTo(0, (tops[longest + 1] ?? 0) - window.innerHeight);
      return longest;
    });
    await expect(links.nth(index)).toHaveAttribute('aria-current', 'true');
  });

  test('a link followed with the keyboard jumps to its section and marks it', async ({ page }) => {
    await page.goto(chapter);
    const links = page.getByRole('navigation', { name: 'On this page' }).getByRole('link');
    const last = links.last();
    const hash = (await last.getAttribute('href')) ?? '';
    await last.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`${hash}$`));
    await expect(last).toHaveAttribute('aria-current', 'true');
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the dropdown opens, jumps to a section, names it in the bar and closes', async ({
    page,
  }) => {
    await page.goto(chapter);
    const bar = page.locator('mobile-starlight-toc');
    const summary = bar.locator('summary');
    const list = bar.locator('.dropdown');
    await expect(list).toBeHidden();
    await summary.click();
    await expect(list).toBeVisible();
    // Inside the closed dropdown the links are hidden, so not found by role until it opens.
    const link = list.locator('a').nth(2);
    const title = (await link.textContent())?.trim() ?? '';
    const hash = (await link.getAttribute('href')) ?? '';
    await link.click();
    await expect(page).toHaveURL(new RegExp(`${hash}$`));
    await expect(list).toBeHidden();
    await expect(bar.locator('.display-current')).toHaveText(title);
    await expect(link).toHaveAttribute('aria-current', 'true');
  });

  test('Escape closes the open dropdown and gives focus back to its button', async ({ page }) => {
    await page.goto(chapter);
    const summary = page.locator('mobile-starlight-toc summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    const list = page.locator('mobile-starlight-toc .dropdown');
    await expect(list).toBeVisible();
    await list.getByRole('link').first().focus();
    await page.keyboard.press('Escape');
    await expect(list).toBeHidden();
    await expect(summary).toBeFocused();
  });
});
