/**
 * The p99 objective of the sustainable-rate chart: the reader changes it by keyboard, the bars
 * follow (to the values the pure model computes from the same chart data), the URL keeps it,
 * a bad value gets a clear message and no change, a link with a bad value falls back and says
 * so, and the figure passes axe in both themes and fits a 390 px phone.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator } from '@playwright/test';
import { applyObjective } from '../../src/charts/model/sustainable-rate.ts';
import type { ChartData } from '../../src/charts/model/to-chart-data.ts';
import { openChart, publicSite, useGalleryCharts } from './charts-support.ts';

const id = 'sustainable-rate';
const gallery = useGalleryCharts();

test.beforeEach(() => {
  test.skip(!gallery.ids.includes(id), `${id} is not built (its dataset is not recorded)`);
});

/** The bar heights Chart.js is drawing, per series (null: no bar). */
async function readBars(element: Locator): Promise<(number | null)[][]> {
  return element.evaluate((node) => {
    type Drawn = { data: { datasets: { data: { y: number | null }[] }[] } };
    const chart = (node as unknown as { mounted: { chart: Drawn } }).mounted.chart;
    return chart.data.datasets.map((dataset) => dataset.data.map((point) => point.y));
  });
}

/** The bars the model computes for `objectiveMs` from the chart's own data. */
function expectBars(data: ChartData, objectiveMs: number): (number | null)[][] {
  return applyObjective(data, objectiveMs).series.map((series) =>
    (series.values.sustainableRps ?? []).map((value) => value?.median ?? null),
  );
}

test('the objective changes the bars and the URL, by keyboard', async ({ page }) => {
  const chart = await openChart(page, id);
  const objective = chart.element.getByLabel('p99 objective (ms)');
  await expect(objective).toHaveValue('100');
  expect(await readBars(chart.element)).toEqual(expectBars(chart.data, 100));

  const loose = chart.data.sustainable?.maxMs ?? 2000;
  await objective.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(String(loose));
  await page.keyboard.press('Tab');
  await expect(page).toHaveURL(new RegExp(`${id}-p99=${loose}(&|$)`));
  await expect.poll(() => readBars(chart.element)).toEqual(expectBars(chart.data, loose));
  await expect(chart.element.locator('[data-summary]')).toContainText(
    `p99 ≤ ${loose.toLocaleString('en-US')} ms`,
  );
  if (publicSite) {
    await expect(page.getByLabel('Embed code')).toContainText(`${id}-p99=${loose}`);
    await expect(page.getByLabel('Citation')).toContainText(`${id}-p99=${loose}`);
  }

  // Back to the default: the parameter leaves the URL.
  await objective.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('100');
  await page.keyboard.press('Tab');
  await expect(page).not.toHaveURL(new RegExp(`${id}-p99=`));
  await expect.poll(() => readBars(chart.element)).toEqual(expectBars(chart.data, 100));
});

test('a value outside the range is refused with a message, and the bars stay', async ({ page }) => {
  const chart = await openChart(page, id, `?${id}-p99=250`);
  const objective = chart.element.getByLabel('p99 objective (ms)');
  await expect(objective).toHaveValue('250');
  const before = await readBars(chart.element);
  expect(before).toEqual(expectBars(chart.data, 250));

  await objective.fill('99999');
  await objective.press('Tab');
  await expect(
    chart.element.getByRole('status').filter({ hasText: 'not a number of ms' }),
  ).toHaveText(
    `The p99 objective "99999" is not a number of ms from 1 to ${chart.data.sustainable?.maxMs} (the timeout). The bars still show 250 ms.`,
  );
  await expect(objective).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(new RegExp(`${id}-p99=250(&|$)`));
  expect(await readBars(chart.element)).toEqual(before);
});

test('a link with a bad objective opens on the default and says so', async ({ page }) => {
  const chart = await openChart(page, id, `?${id}-p99=fast`);
  await expect(chart.element.getByLabel('p99 objective (ms)')).toHaveValue('100');
  await expect(chart.element.locator('[data-objective-problem]')).toHaveText(
    `This link's p99 objective "fast" is not a number of ms from 1 to ${chart.data.sustainable?.maxMs} (the timeout); showing 100 ms.`,
  );
  expect(await readBars(chart.element)).toEqual(expectBars(chart.data, 100));
});

test('the figure passes axe in light and dark, and fits a 390 px phone', async ({ page }) => {
  test.setTimeout(60_000);
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
  await page.setViewportSize({ width: 390, height: 844 });
  const chart = await openChart(page, id, `?${id}-p99=500`);
  await chart.element.getByLabel('p99 objective (ms)').fill('0');
  await chart.element.getByLabel('p99 objective (ms)').press('Tab');
  for (const theme of ['light', 'dark']) {
    await page.evaluate((name) => (document.documentElement.dataset['theme'] = name), theme);
    const { violations } = await new AxeBuilder({ page })
      .include('.chart-figure')
      .withTags(tags)
      .analyze();
    expect(violations.map((v) => `${theme}: ${v.id}: ${v.help}`)).toEqual([]);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
