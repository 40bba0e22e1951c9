/**
 * Helpers for the chart end-to-end tests: find a chart to test, reach its Chart.js instance,
 * and read the dataset the site serves, so expectations come from the data, not from code.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { BenchDataset } from '../../src/bench/schema.ts';
import type { ChartData } from '../../src/charts/model/to-chart-data.ts';

/**
 * The public address the build under test was made for (`SITE`, as for the build), or null for
 * a build without one, whose chart pages offer no citation or embed code.
 */
export const publicSite: string | null = process.env['SITE'] ?? null;

/** The site's base path, as for the build (`BASE`). */
export const basePath: string = process.env['BASE'] ?? '/';

/** What a test needs to know about the chart on a page. */
export interface ChartUnderTest {
  id: string;
  data: ChartData;
  element: Locator;
}

/** The ids of every chart in the gallery, in order. */
export async function readGalleryChartIds(page: Page): Promise<string[]> {
  await page.goto('charts/');
  const hrefs = await page
    .locator('.chart-gallery a.chart-card')
    .evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).pathname));
  return hrefs.map((href) => href.split('/').filter(Boolean).at(-1) ?? '');
}

/**
 * Reads the gallery's chart ids once, before a spec file's tests, and skips each test when there
 * is none (no dataset recorded yet). Call it at the top of a spec; read `ids` inside tests.
 */
export function useGalleryCharts(): { ids: string[] } {
  const gallery = { ids: [] as string[] };
  test.beforeAll(async ({ browser }) => {
    const page = await browser.newPage();
    gallery.ids = await readGalleryChartIds(page);
    await page.close();
  });
  test.beforeEach(() => {
    test.skip(gallery.ids.length === 0, 'no dataset recorded yet, so no chart to test');
  });
  return gallery;
}

/** Opens a chart's permalink (with an optional query) and waits until Chart.js has drawn it. */
export async function openChart(page: Page, id: string, query = ''): Promise<ChartUnderTest> {
  await page.goto(`charts/${id}/${query}`);
  return expectChartDrawn(page.locator('bench-chart').first());
}

/** Waits for a `<bench-chart>` to be drawn and returns its data. */
export async function expectChartDrawn(element: Locator): Promise<ChartUnderTest> {
  await element.scrollIntoViewIfNeeded();
  await expect(element).toHaveAttribute('data-ready', 'chart');
  // The chart data the element fetched and drew (see chart-element.ts).
  const data = await element.evaluate((node) => (node as unknown as { data: ChartData }).data);
  return { id: data.id, data, element };
}

/** Facts read from the live Chart.js instance of a chart element. */
export interface DrawnState {
  visible: boolean[];
  yTitle: string;
  yType: string;
  textColor: string;
}

/** Reads what Chart.js is drawing right now. */
export async function readDrawnState(element: Locator): Promise<DrawnState> {
  return element.evaluate((node) => {
    // The element keeps its mounted chart on `mounted.chart` (see chart-element.ts).
    const chart = (node as unknown as { mounted: { chart: ChartLike } }).mounted.chart;
    type ChartLike = {
      data: { datasets: unknown[] };
      isDatasetVisible(index: number): boolean;
      options: { color: string; scales: { y: { type: string; title: { text: string } } } };
    };
    return {
      visible: chart.data.datasets.map((_, index) => chart.isDatasetVisible(index)),
      yTitle: chart.options.scales.y.title.text,
      yType: chart.options.scales.y.type,
      textColor: chart.options.color,
    };
  });
}

/** Page coordinates of one drawn point. */
export async function locatePoint(
  element: Locator,
  series: number,
  index: number,
): Promise<{ x: number; y: number }> {
  return element.evaluate(
    (node, [series, index]) => {
      const chart = (
        node as unknown as {
          mounted: {
            chart: {
              canvas: HTMLCanvasElement;
              getDatasetMeta(i: number): { data: { x: number; y: number }[] };
            };
          };
        }
      ).mounted.chart;
      const point = chart.getDatasetMeta(series).data[index];
      const box = chart.canvas.getBoundingClientRect();
      return { x: box.left + (point?.x ?? 0), y: box.top + (point?.y ?? 0) };
    },
    [series, index] as const,
  );
}

/** Downloads the dataset the site serves for a chart. */
export async function fetchDataset(page: Page, datasetId: string): Promise<BenchDataset> {
  const response = await page.request.get(`data/${datasetId}.json`);
  expect(response.ok()).toBe(true);
  return (await response.json()) as BenchDataset;
}

/**
 * The first point that has a value for the metric and no other series at the same x with the
 * same median, so hovering its pixel can only mean that point.
 */
export function findFirstValue(
  data: ChartData,
  metric: string,
): { series: number; index: number; pointId: string } {
  const key = metric as keyof ChartData['series'][number]['values'];
  for (const [series, entry] of data.series.entries()) {
    for (const [index, value] of (entry.values[key] ?? []).entries()) {
      if (!value) continue;
      const twins = data.series.filter(
        (other) => other.values[key]?.[index]?.median === value.median,
      );
      if (twins.length === 1) return { series, index, pointId: value.pointId };
    }
  }
  throw new Error(`chart ${data.id} has no ${metric} value`);
}
