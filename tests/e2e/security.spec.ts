import { createHash } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { launchWithoutLocalNetworkChecks } from '../../scripts/lib/browser.ts';
import { readSitemapPaths } from '../support/site.ts';

/*
 * The Content Security Policy and the other headers, as `astro preview` serves them from the
 * build's `_headers` file (as a static host would), and as each page's <meta> carries them.
 * That the policy breaks nothing is shown by the other specs, which run under it: a blocked
 * script or request is a console error in pages.spec.ts.
 */

/** The directives of a policy, by name. */
function parsePolicy(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter((tokens) => tokens[0])
      .map(([name = '', ...values]) => [name, values]),
  );
}

/** `'sha256-…'` of every inline script that runs, read straight from the HTML. */
function hashInlineScripts(html: string): string[] {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)]
    .filter(([, attributes = '']) => !/\ssrc=/.test(attributes) && !/json/.test(attributes))
    .map(([, , body = '']) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`);
}

async function fetchPage(request: APIRequestContext, path: string) {
  const response = await request.get(path);
  expect(response.status(), path).toBe(200);
  const html = await response.text();
  const meta = /<meta http-equiv="content-security-policy" content="([^"]+)">/.exec(html)?.[1];
  return { headers: response.headers(), html, meta };
}

test('every page has a policy, in its headers and its <meta>, that allows its inline scripts by hash only', async ({
  request,
}) => {
  const paths = await readSitemapPaths(request);
  for (const path of paths) {
    const { headers, html, meta } = await fetchPage(request, path);
    const where = path || '(landing page)';
    const policies = { header: headers['content-security-policy'] ?? '', meta: meta ?? '' };
    for (const [source, policy] of Object.entries(policies)) {
      const directives = parsePolicy(policy);
      expect(directives.get('default-src'), `${where}: ${source}`).toEqual(["'self'"]);
      const scriptSrc = directives.get('script-src') ?? [];
      expect(scriptSrc.slice(0, 2), `${where}: ${source}`).toEqual([
        "'self'",
        "'wasm-unsafe-eval'",
      ]);
      expect(scriptSrc, `${where}: ${source}`).not.toContain("'unsafe-inline'");
      expect(scriptSrc, `${where}: ${source}`).not.toContain("'unsafe-eval'");
      expect(scriptSrc, `${where}: ${source}`).toEqual(
        expect.arrayContaining(hashInlineScripts(html)),
      );
      expect(directives.get('object-src'), `${where}: ${source}`).toEqual(["'none'"]);
    }
    // Browsers ignore frame-ancestors in a <meta>, and say so in the console.
    expect(parsePolicy(policies.meta).has('frame-ancestors'), where).toBe(false);
    const embed = path.startsWith('embed/');
    expect(parsePolicy(policies.header).get('frame-ancestors'), where).toEqual([
      embed ? '*' : "'none'",
    ]);
    expect(headers['x-frame-options'], where).toBe(embed ? undefined : 'DENY');
  }
});

test('pages and assets are sent with nosniff, a referrer policy and cross-origin isolation', async ({
  page,
  request,
}) => {
  await page.goto('event-loop/');
  const script = await page.locator('script[type="module"][src]').first().getAttribute('src');
  for (const path of ['event-loop/', new URL(script ?? '', page.url()).href]) {
    const headers = (await request.get(path)).headers();
    expect(headers, path).toMatchObject({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
  }
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
});

test('another site can frame a chart embed but not a chapter', async ({ request, baseURL }) => {
  test.setTimeout(60_000);
  const embed = (await readSitemapPaths(request)).find((path) => path.startsWith('embed/'));
  test.skip(!embed, 'no dataset recorded yet, so no embed page');
  // As in charts-embed.spec.ts: a made-up public origin, in a browser without Chromium's
  // Local Network Access check, which a real deployment never meets.
  const browser = await launchWithoutLocalNetworkChecks();
  try {
    const host = await browser.newPage();
    const chapter = new URL('event-loop/', baseURL).href;
    await host.route('http://embedder.test/', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body:
          `<h1>Another site</h1><iframe id="embed" src="${new URL(embed ?? '', baseURL).href}"></iframe>` +
          `<iframe id="chapter" src="${chapter}"></iframe>`,
      }),
    );
    await host.goto('http://embedder.test/');
    await expect(host.frameLocator('#embed').locator('bench-chart')).toBeAttached();
    const frameUrl = async (id: string) => (await (await host.$(`#${id}`))?.contentFrame())?.url();
    expect(await frameUrl('embed')).toBe(new URL(embed ?? '', baseURL).href);
    // A refused frame shows Chromium's error page instead of the chapter.
    await expect.poll(() => frameUrl('chapter')).toBe('chrome-error://chromewebdata/');
  } finally {
    await browser.close();
  }
});

/** Collects every CSP violation the page reports, in any of its documents' loads. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`),
    );
  });
  const fromConsole: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) fromConsole.push(message.text());
  });
  return async () => [
    ...fromConsole,
    ...(await page.evaluate(
      () => (window as unknown as { cspViolations: string[] }).cspViolations,
    )),
  ];
}

test('running a demo, searching and switching a chart break no rule of the policy', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const violations = await watchViolations(page);
  await page.goto('event-loop/');
  const demo = page.getByRole('region', { name: /^Ten requests, one loop/ });
  await demo.getByRole('button', { name: /^Run/ }).click();
  await expect(demo.getByRole('status')).toHaveText(/^Finished/, { timeout: 90_000 });
  // The editor (CodeMirror) styles itself at run time: the reason inline styles are allowed.
  await expect(demo.getByRole('textbox', { name: /^Python code of/ })).toBeVisible();
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('dialog').getByRole('textbox').fill('backlog');
  await expect(page.getByRole('dialog').getByRole('link').first()).toBeVisible();
  expect(await violations()).toEqual([]);

  await page.goto('charts/');
  await page.locator('.chart-gallery a.chart-card').first().click();
  const chart = page.locator('bench-chart').first();
  await expect(chart).toHaveAttribute('data-ready', 'chart');
  await chart.getByRole('radio', { name: 'Log' }).check();
  expect(await violations()).toEqual([]);
});
