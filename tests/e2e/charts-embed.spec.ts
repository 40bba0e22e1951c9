import { expect, test, type Browser } from '@playwright/test';
import { launchWithoutLocalNetworkChecks } from '../../scripts/lib/browser.ts';
import { EMBED_FALLBACK_HEIGHT, EMBED_MAX_WIDTH } from '../../src/charts/model/embed-snippet.ts';
import {
  expectChartDrawn,
  publicSite,
  readDrawnState,
  useGalleryCharts,
} from './charts-support.ts';

const gallery = useGalleryCharts();
/** The chart these tests use: the gallery's first. */
const firstChartId = () => gallery.ids[0] ?? '';
/** A phone, a tablet and a desktop column. */
const widths = [390, 768, 1280];

// Only a build for publishing offers embed code (see charts-publish.spec.ts).
test.skip(!publicSite, 'this build was made without SITE, so it offers no embed code');

/** The page's embed snippet, moved onto the server under test (it names the public site). */
async function readSnippet(
  browser: Browser,
  baseURL: string,
  query = '',
): Promise<{ snippet: string; local: string }> {
  const page = await browser.newPage();
  await page.goto(`${baseURL}charts/${firstChartId()}/${query}`);
  const snippet = (await page.locator('#embed-code').textContent()) ?? '';
  await page.close();
  const src = /src="([^"]+)"/.exec(snippet)?.[1] ?? '';
  const local = new URL(new URL(src).pathname, baseURL).href;
  // The script trusts the embed page's origin: the public site's, here the test server's.
  const moved = snippet
    .replace(src, local)
    .replace(JSON.stringify(new URL(src).origin), JSON.stringify(new URL(baseURL).origin));
  return { snippet: moved, local };
}

test(
  'the embed snippet works in an iframe on another site, sized to its content',
  { tag: '@base' },
  async ({ browser, baseURL }) => {
    // Starts a second browser for the made-up other site, and loads the embed at three widths.
    test.setTimeout(120_000);
    const { snippet } = await readSnippet(browser, baseURL ?? '');
    expect(snippet).toMatch(new RegExp(`/embed/${firstChartId()}/"`));

    // The "other site" is a made-up public origin. Chromium refuses to frame a loopback server
    // from a public page (Local Network Access), which a real deployment never meets, so this
    // browser runs without that check.
    const other = await launchWithoutLocalNetworkChecks();
    try {
      for (const width of widths) {
        await test.step(`${width} px`, async () => {
          const host = await other.newPage({ viewport: { width, height: 800 } });
          await host.route('http://embedder.test/', (route) =>
            route.fulfill({ contentType: 'text/html', body: `<h1>Another site</h1>${snippet}` }),
          );
          await host.goto('http://embedder.test/');
          const frame = host.frameLocator('iframe');
          const chart = await expectChartDrawn(frame.locator('bench-chart'));
          // The frame grows (or shrinks) to the embed's content: no inner scrollbar.
          // The frame takes the embed's height (not the fallback's): no inner scrollbar, no gap.
          await expect
            .poll(() =>
              frame
                .locator('body')
                .evaluate((body) => Math.abs(body.getBoundingClientRect().height - innerHeight)),
            )
            .toBeLessThan(2);
          // The back-link, last on the embed page, is inside the frame's box.
          const backLinkShown = await frame
            .locator('.attribution')
            .evaluate((p) => p.getBoundingClientRect().bottom <= window.innerHeight);
          expect(backLinkShown).toBe(true);
          if (width === widths[0]) {
            const first = chart.data.series[0];
            await frame.getByRole('button', { name: first?.label ?? '', exact: true }).click();
            expect((await readDrawnState(chart.element)).visible[0]).toBe(false);
            const attribution = frame.getByRole('link', { name: /about this chart/ });
            await expect(attribution).toHaveAttribute(
              'href',
              new RegExp(`/charts/${firstChartId()}/$`),
            );
            await expect(attribution).toHaveAttribute('target', '_blank');
          }
          await host.close();
        });
      }
    } finally {
      await other.close();
    }
  },
);

test(
  'without its script, the frame keeps a height that fits the embed at common widths',
  { tag: '@base' },
  async ({ browser, baseURL }) => {
    const { local } = await readSnippet(browser, baseURL ?? '');
    for (const width of widths) {
      // The frame is the page's width, at most 960 px (the snippet's max-width).
      const page = await browser.newPage({
        viewport: { width: Math.min(width - 16, EMBED_MAX_WIDTH), height: 800 },
      });
      await page.goto(local);
      await expectChartDrawn(page.locator('bench-chart'));
      const height = await page.evaluate(() =>
        Math.ceil(document.body.getBoundingClientRect().height),
      );
      expect(height, `${width} px`).toBeLessThanOrEqual(EMBED_FALLBACK_HEIGHT);
      await page.close();
    }
  },
);
