import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectChartDrawn, readDrawnState, readGalleryChartIds } from './charts-support.ts';

/*
 * The demos and charts by keyboard alone: real Tab, Enter, Space and arrow presses. Only the
 * starting point, the last focusable element before the widget, is reached with `focus()`.
 */

/** Loading Python cold on a busy two-core machine can take a while. */
const coldLoadMs = 90_000;

/** Focuses the last focusable element before `target` in document order. */
async function focusJustBefore(target: Locator): Promise<void> {
  await target.evaluate((element) => {
    const focusable = [
      ...document.querySelectorAll<HTMLElement>('a[href], button, input, select, [tabindex]'),
    ].filter(
      (node) =>
        node.tabIndex >= 0 &&
        node.checkVisibility() &&
        node.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING &&
        !element.contains(node),
    );
    focusable.at(-1)?.focus();
  });
}

/** Presses Tab (or Shift+Tab) until `target` has focus, and fails after `limit` presses. */
async function tabTo(page: Page, target: Locator, { limit = 15, back = false } = {}) {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (await target.evaluate((element) => element.contains(document.activeElement))) return;
  }
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  throw new Error(`${limit} presses of Tab did not reach the target; focus is on ${focused}`);
}

test('a demo runs, is edited and is stopped by keyboard alone, and Tab leaves the editor', async ({
  page,
}) => {
  test.setTimeout(coldLoadMs + 60_000);
  await page.goto('event-loop/');
  const demo = page.getByRole('region', { name: /^Ten requests, one loop/ });
  const run = demo.getByRole('button', { name: /^Run/ });
  const stop = demo.getByRole('button', { name: 'Stop' });
  const status = demo.getByRole('status');
  const editor = demo.getByRole('textbox', { name: /^Python code of/ });

  await focusJustBefore(demo);
  await tabTo(page, run);
  await page.keyboard.press('Enter');
  await expect(status).toHaveText(/^Finished/, { timeout: coldLoadMs });
  await expect(demo.getByLabel('Program output')).not.toBeEmpty();

  // Back into the editor, which focus on Run has loaded, to write an endless loop.
  await tabTo(page, editor, { back: true });
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText('while True:\n    pass');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(status).toHaveText(/^Running/, { timeout: coldLoadMs });
  // No keyboard trap (WCAG 2.1.2): Tab leaves the editor, skipping Run, which is disabled.
  await tabTo(page, stop, { limit: 3 });
  await page.keyboard.press('Space');
  await expect(status).toHaveText(/^Stopped/, { timeout: 10_000 });
  await expect(run).toBeEnabled();
});

test("tabbing into a demo's code loads the editor and keeps focus there", async ({ page }) => {
  await page.goto('event-loop/');
  const demo = page.getByRole('region', { name: /^Ten requests, one loop/ });
  // One Tab lands in the static code (its copy button, or the block when it scrolls).
  await focusJustBefore(demo.locator('[data-part="static-code"]'));
  await page.keyboard.press('Tab');
  await expect(demo.getByRole('textbox', { name: /^Python code of/ })).toBeFocused();
});

test('a chart is reached by Tab and its metric changed with the arrow keys', async ({ page }) => {
  const chartIds = await readGalleryChartIds(page);
  // The first chart with more than one metric: the gallery is small, so open each in turn.
  let chart = null;
  for (const id of chartIds) {
    await page.goto(`charts/${id}/`);
    const candidate = await expectChartDrawn(page.locator('bench-chart').first());
    if (candidate.data.metrics.length > 1) {
      chart = candidate;
      break;
    }
  }
  test.skip(!chart, 'no recorded chart has more than one metric');
  if (!chart) return;
  const canvas = chart.element.locator('canvas');
  const metric = chart.element.getByLabel('Metric');

  await focusJustBefore(chart.element);
  await tabTo(page, metric);
  const before = (await readDrawnState(chart.element)).yTitle;
  await page.keyboard.press('ArrowDown');
  await expect(metric).toHaveValue(chart.data.metrics[1] ?? '');
  await expect(page).toHaveURL(new RegExp(`${chart.id}-metric=${chart.data.metrics[1]}`));
  await expect.poll(async () => (await readDrawnState(chart.element)).yTitle).not.toBe(before);
  // Past the scale and the series toggles, the drawing itself takes focus, and the arrow
  // keys read its points out.
  await tabTo(page, canvas, { limit: 20 });
  await page.keyboard.press('ArrowRight');
  await expect(chart.element.locator('[data-tooltip]')).toBeVisible();
});
