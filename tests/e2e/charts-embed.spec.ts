import { expect, test } from '@playwright/test';
import { launchWithoutLocalNetworkChecks } from '../../scripts/lib/browser.ts';
import { expectChartDrawn, readDrawnState, useGalleryCharts } from './charts-support.ts';

const gallery = useGalleryCharts();
/** The chart these tests use: the gallery's first. */
const firstChartId = () => gallery.ids[0] ?? '';

test('the embed snippet works in an iframe on another site', async ({ page, baseURL }) => {
  // Starts a second browser for the made-up other site.
  test.setTimeout(60_000);
  await page.goto(`charts/${firstChartId()}/`);
  const snippet = (await page.locator('#embed-code').textContent()) ?? '';
  const src = /src="([^"]+)"/.exec(snippet)?.[1] ?? '';
  expect(src).toMatch(new RegExp(`/embed/${firstChartId()}/$`));
  // The snippet names the production site; load the same path from the server under test.
  const local = new URL(new URL(src).pathname, baseURL).href;

  // The "other site" is a made-up public origin. Chromium refuses to frame a loopback server
  // from a public page (Local Network Access), which a real deployment never meets, so this
  // browser runs without that check.
  const browser = await launchWithoutLocalNetworkChecks();
  try {
    const host = await browser.newPage();
    await host.route('http://embedder.test/', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<h1>Another site</h1>${snippet.replace(src, local)}`,
      }),
    );
    await host.goto('http://embedder.test/');
    const frame = host.frameLocator('iframe');
    const chart = await expectChartDrawn(frame.locator('bench-chart'));
    const first = chart.data.series[0];
    await frame.getByRole('button', { name: first?.label ?? '', exact: true }).click();
    expect((await readDrawnState(chart.element)).visible[0]).toBe(false);
    const attribution = frame.getByRole('link', { name: /about this chart/ });
    await expect(attribution).toHaveAttribute('href', new RegExp(`/charts/${firstChartId()}/$`));
    await expect(attribution).toHaveAttribute('target', '_blank');
  } finally {
    await browser.close();
  }
});
