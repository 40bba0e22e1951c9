/**
 * The audit report as Markdown: every page's scores, metrics and bytes, the bare Starlight
 * baseline beside them, and the bytes of each kind of page. Pure, so its layout is pinned
 * by unit tests.
 */
import { performanceTarget, type GateFailure } from './gates.ts';
import { pageTypes, type PageType } from './pages.ts';
import type { PageAudit } from './summarize.ts';

export interface ReportMeta {
  lighthouseVersion: string;
  /** Where the site was built and served from, e.g. "dist-audit at /". */
  build: string;
  date: string;
  seconds: number;
  /** Runs per page; the report shows each page's median run. */
  runs: number;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const score = (value: number | null) => (value === null ? '–' : String(value));
const ms = (value: number | null) => (value === null ? '–' : `${Math.round(value)} ms`);
const seconds = (value: number | null) => (value === null ? '–' : `${(value / 1000).toFixed(1)} s`);
const cls = (value: number | null) => (value === null ? '–' : value.toFixed(3));

/** Performance below target is marked, not failed: the machines are noisy. */
function performanceCell(value: number | null): string {
  return value !== null && value < performanceTarget ? `**${value}** ⚠` : score(value);
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

export function toPageRow(page: PageAudit, label: string = page.path): string {
  return row([
    label,
    page.type,
    performanceCell(page.scores.performance),
    score(page.scores.accessibility),
    score(page.scores['best-practices']),
    score(page.scores.seo),
    seconds(page.lcpMs),
    cls(page.cls),
    ms(page.tbtMs),
    kib(page.bytes.script),
    kib(page.bytes.stylesheet),
  ]);
}

/** The pages table, baseline last, so every row reads against it. */
export function toPagesTable(pages: readonly PageAudit[], baseline?: PageAudit): string {
  const header = [
    row(['Page', 'Type', 'Perf', 'A11y', 'BP', 'SEO', 'LCP', 'CLS', 'TBT', 'JS', 'CSS']),
    row(['---', '---', ...Array<string>(9).fill('---:')]),
  ];
  const rows = pages.map((page) => toPageRow(page));
  if (baseline) rows.push(toPageRow(baseline, '_bare Starlight page (baseline)_'));
  return [...header, ...rows].join('\n');
}

export interface TypeBytes {
  type: PageType;
  pages: number;
  script: { min: number; max: number };
  stylesheet: { min: number; max: number };
}

/** JavaScript and CSS bytes per kind of page, smallest and largest. */
export function summarizeBytesByType(pages: readonly PageAudit[]): TypeBytes[] {
  return pageTypes.flatMap((type) => {
    const ofType = pages.filter((page) => page.type === type);
    if (ofType.length === 0) return [];
    const range = (bytes: number[]) => ({ min: Math.min(...bytes), max: Math.max(...bytes) });
    return [
      {
        type,
        pages: ofType.length,
        script: range(ofType.map((page) => page.bytes.script)),
        stylesheet: range(ofType.map((page) => page.bytes.stylesheet)),
      },
    ];
  });
}

function rangeCell({ min, max }: { min: number; max: number }, baseline?: number): string {
  const text = min === max ? kib(min) : `${kib(min)} – ${kib(max)}`;
  if (baseline === undefined) return text;
  const extra = max - baseline;
  return `${text} (${extra >= 0 ? '+' : '−'}${kib(Math.abs(extra))})`;
}

export function toTypesTable(pages: readonly PageAudit[], baseline?: PageAudit): string {
  const lines = [
    row(['Page type', 'Pages', 'JS (vs baseline, largest)', 'CSS (vs baseline, largest)']),
    row(['---', '---:', '---:', '---:']),
    ...summarizeBytesByType(pages).map((entry) =>
      row([
        entry.type,
        String(entry.pages),
        rangeCell(entry.script, baseline?.bytes.script),
        rangeCell(entry.stylesheet, baseline?.bytes.stylesheet),
      ]),
    ),
  ];
  if (baseline)
    lines.push(
      row(['_baseline_', '1', kib(baseline.bytes.script), kib(baseline.bytes.stylesheet)]),
    );
  return lines.join('\n');
}

function toTargetsSection(pages: readonly PageAudit[], failures: readonly GateFailure[]): string {
  const slow = pages.filter(
    (page) => page.scores.performance !== null && page.scores.performance < performanceTarget,
  );
  const lines = [
    failures.length === 0
      ? '- Gates (accessibility, best practices, SEO 100; no layout shift; no unneeded code): **all pass**'
      : `- Gates: **${failures.length} failed**: ${failures.map((f) => `${f.path} ${f.message}`).join('; ')}`,
    pages.every((page) => page.scores.performance === null)
      ? '- Performance: not measured in this run (gates only; `npm run audit` measures it)'
      : slow.length === 0
        ? `- Performance: every page at ${performanceTarget} or more`
        : `- Performance below ${performanceTarget} (reported, not asserted): ${slow
            .map((page) => {
              const costs = page.failed
                .filter((audit) => audit.category === 'performance')
                .map((audit) => `${audit.id} ${audit.displayValue ?? ''}`.trim());
              return `${page.path} ${page.scores.performance} (${costs.join(', ')})`;
            })
            .join('; ')}`,
  ];
  const skipped = pages.filter((page) => page.skipped.length > 0);
  if (skipped.length > 0)
    lines.push(
      `- Skipped by design: ${[...new Set(skipped.flatMap((page) => page.skipped))].join(', ')} on ${skipped.length} ${skipped[0]?.type ?? ''} page(s) (noindex embeds, kept out of the sitemap)`,
    );
  return lines.join('\n');
}

/** The range of Lighthouse's CPU benchmark over the run, which explains noisy scores. */
function toBenchmarkNote(pages: readonly PageAudit[]): string {
  const indexes = pages.flatMap((page) => (page.benchmarkIndex ? [page.benchmarkIndex] : []));
  if (indexes.length === 0) return '';
  const [min, max] = [Math.min(...indexes), Math.max(...indexes)].map(Math.round);
  return ` Lighthouse's CPU benchmark index of this machine ranged from ${min} to ${max} over the run (the 4× slowdown turns a machine of about 1000 into the Moto G Power Lighthouse models; a lower index, a busy machine, means a slower simulated phone and lower performance scores).`;
}

export function toMarkdownReport(
  meta: ReportMeta,
  pages: readonly PageAudit[],
  failures: readonly GateFailure[],
  baseline?: PageAudit,
): string {
  return [
    '# Lighthouse audit',
    '',
    `Lighthouse ${meta.lighthouseVersion}, mobile preset (simulated slow 4G, 4× CPU slowdown), ${pages.length} pages of ${meta.build}${
      meta.runs > 1 ? `, median of ${meta.runs} runs per page` : ''
    }, ${meta.date}, ${Math.round(meta.seconds)} s. ` +
      'JS and CSS are bytes over the wire (gzip, as served) while the page loads; charts ' +
      'further down fetch Chart.js only when scrolled near, so it counts only where a chart is on screen.' +
      toBenchmarkNote(pages),
    '',
    toTargetsSection(pages, failures),
    '',
    '## Pages',
    '',
    toPagesTable(pages, baseline),
    '',
    '## Bytes by page type',
    '',
    toTypesTable(pages, baseline),
    '',
  ].join('\n');
}
