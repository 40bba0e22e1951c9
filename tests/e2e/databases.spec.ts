/**
 * The database chapter (issue 12): a reader who runs Django, Flask or FastAPI against
 * PostgreSQL reaches the section that answers them from the home page in one click, finds the
 * chapter through the site search, and sees its charts drawn.
 */
import { expect, test, type Page } from '@playwright/test';
import { chartDefinitions } from '../../src/charts/registry.ts';
import { expectChartDrawn } from './charts-support.ts';

const CHAPTER_TITLE = 'The database behind the request';

const READER_PATHS = [
  'I run Django with PostgreSQL: should I switch to async?',
  'I run Flask with PostgreSQL: should I switch to async?',
  'I run FastAPI with PostgreSQL: is async paying off?',
];

/** The database datasets' charts, as the registry declares them. */
const DATABASE_CHART_IDS = chartDefinitions
  .filter((chart) => chart.dataset.startsWith('db-'))
  .map((chart) => chart.id);

/** Measured numbers (or their placeholders) between a section's heading and the next h2. */
async function countMeasuredInSection(page: Page, heading: string): Promise<number> {
  return page.getByRole('heading', { level: 2, name: heading }).evaluate((h2) => {
    // Starlight wraps each heading in a div; the section's content follows that wrapper.
    const start = h2.closest('.sl-heading-wrapper') ?? h2;
    let count = 0;
    for (let node = start.nextElementSibling; node; node = node.nextElementSibling) {
      if (node.matches('h2, .sl-heading-wrapper.level-h2')) break;
      count += node.querySelectorAll('.measured').length;
    }
    return count;
  });
}

test.describe('reader paths from the home page', () => {
  for (const name of READER_PATHS) {
    test(`"${name}" lands on the section that answers it, with measurements`, async ({ page }) => {
      await page.goto('');
      await page.getByRole('link', { name, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(CHAPTER_TITLE);
      const heading = page.getByRole('heading', { level: 2, name, exact: true });
      await expect(heading).toBeInViewport();
      expect(new URL(page.url()).hash).toBe(`#${await heading.getAttribute('id')}`);
      expect(await countMeasuredInSection(page, name)).toBeGreaterThanOrEqual(3);
    });
  }
});

test('the choosing chapter links to the database chapter where it recommends', async ({ page }) => {
  await page.goto('choosing/');
  const links = page.locator('main a[href*="databases/"]');
  expect(await links.count()).toBeGreaterThanOrEqual(3);
  await links.first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(CHAPTER_TITLE);
});

test.describe('site search finds the database chapter', () => {
  for (const query of ['postgres', 'CONN_MAX_AGE', 'sync_to_async', 'asgiref']) {
    test(`by "${query}"`, async ({ page }) => {
      await page.goto('');
      await page.getByRole('button', { name: 'Search' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('textbox').fill(query);
      const result = dialog.getByRole('link', { name: new RegExp(CHAPTER_TITLE, 'i') }).first();
      await expect(result).toBeVisible();
    });
  }
});

test('the database chapter draws each of its charts', async ({ page }) => {
  test.setTimeout(30_000 + DATABASE_CHART_IDS.length * 5_000);
  await page.goto('databases/');
  for (const id of DATABASE_CHART_IDS) {
    await test.step(id, async () => {
      const element = page.locator(`bench-chart[data-chart-id="${id}"]`);
      await expect(element).toHaveCount(1);
      const dataset = chartDefinitions.find((chart) => chart.id === id)?.dataset ?? '';
      test.skip(
        !(await page.request.get(`data/${dataset}.json`)).ok(),
        `${dataset} is not recorded yet`,
      );
      const { data } = await expectChartDrawn(element);
      expect(data.id).toBe(id);
      expect(data.series.length).toBeGreaterThan(0);
      await expect(element.locator('canvas')).toBeVisible();
    });
  }
});
