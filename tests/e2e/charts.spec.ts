import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { METRICS, type MetricId } from '../../src/charts/model/metrics.ts';
import { formatValue } from '../../src/charts/model/describe-chart.ts';
import { chartDefinitions } from '../../src/charts/registry.ts';
import { chapterPageSlugs } from '../../src/site.config.ts';
import type { BenchDataset } from '../../src/bench/schema.ts';
import {
  expectChartDrawn,
  fetchDataset,
  findFirstValue,
  locatePoint,
  openChart,
  readDrawnState,
  useGalleryCharts,
} from './charts-support.ts';

const gallery = useGalleryCharts();

test(
  'the gallery shows every chart of a recorded dataset, with its build-time image',
  { tag: '@base' },
  async ({ page }) => {
    const recorded = await Promise.all(
      chartDefinitions.map(async (d) => (await page.request.get(`data/${d.dataset}.json`)).ok()),
    );
    expect(gallery.ids).toEqual(chartDefinitions.filter((_, i) => recorded[i]).map((d) => d.id));
    await page.goto('charts/');
    const images = page.locator('.chart-gallery img:visible');
    await expect(images).toHaveCount(gallery.ids.length);
    // The images load lazily; fetch each one rather than scroll the whole gallery.
    for (const src of await images.evaluateAll((imgs) =>
      imgs.map((img) => img.getAttribute('src')),
    )) {
      const response = await page.request.get(new URL(src ?? '', page.url()).href);
      expect(response.headers()['content-type'], src ?? '').toBe('image/png');
      expect((await response.body()).length, src ?? '').toBeGreaterThan(10_000);
    }
    await images.first().scrollIntoViewIfNeeded();
    await expect
      .poll(() => images.first().evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
  },
);

test('every chart page draws its chart in a figure with caption, summary and table', async ({
  page,
}) => {
  // One page per chart, each loading Chart.js: give every page its own time budget.
  test.setTimeout(30_000 + gallery.ids.length * 5_000);
  for (const id of gallery.ids) {
    await test.step(id, async () => {
      const chart = await openChart(page, id);
      const figure = page.locator('figure', { has: chart.element });
      await expect(figure.locator('figcaption')).toContainText(chart.data.title);
      await expect(figure.locator('[data-summary]')).toContainText('against');
      await expect(figure.locator('canvas')).toHaveAttribute('aria-label', /against/);
      await expect(figure.locator('details table')).toBeAttached();
      await expect(page.getByRole('heading', { name: 'Cite this chart' })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Recording environment' })).toBeVisible();
    });
  }
});

test(
  'a tooltip shows the value that is in the dataset, by mouse and by keyboard',
  { tag: '@base' },
  async ({ page }) => {
    const chart = await openChart(page, gallery.ids[0] ?? '');
    const metric = chart.data.metrics[0] ?? 'throughput';
    const { series, index, pointId } = findFirstValue(chart.data, metric);
    const dataset = await fetchDataset(page, chart.data.dataset);
    const point = dataset.points.find((p) => p.id === pointId);
    expect(point, `point ${pointId} in /data/${chart.data.dataset}.json`).toBeDefined();
    // The first metric of every sweep chart is throughput: read it straight from the dataset.
    expect(metric).toBe('throughput');
    const expected = formatValue(point?.summary.throughputRps.median ?? NaN, 'throughput');

    const position = await locatePoint(chart.element, series, index);
    await page.mouse.move(position.x, position.y);
    const tooltip = chart.element.locator('[data-tooltip]');
    await expect(tooltip).toBeVisible();
    await expect(tooltip).toContainText(`${expected} (median)`);
    await expect(tooltip).toContainText(`${point?.repetitions.length} repetitions`);

    await page.mouse.move(0, 0);
    await chart.element.locator('canvas').focus();
    await page.keyboard.press('ArrowRight');
    await expect(tooltip).toBeVisible();
    await expect(tooltip).toContainText('(median)');
    await page.keyboard.press('Escape');
    await expect(tooltip).toBeHidden();
  },
);

test('toggling a series and switching metric and scale change the chart and the URL', async ({
  page,
}) => {
  const chart = await openChart(page, gallery.ids[0] ?? '');
  const first = chart.data.series[0];
  const other = chart.data.metrics[1];
  test.skip(!first || !other, 'this chart has one metric');

  const toggle = chart.element.getByRole('button', { name: first?.label ?? '', exact: true });
  await toggle.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  expect((await readDrawnState(chart.element)).visible[0]).toBe(false);
  await expect(page).toHaveURL(
    new RegExp(`${chart.id}-hide=${encodeURIComponent(first?.key ?? '')}`),
  );

  await chart.element.getByLabel('Metric').selectOption(other ?? '');
  await expect(page).toHaveURL(new RegExp(`${chart.id}-metric=${other}`));
  await expect
    .poll(async () => (await readDrawnState(chart.element)).yTitle)
    .not.toMatch(/Throughput/);

  // Each metric opens on its own scale (log where it spans orders of magnitude): switch away.
  const unchecked = chart.element.locator('[data-scale]:not(:checked)');
  const scale = (await unchecked.getAttribute('value')) ?? '';
  await unchecked.check();
  await expect(page).toHaveURL(
    new RegExp(`${chart.id}-scale=${scale === 'logarithmic' ? 'log' : 'linear'}`),
  );
  expect((await readDrawnState(chart.element)).yType).toBe(scale);

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page).not.toHaveURL(/-hide=/);
});

test(
  'a copied permalink restores the view',
  { tag: '@base' },
  async ({ page, context, browserName }) => {
    test.skip(browserName !== 'chromium', 'clipboard permissions are Chromium-only');
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const chart = await openChart(page, gallery.ids[0] ?? '');
    const second = chart.data.series[1];
    const metric = chart.data.metrics[1] ?? chart.data.metrics[0] ?? '';
    await chart.element.getByLabel('Metric').selectOption(metric);
    if (second)
      await chart.element.getByRole('button', { name: second.label, exact: true }).click();
    await chart.element.getByRole('button', { name: 'Copy link to this view' }).click();
    await expect(chart.element.locator('[data-copy-status]')).toHaveText(
      'Link to this view copied.',
    );
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toContain(`/charts/${chart.id}/?`);

    const reader = await context.newPage();
    await reader.goto(link);
    const restored = await expectChartDrawn(reader.locator('bench-chart').first());
    await expect(restored.element.getByLabel('Metric')).toHaveValue(metric);
    const state = await readDrawnState(restored.element);
    expect(state.visible.slice(0, chart.data.series.length)).toEqual(
      chart.data.series.map((s) => s.key !== second?.key),
    );
  },
);

test('the chart follows the site theme without a reload', async ({ page }) => {
  const chart = await openChart(page, gallery.ids[0] ?? '');
  await page.evaluate(() => (document.documentElement.dataset['theme'] = 'light'));
  await expect.poll(async () => (await readDrawnState(chart.element)).textColor).toBe('#17181c');
  await page.evaluate(() => (document.documentElement.dataset['theme'] = 'dark'));
  await expect.poll(async () => (await readDrawnState(chart.element)).textColor).toBe('#f2f3f5');
});

test('the chart reserves its space: nothing in the content moves while it loads', async ({
  page,
}) => {
  // Record every layout shift and whether any of its sources sits inside <main>. Starlight's
  // right sidebar can jump sideways while its own CSS settles (seen under load); that is the
  // theme's chrome, not the chart, so only shifts of nodes inside the content count here.
  await page.addInitScript(() => {
    const log: { value: number; inMain: boolean }[] = [];
    (window as unknown as { shifts: typeof log }).shifts = log;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const shift = entry as unknown as { value: number; sources: { node: Node | null }[] };
        const main = document.querySelector('main');
        log.push({
          value: shift.value,
          inMain: shift.sources.some((source) => !!source.node && !!main?.contains(source.node)),
        });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const chart = await openChart(page, gallery.ids[0] ?? '');
  const inContent = await page.evaluate(() =>
    (window as unknown as { shifts: { value: number; inMain: boolean }[] }).shifts
      .filter((shift) => shift.inMain)
      .reduce((sum, shift) => sum + shift.value, 0),
  );
  expect(inContent).toBe(0);
  await expect(chart.element.locator('canvas')).toBeVisible();
});

test('the data table is there without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`charts/${gallery.ids[0]}/`);
  const details = page.locator('figure details').first();
  await details.locator('summary').click();
  const table = details.getByRole('table');
  await expect(table).toBeVisible();
  expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
  await expect(page.getByRole('img', { name: /against/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Dataset (JSON)' })).toBeVisible();
  await context.close();
});

test('a control used before the chart data arrives takes effect when it does', async ({ page }) => {
  const id = gallery.ids[0] ?? '';
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(`**/charts/${id}.json`, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`charts/${id}/`);
  const element = page.locator('bench-chart').first();
  const metric = element.getByLabel('Metric');
  const other = (await metric.locator('option').nth(1).getAttribute('value')) ?? '';
  test.skip(!other, 'this chart has one metric');
  await metric.selectOption(other);
  await expect(element).not.toHaveAttribute('data-ready', 'chart');
  release();
  const chart = await expectChartDrawn(element);
  await expect(page).toHaveURL(new RegExp(`${id}-metric=${other}`));
  await expect(metric).toHaveValue(other);
  expect((await readDrawnState(chart.element)).yTitle).not.toMatch(/Throughput/);
});

test(
  'a chart whose data cannot be fetched shows its build-time image instead',
  { tag: '@base' },
  async ({ page }) => {
    const id = gallery.ids[0] ?? '';
    await page.route(`**/charts/${id}.json`, (route) => route.abort('connectionfailed'));
    page.on('pageerror', () => undefined); // The failed fetch is reported; the page goes on.
    await page.goto(`charts/${id}/`);
    const figure = page.locator('.chart-figure').first();
    await expect(figure.getByRole('img', { name: /against/ })).toBeVisible();
    await expect(figure.locator('canvas')).toBeHidden();
    await expect(figure.locator('details table')).toBeAttached();
  },
);

test(
  'a chapter starts each chart only when it nears the viewport',
  { tag: '@base' },
  async ({ page }) => {
    test.setTimeout(60_000);
    await page.goto('choosing/');
    const charts = page.locator('bench-chart');
    test.skip((await charts.count()) < 2, 'the chapter has fewer than two recorded charts');
    // The last chart is far below the first screen: it must wait for the reader.
    await expect(charts.last()).toHaveAttribute('data-ready', 'controls');
    await expectChartDrawn(charts.last());
  },
);

test('every measured number in the chapters is the one in its dataset', async ({ page }) => {
  test.setTimeout(30_000 + chapterPageSlugs.length * 5_000);
  const datasets = new Map<string, Promise<BenchDataset>>();
  for (const chapter of chapterPageSlugs) {
    await page.goto(`${chapter}/`);
    // One read per page, not several round trips per number: a chapter may hold dozens.
    const links = await page.locator('a.measured').evaluateAll((elements) =>
      elements.map((element) => ({
        text: element.textContent,
        attributes: ['data-value', 'data-dataset', 'data-point', 'data-metric', 'data-stat'].map(
          (name) => element.getAttribute(name),
        ),
      })),
    );
    for (const { text, attributes } of links) {
      const [value, datasetId, pointId, metricId, stat] = attributes;
      const id = datasetId ?? '';
      if (!datasets.has(id)) datasets.set(id, fetchDataset(page, id));
      const point = (await datasets.get(id))?.points.find((p) => p.id === pointId);
      const metric = METRICS[metricId as MetricId];
      const recorded = point && metric.summary(point);
      const key = stat === 'min' || stat === 'max' ? stat : 'median';
      // Open-loop latency is charted over every repetition's requests together, and a
      // sustainable rate (at the chart's default objective) is its point's offered rate.
      const pooled = point && key === 'median' ? (metric.pooled?.(point) ?? null) : null;
      const expected =
        metricId === 'sustainableRps' ? point?.openLoop?.rateRps : (pooled ?? recorded?.[key]);
      const where = `${chapter}: ${pointId} ${metricId}`;
      expect(Number(value), where).toBe((expected ?? NaN) / metric.divisor);
      expect(text, where).toBe(formatValue(Number(value), metricId as MetricId));
    }
  }
});

test('chart figures and the embed page pass axe (WCAG 2.2 AA), in light and dark', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
  for (const theme of ['light', 'dark']) {
    await openChart(page, gallery.ids[0] ?? '');
    await page.evaluate((name) => (document.documentElement.dataset['theme'] = name), theme);
    await page.locator('figure details summary').first().click();
    const figure = await new AxeBuilder({ page }).include('.chart-figure').withTags(tags).analyze();
    expect(figure.violations.map((v) => `${theme}: ${v.id}: ${v.help}`)).toEqual([]);
  }
  await page.goto(`embed/${gallery.ids[0]}/`);
  await expectChartDrawn(page.locator('bench-chart'));
  const embed = await new AxeBuilder({ page }).withTags(tags).analyze();
  expect(
    embed.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(' ')})`),
  ).toEqual([]);
});

test('a page without a chart loads no chart code', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url());
  });
  // The landing page is text only; every chapter has a chart or a demo.
  await page.goto('', { waitUntil: 'networkidle' });
  await expect(page.locator('bench-chart')).toHaveCount(0);
  expect(scripts.filter((url) => /ChartFigure|mount-chart|chart/i.test(url))).toEqual([]);
});
