/**
 * Measures the runnable demos in Chromium, by hand (nothing here is asserted in tests):
 *
 *   npm run build && npm run bench:demos -- --runs 5
 *
 * 1. Bytes a text-only page and a demo page fetch before any intent (none of Pyodide).
 * 2. Run click to first output, with the worker already warm (target ≤ 500 ms).
 * 3. Cold navigation to first output for the same snippet, side by side with PyScript
 *    (`@pyscript/core`, main thread and worker) on the same self-hosted Pyodide, each run in
 *    a fresh browser context (empty cache), interleaved so machine load hits both alike.
 *
 * Everything is served by one local static server with the site's COOP/COEP headers;
 * requests to any other origin are blocked and listed.
 */
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { chromiumArgs, resolveChromium } from './lib/browser.ts';
import { startBenchServer } from './lib/bench-server.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    port: { type: 'string', default: '4399' },
    page: { type: 'string', default: 'event-loop/' },
    'text-page': { type: 'string', default: 'how-a-request-reaches-your-code/' },
    /** Only serve the pages (e.g. to look at them in a browser); stop with Ctrl+C. */
    'serve-only': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const root = process.env['OUT_DIR'] ?? 'dist';
const origin = `http://127.0.0.1:${values.port}`;
const snippet = 'print("hello")';
// The Pyodide folder the build ships (pyodide/v<version>/), shared by every variant.
const [pyodideVersionDir] = await readdir(join(root, 'pyodide'));
const pyodideDir = `pyodide/${pyodideVersionDir}/`;

const pyscriptDist = join(
  dirname(createRequire(import.meta.url).resolve('@pyscript/core/package.json')),
  'dist',
);
/** PyScript's own page for the snippet; `display` is its way to print onto the page. */
function pyscriptPage(worker: boolean): string {
  const config = JSON.stringify({ interpreter: `/${pyodideDir}pyodide.mjs` });
  return `<!doctype html><html><head><meta charset="utf-8"><title>PyScript</title>
<link rel="stylesheet" href="/__bench/pyscript/core.css">
<script type="module" src="/__bench/pyscript/core.js"></script></head>
<body><div id="out"></div>
<script type="py"${worker ? ' worker' : ''} config='${config}'>from pyscript import display
display("hello", target="out")</script></body></html>`;
}

/** The real demo page, with the first demo's code swapped for the snippet. */
async function oursPage(): Promise<string> {
  const html = await readFile(join(root, values.page, 'index.html'), 'utf8');
  const escaped = snippet.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
  return html.replace(/data-source="[^"]*"/, `data-source="${escaped}"`);
}

/** Only the first demo of that page, with its styles and script: as bare as PyScript's page. */
function oursMinimalPage(page: string): string {
  const pick = (pattern: RegExp) => [...page.matchAll(pattern)].map((match) => match[0]);
  const styles = pick(/<link rel="stylesheet"[^>]*>/g).join('');
  const script = pick(/<script type="module" src="[^"]*PythonDemo[^"]*"><\/script>/g).join('');
  const demo = pick(/<python-demo[\s\S]*?<\/python-demo>/g)[0] ?? '';
  return `<!doctype html><html><head><meta charset="utf-8"><title>Ours</title>${styles}${script}</head><body>${demo}</body></html>`;
}

/** Records, in page time (ms since navigation start), when "hello" first shows on the page. */
const watchFirstOutput = () => {
  const state = window as unknown as { firstOutputMs: number | null };
  state.firstOutputMs = null;
  const check = () => {
    const target = document.querySelector('[data-part="output"], #out');
    if (target?.textContent?.includes('hello')) state.firstOutputMs = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
};

interface Traffic {
  bytes: number;
  pyodideBytes: number;
  foreign: string[];
}

async function trackTraffic(context: BrowserContext): Promise<Traffic> {
  const traffic: Traffic = { bytes: 0, pyodideBytes: 0, foreign: [] };
  await context.route(
    (url) => url.origin !== origin && url.protocol.startsWith('http'),
    (route) => (traffic.foreign.push(route.request().url()), route.abort()),
  );
  context.on('requestfinished', async (request) => {
    const { responseBodySize } = await request.sizes();
    traffic.bytes += responseBodySize;
    if (/\/pyodide\/|\/_astro\/(worker|editor)[-.]/.test(new URL(request.url()).pathname)) {
      traffic.pyodideBytes += responseBodySize;
    }
  });
  return traffic;
}

const kB = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function measureIdlePage(browser: Browser, path: string, scroll: boolean): Promise<Traffic> {
  const context = await browser.newContext();
  const traffic = await trackTraffic(context);
  const page = await context.newPage();
  await page.goto(`${origin}/${path}`, { waitUntil: 'networkidle' });
  if (scroll) await page.mouse.wheel(0, 100_000);
  await page.waitForTimeout(1_500);
  await context.close();
  return traffic;
}

async function measureWarmClicks(browser: Browser): Promise<number[]> {
  const page = await browser.newPage();
  await page.goto(`${origin}/__bench/ours/`);
  const demo = page.locator('python-demo').first();
  await demo.getByRole('button', { name: /^Run/ }).click();
  await demo
    .getByRole('status')
    .filter({ hasText: /^Finished/ })
    .waitFor({ timeout: 120_000 });
  const times: number[] = [];
  for (let i = 0; i < runs * 2; i++) {
    times.push(
      await demo.evaluate(
        (element) =>
          new Promise<number>((resolve) => {
            const output = element.querySelector('[data-part="output"]');
            const run = element.querySelector<HTMLButtonElement>('[data-part="run"]');
            const started = performance.now();
            const observer = new MutationObserver(() => {
              if (!output?.textContent?.includes('hello')) return;
              observer.disconnect();
              resolve(performance.now() - started);
            });
            observer.observe(output ?? element, {
              childList: true,
              subtree: true,
              characterData: true,
            });
            run?.click();
          }),
      ),
    );
    await demo
      .getByRole('status')
      .filter({ hasText: /^Finished/ })
      .waitFor();
  }
  await page.close();
  return times;
}

async function measureCold(browser: Browser, path: string, clickRun: boolean) {
  const context = await browser.newContext();
  const traffic = await trackTraffic(context);
  await context.addInitScript(watchFirstOutput);
  const page: Page = await context.newPage();
  await page.goto(`${origin}${path}`, { waitUntil: 'commit' });
  if (clickRun)
    await page.locator('python-demo').first().getByRole('button', { name: /^Run/ }).click();
  await page.waitForFunction(
    () => (window as unknown as { firstOutputMs: number | null }).firstOutputMs !== null,
    null,
    {
      timeout: 120_000,
    },
  );
  const ms = await page.evaluate(
    () => (window as unknown as { firstOutputMs: number }).firstOutputMs,
  );
  await context.close();
  return { ms, traffic };
}

const chapterPage = await oursPage();
const server = await startBenchServer(
  root,
  {
    pages: {
      '/__bench/ours/': chapterPage,
      '/__bench/ours-minimal/': oursMinimalPage(chapterPage),
      '/__bench/pyscript-main/': pyscriptPage(false),
      '/__bench/pyscript-worker/': pyscriptPage(true),
    },
    folders: { '/__bench/pyscript/': pyscriptDist },
  },
  Number(values.port),
);
if (values['serve-only']) {
  console.log(`Serving ${origin}/__bench/{ours,ours-minimal,pyscript-main,pyscript-worker}/`);
  await new Promise(() => undefined);
}
const executablePath = resolveChromium();
const browser = await chromium.launch({
  ...(executablePath && { executablePath }),
  args: chromiumArgs,
});
try {
  const textPage = await measureIdlePage(browser, values['text-page'], true);
  const demoPage = await measureIdlePage(browser, values.page, false);
  console.log(
    `Text-only page (${values['text-page']}, scrolled to the end): ${kB(textPage.bytes)}, Pyodide/editor ${kB(textPage.pyodideBytes)}`,
  );
  console.log(
    `Demo page (${values.page}) at load, no scrolling or hovering: ${kB(demoPage.bytes)}, Pyodide/editor ${kB(demoPage.pyodideBytes)}`,
  );

  const warm = await measureWarmClicks(browser);
  console.log(
    `Warm worker, Run click → first output: median ${median(warm).toFixed(0)} ms (n=${warm.length}, ${warm.map((t) => t.toFixed(0)).join(', ')})`,
  );

  const variants = [
    // Bare pages first: the same snippet, nothing else on the page.
    { name: 'ours, bare page', path: '/__bench/ours-minimal/', click: true },
    { name: 'PyScript main, bare page', path: '/__bench/pyscript-main/', click: false },
    { name: 'PyScript worker, bare page', path: '/__bench/pyscript-worker/', click: false },
    { name: 'ours, in the chapter', path: '/__bench/ours/', click: true },
  ];
  const results = new Map(variants.map((variant) => [variant.name, [] as number[]]));
  const bytes = new Map<string, number>();
  const foreign = new Set<string>();
  for (let i = 0; i < runs; i++) {
    for (const variant of variants) {
      try {
        const { ms, traffic } = await measureCold(browser, variant.path, variant.click);
        results.get(variant.name)?.push(ms);
        bytes.set(variant.name, traffic.bytes);
        traffic.foreign.forEach((url) => foreign.add(url));
      } catch (error) {
        console.log(
          `  ${variant.name}, run ${i + 1}: failed (${(error as Error).message.split('\n')[0]})`,
        );
      }
    }
  }
  console.log('Cold navigation → first output (fresh context each run):');
  // Ratios compare "ours, bare page" with each variant: below 1 means ours shows output sooner.
  const ours = median(results.get(variants[0]?.name ?? '') ?? []);
  for (const [name, times] of results) {
    const ratio = (ours / median(times)).toFixed(2);
    console.log(
      `  ${name.padEnd(26)} median ${median(times).toFixed(0)} ms  [${times.map((t) => t.toFixed(0)).join(', ')}]  ` +
        `${kB(bytes.get(name) ?? 0)} fetched  ours (bare) / this ${ratio}`,
    );
  }
  if (foreign.size)
    console.log(`Blocked requests to other origins:\n  ${[...foreign].join('\n  ')}`);
} finally {
  await browser.close();
  server.close();
}
