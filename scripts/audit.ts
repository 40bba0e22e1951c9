/**
 * Lighthouse over every page of the built site (mobile preset), next to a bare Starlight page
 * built the same way. Writes reports/audit/report.md and report.json (plus each page's full
 * Lighthouse result in reports/audit/lhr/) and prints the table.
 *
 * Usage: node scripts/audit.ts [--build] [--assert] [--gates-only] [--no-baseline] [--page <text>]…
 *          [--path <path>]… [--runs <n>]
 *   --build       build the site first (OUT_DIR, BASE and SITE choose the build, as for astro)
 *   --assert      exit 1 when a gate fails (accessibility, best practices, SEO, layout shift,
 *                 unneeded code); performance is reported, never asserted
 *   --gates-only  what CI runs: the gated categories only, no performance score, no baseline
 *   --page        audit only the pages whose path contains this text (repeatable)
 *   --path        audit this page, its path exactly, listed in the sitemap or not (repeatable;
 *                 `/` is the landing page alone, `/404.html` the not-found page)
 *   --runs <n>    audit each page n times and keep the run with the median performance score
 * AUDIT_PORT (default 4362) serves the site, AUDIT_PORT + 1 the baseline.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { startPreview } from './lib/preview-server.ts';
import { deriveEmbedPaths, readLocs, readPagePaths } from './lib/sitemap.ts';
import { evaluateGates, formatGateFailures, gatedCategories } from './audit/gates.ts';
import { classifyPage, skippedAudits, type PageType } from './audit/pages.ts';
import { toMarkdownReport } from './audit/report.ts';
import { startLighthouse, type LighthouseSession } from './audit/run-lighthouse.ts';
import { categoryIds, pickMedianRun, summarizeResult, type PageAudit } from './audit/summarize.ts';

const { values: options } = parseArgs({
  options: {
    build: { type: 'boolean', default: false },
    assert: { type: 'boolean', default: false },
    'gates-only': { type: 'boolean', default: false },
    baseline: { type: 'boolean', default: true },
    page: { type: 'string', multiple: true, default: [] },
    path: { type: 'string', multiple: true, default: [] },
    runs: { type: 'string', default: '1' },
  },
  allowNegative: true,
});

const outDir = process.env['OUT_DIR'] ?? 'dist';
const base = process.env['BASE'] ?? '/';
const port = Number(process.env['AUDIT_PORT'] ?? 4362);
const reportDir = 'reports/audit';
const baselineRoot = 'scripts/audit/baseline';
const gatesOnly = options['gates-only'];
const categories = gatesOnly ? gatedCategories : categoryIds;
const runs = Math.max(1, Number(options.runs) || 1);
const started = Date.now();

/**
 * Chromium and the preview servers must not outlive an interrupted audit. A second signal while
 * they stop (a second Ctrl-C, or `kill` sent to the process and its group) is ignored: Node's
 * default would end the audit before the detached preview server had been stopped.
 */
const cleanups = new Set<() => Promise<void>>();
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void Promise.allSettled([...cleanups].map((cleanup) => cleanup())).then(() =>
      process.exit(130),
    );
  });

/** Runs `work` with a resource that is released however the work ends. */
async function using<T extends { close: () => Promise<void> }, R>(
  resource: T,
  work: (resource: T) => Promise<R>,
): Promise<R> {
  cleanups.add(resource.close);
  try {
    return await work(resource);
  } finally {
    cleanups.delete(resource.close);
    await resource.close();
  }
}

const serve = async (port: number, base: string, args: readonly string[] = []) => {
  const server = await startPreview(port, base, args);
  return { ...server, close: server.stop };
};

function runAstroBuild(args: readonly string[] = []): void {
  const build = spawnSync('npx', ['astro', 'build', ...args], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`astro build ${args.join(' ')} failed`);
}

/** Every page path in the build's sitemap(s), plus the embeds the sitemap leaves out. */
async function listPagePaths(dir: string): Promise<string[]> {
  const index = join(dir, 'sitemap-index.xml');
  if (!existsSync(index))
    throw new Error(`${index} does not exist: build the site first (or pass --build)`);
  const sitemaps = readLocs(await readFile(index, 'utf8'));
  const pages = await Promise.all(
    sitemaps.map(async (loc) =>
      readPagePaths(await readFile(join(dir, basename(new URL(loc).pathname)), 'utf8')),
    ),
  );
  const paths = pages.flat();
  return [...new Set([...paths, ...deriveEmbedPaths(paths, base)])].sort();
}

async function auditPage(
  session: LighthouseSession,
  url: string,
  type: PageType,
): Promise<{ summary: PageAudit; lhr: unknown }> {
  const skip = skippedAudits[type];
  const results = [];
  for (let run = 0; run < runs; run++) {
    const lhr = await session.run({ url, skipAudits: skip }, categories);
    results.push({ summary: summarizeResult(lhr, new URL(url).pathname, type, skip), lhr });
  }
  return pickMedianRun(results);
}

function describe(page: PageAudit): string {
  const scores = categories.map((id) => `${id} ${page.scores[id] ?? '–'}`).join(', ');
  return `${page.path} (${page.type}): ${scores}, CLS ${page.cls?.toFixed(3) ?? '–'}`;
}

async function auditSite(session: LighthouseSession): Promise<PageAudit[]> {
  return using(await serve(port, base), async (server) => {
    const origin = new URL(server.url).origin;
    const all = await listPagePaths(outDir);
    const matched = all.filter((path) => options.page.some((text) => path.includes(text)));
    const paths =
      options.page.length + options.path.length > 0
        ? [...new Set([...options.path, ...matched])]
        : all;
    const pages: PageAudit[] = [];
    await rm(join(reportDir, 'lhr'), { recursive: true, force: true });
    await mkdir(join(reportDir, 'lhr'), { recursive: true });
    for (const [index, path] of paths.entries()) {
      const url = new URL(path, origin).href;
      const html = await (await fetch(url)).text();
      const { summary, lhr } = await auditPage(session, url, classifyPage(path, html, base));
      const name = path.slice(base.length).replace(/\/$/, '').replaceAll('/', '_') || 'index';
      await writeFile(join(reportDir, 'lhr', `${name}.json`), JSON.stringify(lhr));
      pages.push(summary);
      console.log(`[${index + 1}/${paths.length}] ${describe(summary)}`);
    }
    return pages;
  });
}

/** The bare Starlight page, built with the same Astro and Starlight and served the same way. */
async function auditBaseline(session: LighthouseSession): Promise<PageAudit> {
  runAstroBuild(['--root', baselineRoot, '--silent']);
  const server = await serve(port + 1, '/', ['--root', baselineRoot]);
  return using(server, async () => (await auditPage(session, server.url, 'text-only')).summary);
}

if (options.build) runAstroBuild();
const session = await startLighthouse();
const { pages, baseline } = await using(session, async () => {
  const pages = await auditSite(session);
  const wantBaseline = options.baseline && !gatesOnly;
  return { pages, baseline: wantBaseline ? await auditBaseline(session) : undefined };
});

const failures = evaluateGates(pages);
const seconds = (Date.now() - started) / 1000;
const meta = {
  lighthouseVersion: session.version,
  runs,
  build: `${outDir} at ${base}`,
  date: new Date().toISOString(),
  seconds,
};
const report = toMarkdownReport(meta, pages, failures, baseline);
await mkdir(reportDir, { recursive: true });
await writeFile(join(reportDir, 'report.md'), report);
await writeFile(
  join(reportDir, 'report.json'),
  JSON.stringify({ meta, pages, baseline, failures }, null, 2),
);
console.log(`\n${report}\nWritten to ${reportDir}/report.md and report.json`);
if (failures.length > 0) {
  console.error(`\n${formatGateFailures(failures)}`);
  if (options.assert) process.exitCode = 1;
} else console.log(`All quality gates pass on ${pages.length} pages (${Math.round(seconds)} s).`);
