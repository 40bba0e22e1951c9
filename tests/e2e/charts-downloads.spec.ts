import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type Download, type Page } from '@playwright/test';
import { toDefaultView } from '../../src/charts/model/chart-state.ts';
import { listImageViews, toViewImagePath } from '../../src/charts/model/chart-urls.ts';
import { METRICS } from '../../src/charts/model/metrics.ts';
import { decodePng, exportedPngSize } from '../support/png.ts';
import { basePath, fetchDataset, openChart, useGalleryCharts } from './charts-support.ts';

const gallery = useGalleryCharts();
/** The chart these tests use: the gallery's first. */
const firstChartId = () => gallery.ids[0] ?? '';

async function download(
  page: Page,
  name: string | RegExp,
): Promise<{ file: Download; bytes: Buffer }> {
  const waiting = page.waitForEvent('download');
  await page
    .locator('bench-chart')
    .getByRole(typeof name === 'string' ? 'link' : 'button', { name })
    .click();
  const file = await waiting;
  const path = await file.path();
  return { file, bytes: await readFile(path) };
}

/** Parses CSV text without quotes-in-quotes (the chart CSV quotes only labels with commas). */
function parseCsv(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .map((line) =>
      [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)]
        .map((m) => (m[1] ?? '').replace(/^"|"$/g, ''))
        .slice(0, -1),
    );
}

test('the PNG download is the current view (metric and scale), opaque, at 2x', async ({ page }) => {
  const chart = await openChart(page, firstChartId());
  const metric = chart.data.metrics[1] ?? chart.data.metrics[0] ?? '';
  await chart.element.getByLabel('Metric').selectOption(metric);
  await chart.element.getByRole('radio', { name: 'Linear' }).check();
  const linear = await download(page, 'Download PNG');
  expect(linear.file.suggestedFilename()).toBe(`${firstChartId()}-${metric}-linear.png`);
  const png = await decodePng(linear.bytes);
  expect([png.width, png.height]).toEqual(exportedPngSize);
  const corners = [png.readPixel(0, 0), png.readPixel(png.width - 1, png.height - 1)];
  expect(corners.map((rgba) => rgba[3])).toEqual([255, 255]);

  await chart.element.getByRole('radio', { name: 'Log' }).check();
  const log = await download(page, 'Download PNG');
  expect(log.file.suggestedFilename()).toBe(`${firstChartId()}-${metric}-log.png`);
  // The same metric on another axis is another picture.
  expect(log.bytes.equals(linear.bytes)).toBe(false);
});

test('every other metric and scale of a chart has a build-time image of its own', async ({
  page,
}) => {
  const chart = await openChart(page, firstChartId());
  const views = listImageViews(chart.data);
  const seen = new Set<string>();
  for (const view of [toDefaultView(chart.data), ...views]) {
    const path = toViewImagePath(basePath, chart.data, { ...view, hidden: [] });
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    const png = await decodePng(await response.body());
    expect([png.width, png.height], path).toEqual(exportedPngSize);
    seen.add(createHash('sha256').update(png.pixels).digest('hex'));
  }
  // One picture per view: no two views share an image.
  expect(seen.size).toBe(views.length + 1);
});

test('the CSV download holds every metric of the visible series, as in the dataset', async ({
  page,
}) => {
  const chart = await openChart(page, firstChartId());
  const hidden = chart.data.series[0];
  if (hidden) await chart.element.getByRole('button', { name: hidden.label, exact: true }).click();
  const { file, bytes } = await download(page, 'Download CSV');
  expect(file.suggestedFilename()).toBe(`${firstChartId()}.csv`);
  const [header = [], ...rows] = parseCsv(bytes.toString('utf8'));
  expect(header.slice(0, 2)).toEqual(['series', chart.data.x.field]);
  const visible = chart.data.series.filter((s) => s.key !== hidden?.key);
  expect(rows).toHaveLength(visible.length * chart.data.x.values.length);
  expect(rows.some((row) => row[0] === hidden?.label)).toBe(false);

  const dataset = await fetchDataset(page, chart.data.dataset);
  const pointIdColumn = header.indexOf('point_id');
  const measured = rows.filter((row) => row[pointIdColumn]);
  expect(measured.length).toBeGreaterThan(0);
  for (const metric of chart.data.metrics) {
    const column = header.indexOf(`${METRICS[metric].csvName}_median`);
    expect(column, metric).toBeGreaterThan(1);
    for (const row of measured) {
      const point = dataset.points.find((p) => p.id === row[pointIdColumn]);
      const stat = point && METRICS[metric].summary(point);
      const expected = stat ? String(stat.median / METRICS[metric].divisor) : '';
      expect(row[column], `${metric}: ${row.join(',')}`).toBe(expected);
    }
  }
  // The file the page links without JavaScript holds every series.
  const whole = await page.request.get(`charts/${firstChartId()}.csv`);
  expect(parseCsv(await whole.text())).toHaveLength(
    1 + chart.data.series.length * chart.data.x.values.length,
  );
});

test('the JSON download is the whole dataset', async ({ page }) => {
  const chart = await openChart(page, firstChartId());
  const { bytes } = await download(page, 'Dataset (JSON)');
  const json = JSON.parse(bytes.toString('utf8')) as { id: string; points: { id: string }[] };
  expect(json.id).toBe(chart.data.dataset);
  const pointIds = chart.data.series.flatMap((s) =>
    Object.values(s.values).flatMap((values) => values.flatMap((v) => (v ? [v.pointId] : []))),
  );
  const served = new Set(json.points.map((p) => p.id));
  expect(pointIds.every((id) => served.has(id))).toBe(true);
});
