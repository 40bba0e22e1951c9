import { gunzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { chartDefinitions } from '../../src/charts/registry.ts';
import { renderJsonSchema } from '../../src/bench/json-schema.ts';
import { EXPORT_SIZE } from '../../src/charts/draw/image-size.ts';
import { exportedPngSize } from '../support/png.ts';
import { BenchDatasetSchema } from '../../src/bench/schema.ts';
import { describeAutogroup, describeRecording } from '../../src/charts/model/describe-recording.ts';
import {
  basePath,
  fetchDataset,
  openChart,
  publicSite,
  useGalleryCharts,
} from './charts-support.ts';

/*
 * What a blogger copies out of a chart page: links that name the site's public address in a
 * build for publishing (SITE set, as `npm run test:base` builds), and none that names localhost
 * in a build without one (`npm run build`).
 */
const gallery = useGalleryCharts();
const firstChartId = () => gallery.ids[0] ?? '';
/** The chart whose throughput spans orders of magnitude (sync beside the event loops). */
const wideChart = 'sweep-io';

test.describe('a build for publishing', { tag: '@base' }, () => {
  test.skip(!publicSite, 'this build was made without SITE');
  const site = new URL(basePath, publicSite ?? 'http://unused/').href;

  test('every copied link names the public address', async ({ page }) => {
    const chart = await openChart(page, firstChartId());
    const permalink = `${site}charts/${chart.id}/`;
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', permalink);
    await expect(page.locator('meta[property="og:image"]')).toHaveAttribute(
      'content',
      `${site}charts/${chart.id}.png`,
    );
    await expect(page.locator('#cite-text')).toContainText(permalink);
    await expect(page.locator('#cite-bibtex')).toContainText(`url          = {${permalink}}`);
    await expect(page.locator('#embed-code')).toContainText(`src="${site}embed/${chart.id}/"`);
    await expect(chart.element).toHaveAttribute(
      'data-attribution',
      new RegExp(` · ${permalink} · `),
    );
    await page.goto(`embed/${chart.id}/`);
    await expect(page.getByRole('link', { name: /about this chart/ })).toHaveAttribute(
      'href',
      permalink,
    );
    // (The server command lines on the page bind 127.0.0.1: those are not links.)
    const html = await (await page.request.get(`charts/${chart.id}/`)).text();
    expect(html).not.toMatch(/(href|src|content)="https?:\/\/(localhost|127\.0\.0\.1)/);
  });

  test('the citation names the project and the day it is copied, not the build', async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.clock.setFixedTime(new Date('2031-03-15T10:00:00'));
    await page.goto(`charts/${firstChartId()}/`);
    await page.getByRole('button', { name: 'Copy Citation' }).click();
    const plain = await page.evaluate(() => navigator.clipboard.readText());
    expect(plain).toMatch(/^The Worker Models project\. /);
    expect(plain).toContain('(accessed 2031-03-15).');
    await page.getByRole('button', { name: 'Copy BibTeX' }).click();
    const bibtex = await page.evaluate(() => navigator.clipboard.readText());
    expect(bibtex).toContain('author       = {{The Worker Models project}}');
    expect(bibtex).toContain('urldate      = {2031-03-15}');
  });

  test('the embed snippet follows the view the reader chose', async ({ page }) => {
    const chart = await openChart(page, wideChart);
    await chart.element.getByRole('radio', { name: 'Linear' }).check();
    await chart.element.getByLabel('Metric').selectOption('p99');
    await chart.element.locator('[data-scale]:not(:checked)').check();
    const snippet = (await page.locator('#embed-code').textContent()) ?? '';
    const src = new URL(/src="([^"]+)"/.exec(snippet)?.[1]?.replaceAll('&amp;', '&') ?? '');
    expect(Object.fromEntries(src.searchParams)).toEqual(
      Object.fromEntries(new URL(page.url()).searchParams),
    );
    expect(src.searchParams.get(`${wideChart}-metric`)).toBe('p99');
  });

  test('the image code follows the view the reader chose, and its picture is there', async ({
    page,
  }) => {
    const chart = await openChart(page, wideChart);
    const code = page.locator('#image-code');
    await expect(code).toContainText(`src="${site}charts/${wideChart}.png"`);
    await chart.element.getByLabel('Metric').selectOption('p99');
    await chart.element.locator('[data-scale]:not(:checked)').check();
    const scale = await chart.element.locator('[data-scale]:checked').getAttribute('value');
    const snippet = ((await code.textContent()) ?? '').replaceAll('&amp;', '&');
    const src = new URL(/src="([^"]+)"/.exec(snippet)?.[1] ?? '');
    const href = new URL(/href="([^"]+)"/.exec(snippet)?.[1] ?? '');
    expect(src.href).toBe(
      `${site}charts/${wideChart}/p99-${scale === 'logarithmic' ? 'log' : 'linear'}.png`,
    );
    expect(href.href.split('?')[0]).toBe(`${site}charts/${wideChart}/`);
    expect(Object.fromEntries(href.searchParams)).toEqual(
      Object.fromEntries(new URL(page.url()).searchParams),
    );
    // The picture, on the server under test: a PNG at the declared size (2x), not the default.
    const image = await page.request.get(new URL(src.pathname, page.url()).href);
    expect(image.status()).toBe(200);
    expect(image.headers()['content-type']).toBe('image/png');
    const png = await image.body();
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual(exportedPngSize);
    expect(snippet).toContain(`width="${EXPORT_SIZE.width}" height="${EXPORT_SIZE.height}"`);
    const fallback = await page.request.get(`charts/${wideChart}.png`);
    expect(png.equals(await fallback.body())).toBe(false);
  });
});

test.describe('a build without a public address', () => {
  test.skip(!!publicSite, 'this build was made for publishing');

  test('offers no citation or embed code, says why, and names no localhost elsewhere', async ({
    page,
  }) => {
    await openChart(page, firstChartId());
    await expect(page.locator('[data-local-build]')).toContainText(
      'built without its public address',
    );
    await expect(page.locator('#cite-text, #cite-bibtex, #embed-code, #image-code')).toHaveCount(0);
    await expect(page.locator('meta[property="og:image"]')).toHaveCount(0);
    await expect(page.locator('bench-chart')).toHaveAttribute(
      'data-attribution',
      /local build, not published/,
    );
    await page.goto(`embed/${firstChartId()}/`);
    const back = page.getByRole('link', { name: /about this chart/ });
    await expect(back).toHaveAttribute('href', `${basePath}charts/${firstChartId()}/`);
    // No page presents a localhost address as its own (canonical link, link preview URL).
    for (const path of [`charts/${firstChartId()}/`, 'event-loop/', '']) {
      const html = await (await page.request.get(path)).text();
      expect(html, path).not.toMatch(/(href|src|content)="https?:\/\/(localhost|127\.0\.0\.1)/);
    }
  });
});

test('each chart says what it shows in a subtitle: chart, page, embed and gallery', async ({
  page,
}) => {
  const chart = await openChart(page, firstChartId());
  const subtitle = chart.data.subtitle;
  expect(subtitle).not.toMatch(/\{|\}/);
  await expect(chart.element.locator('xpath=..').locator('.chart-subtitle')).toHaveText(subtitle);
  await expect(page.locator('meta[name="description"]')).toHaveAttribute(
    'content',
    new RegExp(`^${subtitle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
  );
  await page.goto(`embed/${chart.id}/`);
  await expect(page.locator('.chart-subtitle')).toHaveText(subtitle);
  await page.goto('charts/');
  await expect(page.locator('.chart-card-subtitle').first()).toHaveText(subtitle);
});

test('a chart whose data spans orders of magnitude opens on a log axis, and can switch', async ({
  page,
}) => {
  test.skip(!gallery.ids.includes(wideChart), `${wideChart} is not recorded`);
  const chart = await openChart(page, wideChart);
  const throughput = chart.data.series.flatMap((s) => s.values.throughput ?? []);
  const medians = throughput.flatMap((v) => (v && v.median > 0 ? [v.median] : []));
  expect(Math.max(...medians) / Math.min(...medians)).toBeGreaterThan(100);
  await expect(chart.element.getByRole('radio', { name: 'Log' })).toBeChecked();
  const state = () =>
    chart.element.evaluate((node) => {
      const drawn = (
        node as unknown as { mounted: { chart: { options: { scales: { y: { type: string } } } } } }
      ).mounted;
      return drawn.chart.options.scales.y.type;
    });
  expect(await state()).toBe('logarithmic');
  await chart.element.getByRole('radio', { name: 'Linear' }).check();
  expect(await state()).toBe('linear');
  await expect(page).toHaveURL(new RegExp(`${wideChart}-scale=linear`));
});

test(
  'the dataset schema and the code that recorded the data are served and linked',
  { tag: '@base' },
  async ({ page }) => {
    const schema = await page.request.get('data/schema.json');
    expect(schema.ok()).toBe(true);
    expect(await schema.text()).toBe(renderJsonSchema());

    await openChart(page, firstChartId());
    const data = page.locator('h2#data + ul');
    await expect(data.getByRole('link', { name: 'schema.json' })).toHaveAttribute(
      'href',
      `${basePath}data/schema.json`,
    );
    const harness = data.getByRole('link', { name: 'the benchmark harness' });
    const archive = await page.request.get((await harness.getAttribute('href')) ?? '');
    expect(archive.ok()).toBe(true);
    // A tar's first header names its first file; every path is under one folder.
    const body = await archive.body();
    expect([...body.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    const tar = gunzipSync(body).toString('latin1');
    for (const file of ['harness/run/bench.ts', 'src/bench/schema.ts', 'package-lock.json']) {
      expect(tar).toContain(`worker-models-harness/${file}`);
    }
    await page.goto('methodology/');
    await expect(page.getByRole('link', { name: 'worker-models-harness.tgz' })).toBeVisible();
  },
);

test('the chart gallery is in the navigation', { tag: '@base' }, async ({ page }) => {
  await page.goto('event-loop/');
  const link = page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'All charts' });
  await expect(link).toHaveAttribute('href', `${basePath}charts/`);
  await link.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Charts');
  expect(chartDefinitions.length).toBeGreaterThan(0);
});

test('a chart page states what its dataset records about its own recording', async ({ page }) => {
  test.skip(!gallery.ids.includes(wideChart), `${wideChart} is not recorded`);
  const chart = await openChart(page, wideChart);
  const dataset = BenchDatasetSchema.parse(await fetchDataset(page, chart.data.dataset));
  const facts = page.locator('[data-recording-environment], [data-recording-method]');
  /** The value the page gives for a term, read by the term's own text. */
  const valueOf = (term: string) => {
    const exact = new RegExp(`^${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    return facts.locator('dt', { hasText: exact }).locator('xpath=following-sibling::dd[1]');
  };

  // What the dataset itself says, not what a chapter claims.
  await expect(valueOf('Kernel autogroup')).toHaveText(
    describeAutogroup(dataset.environment.schedAutogroup),
  );
  await expect(valueOf('Harness commit')).toContainText(
    dataset.environment.harnessCommit.slice(0, 12),
  );
  await expect(valueOf('Harness command')).toHaveText(dataset.settings.command);
  await expect(valueOf('Python')).toContainText(dataset.environment.python.version);
  await expect(valueOf('Noisy points')).toContainText(
    `${dataset.points.filter((p) => p.summary.noisy).length} of ${dataset.points.length} points flagged noisy`,
  );
  const { environment, method } = describeRecording(dataset);
  for (const [term, value] of [...environment, ...method])
    await expect(valueOf(term), term).toHaveText(value);
});
