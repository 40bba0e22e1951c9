/**
 * Screenshots for issue 17's note: the chart embed in another site's page at three widths, and
 * the first demo's timeline on a 390 px phone. Run against a build:
 *
 *   SITE=https://example.org npm run build && npx node docs/evidence/issue-17/capture.ts <label>
 *
 * writes `embed-<width>-<label>.png` and `timeline-390-<label>.png` (and, after, the timeline
 * zoomed to `all_at_once`: `timeline-390-zoomed-after.png`) next to this file (small, palette
 * PNGs). `<label>` is `before` or `after`. The embed needs a build with SITE (only such a build
 * offers embed code).
 */
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { launchWithoutLocalNetworkChecks } from '../../../scripts/lib/browser.ts';
import { startPreview } from '../../../scripts/lib/preview-server.ts';

const label = process.argv[2] ?? 'after';
const chartId = 'sweep-io';
const widths = [390, 768, 1280];
// Another worktree's preview may hold the default port.
const port = Number(process.env['CAPTURE_PORT'] ?? 4391);

async function save(page: Page, name: string, selector?: string): Promise<void> {
  const shot = selector
    ? await page.locator(selector).first().screenshot()
    : await page.screenshot({ fullPage: true });
  const file = fileURLToPath(new URL(`${name}-${label}.png`, import.meta.url));
  await sharp(shot).png({ palette: true, quality: 80, effort: 8 }).toFile(file);
  console.log(`wrote ${file}`);
}

const server = await startPreview(port, process.env['BASE'] ?? '/');
const browser = await launchWithoutLocalNetworkChecks();
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}charts/${chartId}/`);
  const snippet = (await page.locator('#embed-code').textContent()) ?? '';
  const src = /src="([^"]+)"/.exec(snippet)?.[1] ?? '';
  // The snippet names the production site; load the same path from the local server.
  const local = new URL(new URL(src).pathname, server.url).href;
  // The snippet's script trusts the public site's origin; here the embed comes from this server.
  const trusted = (origin: string) => JSON.stringify(origin);
  const moved = snippet
    .replaceAll(src, local)
    .replace(trusted(new URL(src).origin), trusted(new URL(server.url).origin));
  const body = `<!doctype html><meta name="viewport" content="width=device-width">
    <body style="margin:8px;font-family:sans-serif"><h1>Another site</h1><p>A post that embeds a chart:</p>
    ${moved}<p>The text after the chart.</p></body>`;
  for (const width of widths) {
    const host = await browser.newPage({ viewport: { width, height: 900 } });
    await host.route('http://embedder.test/', (route) =>
      route.fulfill({ contentType: 'text/html', body }),
    );
    await host.goto('http://embedder.test/');
    const frame = host.frameLocator('iframe');
    await frame.locator('bench-chart[data-ready="chart"]').waitFor({ timeout: 30_000 });
    await host.waitForTimeout(1_000); // Let a resize message land.
    await save(host, `embed-${width}`);
    await host.close();
  }

  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await phone.goto(`${server.url}event-loop/`);
  const demo = phone.getByRole('region', { name: /^Ten requests, one loop/ });
  await demo.scrollIntoViewIfNeeded();
  await demo.getByRole('button', { name: /^Run/ }).click();
  await demo
    .getByRole('status')
    .filter({ hasText: /^Finished/ })
    .waitFor({ timeout: 120_000 });
  const timeline = 'python-demo figure[data-part="timeline"]';
  await save(phone, 'timeline-390', timeline);
  // The whole run keeps all_at_once narrow; the reader can zoom to it.
  if (label !== 'before') {
    await demo.getByRole('button', { name: 'all_at_once' }).click();
    await save(phone, 'timeline-390-zoomed', timeline);
  }
} finally {
  await browser.close();
  await server.stop();
}
