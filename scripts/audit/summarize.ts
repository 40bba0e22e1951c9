/**
 * Reduces a Lighthouse result to what the report and the gates need. Pure: a test hands it a
 * hand-made result.
 */
import type { Result } from 'lighthouse';
import type { PageType } from './pages.ts';

export const categoryIds = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type CategoryId = (typeof categoryIds)[number];

/** One audit that lost points in a category. */
export interface FailedAudit {
  category: CategoryId;
  id: string;
  title: string;
  /** Lighthouse's short verdict, e.g. "1,680 ms", when it has one. */
  displayValue?: string;
}

export interface PageAudit {
  /** URL path, base path included. */
  path: string;
  type: PageType;
  /** Category scores 0–100; `null` when the category was not run or could not score. */
  scores: Record<CategoryId, number | null>;
  lcpMs: number | null;
  cls: number | null;
  tbtMs: number | null;
  /**
   * Lighthouse's CPU benchmark of this machine, taken as the run started: the simulated phone
   * is this machine slowed 4×, so a low index (a busy machine) lowers the performance score.
   */
  benchmarkIndex: number | null;
  /** Bytes over the wire (compressed as served) during the load, by resource type. */
  bytes: { script: number; stylesheet: number; document: number; total: number };
  /** Audits that cost points, in every category that was run. */
  failed: FailedAudit[];
  /** Audits skipped on this page by design. */
  skipped: string[];
  /** Paths of every request made during the load. */
  requests: string[];
}

/** Lighthouse's table rows are loosely typed; these are the fields read here. */
interface ResourceRow {
  resourceType?: string;
  transferSize?: number;
}
interface RequestRow {
  url?: string;
}

function rowsOf<T>(audit: Result['audits'][string] | undefined): T[] {
  const details = audit?.details;
  return details && details.type === 'table' ? (details.items as T[]) : [];
}

function numericValue(lhr: Result, id: string): number | null {
  return lhr.audits[id]?.numericValue ?? null;
}

/**
 * Audits that could not run (Lighthouse's `error` display mode), with Lighthouse's reason. One
 * such audit leaves its whole category without a score; on a loaded machine it is usually the
 * trace that was lost, which says nothing about the page.
 */
export function findErroredAudits(lhr: Result): { id: string; message: string }[] {
  return Object.values(lhr.audits).flatMap((audit) =>
    audit.scoreDisplayMode === 'error'
      ? [{ id: audit.id, message: audit.errorMessage ?? 'no reason given' }]
      : [],
  );
}

/**
 * Audits of a category that cost points: weighted, scored, below full marks; and audits that
 * could not run at all, with Lighthouse's reason as their verdict.
 */
function findFailedAudits(lhr: Result, category: CategoryId): FailedAudit[] {
  const refs = lhr.categories[category]?.auditRefs ?? [];
  return refs.flatMap((ref) => {
    const audit = lhr.audits[ref.id];
    if (!audit) return [];
    const failed: FailedAudit = { category, id: audit.id, title: audit.title };
    if (audit.scoreDisplayMode === 'error')
      return [
        { ...failed, displayValue: `could not run: ${audit.errorMessage ?? 'no reason given'}` },
      ];
    if (ref.weight === 0 || audit.score === null || audit.score >= 1) return [];
    if (audit.displayValue) failed.displayValue = audit.displayValue;
    return [failed];
  });
}

export function summarizeResult(
  lhr: Result,
  path: string,
  type: PageType,
  skipped: readonly string[] = [],
): PageAudit {
  const scores = Object.fromEntries(
    categoryIds.map((id) => {
      const score = lhr.categories[id]?.score;
      return [id, score === null || score === undefined ? null : Math.round(score * 100)];
    }),
  ) as Record<CategoryId, number | null>;
  const resources = rowsOf<ResourceRow>(lhr.audits['resource-summary']);
  const bytesOf = (type: string) =>
    resources.find((row) => row.resourceType === type)?.transferSize ?? 0;
  return {
    path,
    type,
    scores,
    lcpMs: numericValue(lhr, 'largest-contentful-paint'),
    cls: numericValue(lhr, 'cumulative-layout-shift'),
    tbtMs: numericValue(lhr, 'total-blocking-time'),
    benchmarkIndex: lhr.environment?.benchmarkIndex ?? null,
    bytes: {
      script: bytesOf('script'),
      stylesheet: bytesOf('stylesheet'),
      document: bytesOf('document'),
      total: bytesOf('total'),
    },
    failed: categoryIds.flatMap((id) => findFailedAudits(lhr, id)),
    skipped: [...skipped],
    // Only fetched files: `data:` URLs (inline SVG icons) are part of a file already counted.
    requests: rowsOf<RequestRow>(lhr.audits['network-requests']).flatMap((row) =>
      row.url?.startsWith('http') ? [new URL(row.url).pathname] : [],
    ),
  };
}

/**
 * Of several runs of one page, the one with the median performance score (the lower middle
 * for an even count), as Lighthouse advises for noisy machines. One run is its own median.
 */
export function pickMedianRun<T extends { summary: PageAudit }>(runs: readonly T[]): T {
  const sorted = [...runs].sort(
    (a, b) => (a.summary.scores.performance ?? 0) - (b.summary.scores.performance ?? 0),
  );
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!median) throw new Error('pickMedianRun needs at least one run');
  return median;
}
