import { expect, test, type Locator, type Page } from '@playwright/test';

/*
 * The demos as a talk attendee meets them on a phone (390 px, touch, maybe on mobile data):
 * nothing heavy loads until they reach for a demo, and what they see fits the screen.
 */
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const coldLoadMs = 90_000;
const pyodideFile = /\/pyodide\/v[^/]+\/[^/]+$/;

function findDemo(page: Page, title: RegExp): Locator {
  return page.getByRole('region', { name: title });
}
const tenRequests = /^Ten requests, one loop/;

/** Every Pyodide file the page requests from now on. */
function watchPyodide(page: Page): string[] {
  const fetched: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (pyodideFile.test(path)) fetched.push(path.split('/').pop() ?? path);
  });
  return fetched;
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

test('scrolling past the demos downloads nothing; the size is shown; a tap loads Python', async ({
  page,
}) => {
  test.setTimeout(coldLoadMs);
  const fetched = watchPyodide(page);
  await page.goto('event-loop/');
  for (const demo of await page.locator('python-demo').all()) {
    await demo.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
  }
  await page.mouse.wheel(0, 100_000);
  await page.waitForTimeout(1_000);
  expect(fetched).toEqual([]);

  const demo = findDemo(page, tenRequests);
  await expect(demo.getByText(/^The first run downloads Python: \d+\.\d MB\.$/)).toBeVisible();
  await demo.getByRole('button', { name: /^Run/ }).tap();
  await expect(demo.getByRole('status')).toHaveText(/^Finished/, { timeout: coldLoadMs });
  expect(fetched).toContain('pyodide.asm.wasm');
  await expect(demo.getByText(/^The first run downloads Python/)).toBeHidden();
});

test('with Save-Data, only Run itself downloads Python, and without the snapshot', async ({
  page,
}) => {
  test.setTimeout(coldLoadMs);
  await page.addInitScript(() =>
    Object.defineProperty(navigator, 'connection', {
      value: { saveData: true, effectiveType: '4g' },
    }),
  );
  const fetched = watchPyodide(page);
  await page.goto('gevent/');
  const demo = page.locator('python-demo').first();
  await expect(
    demo.getByText(/asks to save data: Python \(\d+\.\d MB\) downloads only when you press Run/),
  ).toBeVisible();
  await demo.getByRole('button', { name: /^Run/ }).focus();
  await demo.locator('[data-part="static-code"]').hover();
  await page.waitForTimeout(1_000);
  expect(fetched).toEqual([]);
  await demo.getByRole('button', { name: /^Run/ }).tap();
  await expect(demo.getByRole('status')).toHaveText(/^Finished/, { timeout: coldLoadMs });
  expect(fetched).toContain('pyodide.asm.wasm');
  expect(fetched).not.toContain('snapshot-gz.bin');
});

test('when Python cannot load, the page says so in words, keeps Retry on screen and fits', async ({
  page,
}) => {
  test.setTimeout(coldLoadMs);
  await page.route('**/pyodide.mjs', (route) => route.abort('connectionfailed'));
  await page.goto('gevent/');
  const demo = page.locator('python-demo').first();
  await demo.getByRole('button', { name: /^Run/ }).tap();
  await expect(
    demo.getByText(/^Python could not be loaded: .+\. Check your connection, then retry\.$/),
  ).toBeVisible({ timeout: coldLoadMs });
  await expect(demo.getByText(/https?:\/\//)).toBeHidden();
  const retry = demo.getByRole('button', { name: 'Retry' });
  await retry.scrollIntoViewIfNeeded();
  await expect(retry).toBeInViewport({ ratio: 1 });
  await demo.getByText('What the browser reported').tap();
  await expect(demo.locator('[data-part="progress-detail-text"]')).toContainText('pyodide.mjs');
  await expectNoSidewaysScroll(page);
});

test('the static code fits the screen, and the editor takes its place without moving the page', async ({
  page,
}) => {
  test.setTimeout(coldLoadMs);
  await page.goto('event-loop/');
  const demo = findDemo(page, tenRequests);
  const code = demo.locator('[data-part="static-code"] pre');
  expect(await code.evaluate((pre) => pre.scrollWidth <= pre.clientWidth)).toBe(true);
  await expectNoSidewaysScroll(page);

  // The reader sits at the bottom of the demo, where a layout shift used to carry the next
  // section under the "On this page" bar.
  const bar = page.locator('mobile-starlight-toc .display-current');
  await demo.evaluate((element) => {
    const band = (document.querySelector('header')?.getBoundingClientRect().height ?? 0) + 100;
    window.scrollBy(0, element.getBoundingClientRect().bottom - band - 60);
  });
  await expect(bar).toHaveText('One thread, many tasks');
  // The toolbar sits right under the code: it moves if the editor is taller or shorter.
  const toolbar = demo.locator('[data-part="toolbar"]');
  const before = await toolbar.boundingBox();
  // Pointing at the code asks for the editor (a hover here would scroll the page first).
  await code.dispatchEvent('pointerenter');
  await expect(demo.getByRole('textbox', { name: /^Python code of/ })).toBeVisible({
    timeout: coldLoadMs,
  });
  await page.waitForTimeout(500);
  const after = await toolbar.boundingBox();
  expect(after?.y).toBeCloseTo(before?.y ?? 0, 0);
  await expect(demo.locator('[data-part="static-code"]')).toBeHidden();
  await expect(bar).toHaveText('One thread, many tasks');
});

test('the keyboard shortcut is not offered on a touch screen', async ({ page }) => {
  await page.goto('event-loop/');
  const run = findDemo(page, tenRequests).getByRole('button', { name: /^Run/ });
  await expect(run).toBeVisible();
  await expect(run.locator('kbd')).toBeHidden();
});

test.describe('after a run', () => {
  test.describe.configure({ mode: 'serial' });
  let page: Page;
  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await page.goto('event-loop/');
  });
  test.afterAll(async () => page.close());

  test('the timeline names every phase in full, and zooms to one', async () => {
    test.setTimeout(coldLoadMs);
    const demo = findDemo(page, tenRequests);
    await demo.getByRole('button', { name: /^Run/ }).tap();
    await expect(demo.getByRole('status')).toHaveText(/^Finished/, { timeout: coldLoadMs });
    const chart = demo.locator('[data-part="timeline-chart"] svg');
    await expect(chart.locator('.tl-phase-label')).toHaveText(['one_after_another', 'all_at_once']);
    const waitWidths = () =>
      chart
        .locator('rect.tl-waiting')
        .evaluateAll((rects) => rects.map((rect) => rect.getBoundingClientRect().width));
    // The last ten waits are all_at_once's.
    const before = (await waitWidths()).slice(-10);
    const inside = await chart.evaluate((svg) => {
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll('.tl-phase-label, .tl-lane')].every((label) => {
        const own = label.getBoundingClientRect();
        return own.left >= box.left - 0.5 && own.right <= box.right + 0.5;
      });
    });
    expect(inside).toBe(true);
    await expectNoSidewaysScroll(page);

    await demo.getByRole('button', { name: 'all_at_once' }).tap();
    await expect(demo.getByRole('button', { name: 'all_at_once' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    const widths = await waitWidths();
    // Ten waits of 0.1 s side by side, each several times as wide as in the whole run. How many
    // times depends on how long all_at_once ran beside the whole run (ten sleeps in a row and
    // then one round of them): above four in every local run, 3.8 once in CI on a slow CPU.
    expect(widths).toHaveLength(10);
    expect(Math.min(...widths)).toBeGreaterThan(3 * Math.max(...before));
    expect(Math.min(...widths)).toBeGreaterThan(80);
    await demo.getByRole('button', { name: 'Whole run' }).tap();
    await expect(chart.locator('rect.tl-waiting')).toHaveCount(20);
  });

  test('after a Stop, the status says the run ended only once its output is shown', async () => {
    const demo = findDemo(page, tenRequests);
    await demo.getByRole('button', { name: /^Run/ }).hover();
    const editor = demo.getByRole('textbox', { name: /^Python code of/ });
    await editor.click();
    await editor.press('ControlOrMeta+a');
    await page.keyboard.insertText('while True:\n    pass');
    await demo.getByRole('button', { name: /^Run/ }).tap();
    await expect(demo.getByRole('status')).toHaveText(/^Running/);
    await demo.getByRole('button', { name: 'Stop' }).tap();
    await expect(demo.getByRole('status')).toHaveText('Stopped.', { timeout: 10_000 });

    await editor.click();
    await editor.press('ControlOrMeta+a');
    await page.keyboard.insertText('print("after the stop")');
    // Records, at the moment the status first says how the run ended, what the output shows.
    const shownAtEnd = demo.evaluate(
      (element) =>
        new Promise<string>((resolve) => {
          const status = element.querySelector('[role="status"]');
          const output = element.querySelector('[data-part="output"]');
          new MutationObserver(() => {
            if (/^(Finished|Stopped by|Exited)/.test(status?.textContent ?? ''))
              resolve(output?.textContent ?? '');
          }).observe(status ?? element, { childList: true, characterData: true, subtree: true });
        }),
    );
    await demo.getByRole('button', { name: /^Run/ }).tap();
    expect(await shownAtEnd).toContain('after the stop');
  });
});
