import type { Result } from 'lighthouse';
import type { PageAudit } from '../../../../scripts/audit/summarize.ts';

/** A summarized page that passes every gate; override what a test is about. */
export function makePageAudit(overrides: Partial<PageAudit> = {}): PageAudit {
  return {
    path: '/gthread/',
    type: 'text-only',
    scores: { performance: 99, accessibility: 100, 'best-practices': 100, seo: 100 },
    lcpMs: 1234,
    cls: 0,
    tbtMs: 40,
    benchmarkIndex: 1500,
    bytes: { script: 10 * 1024, stylesheet: 20 * 1024, document: 8 * 1024, total: 38 * 1024 },
    failed: [],
    skipped: [],
    requests: ['/gthread/', '/_astro/page.abc.js', '/_astro/print.def.css'],
    ...overrides,
  };
}

interface FakeAudit {
  id: string;
  title: string;
  score: number | null;
  weight: number;
  displayValue?: string;
  scoreDisplayMode?: string;
  errorMessage?: string;
}

/**
 * A Lighthouse result with only the fields the summary reads. The cast is the point: the
 * real type has hundreds of fields that play no part here.
 */
export function makeLhr(
  categories: Record<string, { score: number | null; audits: FakeAudit[] }>,
  extra: { cls?: number; requests?: string[]; resources?: [string, number][] } = {},
): Result {
  const audits: Record<string, unknown> = {
    'cumulative-layout-shift': { id: 'cumulative-layout-shift', numericValue: extra.cls ?? 0 },
    'largest-contentful-paint': { id: 'largest-contentful-paint', numericValue: 1500 },
    'total-blocking-time': { id: 'total-blocking-time', numericValue: 120 },
    'network-requests': {
      id: 'network-requests',
      details: { type: 'table', items: (extra.requests ?? []).map((url) => ({ url })) },
    },
    'resource-summary': {
      id: 'resource-summary',
      details: {
        type: 'table',
        items: (extra.resources ?? []).map(([resourceType, transferSize]) => ({
          resourceType,
          transferSize,
        })),
      },
    },
  };
  const lhrCategories: Record<string, unknown> = {};
  for (const [id, category] of Object.entries(categories)) {
    for (const audit of category.audits)
      audits[audit.id] = { ...(audits[audit.id] as object | undefined), ...audit };
    lhrCategories[id] = {
      id,
      score: category.score,
      auditRefs: category.audits.map((audit) => ({ id: audit.id, weight: audit.weight })),
    };
  }
  return {
    audits,
    categories: lhrCategories,
    environment: { benchmarkIndex: 800 },
  } as unknown as Result;
}
