import { describe, expect, it } from 'vitest';
import {
  findErroredAudits,
  pickMedianRun,
  summarizeResult,
} from '../../../../scripts/audit/summarize.ts';
import { makeLhr, makePageAudit } from './factories.ts';

const lhr = makeLhr(
  {
    performance: {
      score: 0.8,
      audits: [
        {
          id: 'total-blocking-time',
          title: 'Total Blocking Time',
          score: 0.1,
          weight: 30,
          displayValue: '1,680 ms',
        },
        { id: 'dom-size', title: 'Avoid an excessive DOM size', score: 0, weight: 0 },
      ],
    },
    accessibility: {
      score: 0.98,
      audits: [
        { id: 'color-contrast', title: 'Contrast', score: 0, weight: 7 },
        { id: 'image-alt', title: 'Image alt', score: 1, weight: 10 },
        { id: 'aria-roles', title: 'Roles', score: null, weight: 10 },
      ],
    },
    'best-practices': { score: 1, audits: [] },
  },
  {
    cls: 0.0123,
    requests: [
      'http://127.0.0.1:4362/gthread/',
      'data:image/svg+xml,%3Csvg%3E',
      'http://127.0.0.1:4362/_astro/page.abc.js',
    ],
    resources: [
      ['total', 5000],
      ['script', 3000],
      ['stylesheet', 1500],
      ['document', 500],
    ],
  },
);

describe('summarizeResult', () => {
  const page = summarizeResult(lhr, '/gthread/', 'chart', ['is-crawlable']);

  it('scores out of 100, and null for a category that was not run', () => {
    expect(page.scores).toEqual({
      performance: 80,
      accessibility: 98,
      'best-practices': 100,
      seo: null,
    });
  });

  it('lists the weighted audits that lost points, with their verdicts', () => {
    expect(page.failed).toEqual([
      {
        category: 'performance',
        id: 'total-blocking-time',
        title: 'Total Blocking Time',
        displayValue: '1,680 ms',
      },
      { category: 'accessibility', id: 'color-contrast', title: 'Contrast' },
    ]);
  });

  it('reads the metrics, the bytes by type and the request paths', () => {
    expect(page).toMatchObject({
      lcpMs: 1500,
      cls: 0.0123,
      tbtMs: 120,
      benchmarkIndex: 800,
      bytes: { script: 3000, stylesheet: 1500, document: 500, total: 5000 },
      requests: ['/gthread/', '/_astro/page.abc.js'],
      skipped: ['is-crawlable'],
    });
  });
});

describe('an audit that could not run', () => {
  const lost = makeLhr({
    accessibility: {
      score: 1,
      audits: [{ id: 'image-alt', title: 'Image alt', score: 1, weight: 10 }],
    },
    'best-practices': {
      score: null,
      audits: [
        { id: 'doctype', title: 'Doctype', score: 1, weight: 1 },
        {
          id: 'errors-in-console',
          title: 'No errors in the console',
          score: null,
          weight: 1,
          scoreDisplayMode: 'error',
          errorMessage: 'Required DevtoolsLog gatherer did not run.',
        },
      ],
    },
  });

  it('is found with its reason, and only it', () => {
    expect(findErroredAudits(lost)).toEqual([
      { id: 'errors-in-console', message: 'Required DevtoolsLog gatherer did not run.' },
    ]);
    expect(findErroredAudits(lhr)).toEqual([]);
  });

  it('is listed among the failed audits of its category, with the reason as its verdict', () => {
    const page = summarizeResult(lost, '/embed/db-pgbouncer/', 'embed');
    expect(page.scores['best-practices']).toBeNull();
    expect(page.failed).toEqual([
      {
        category: 'best-practices',
        id: 'errors-in-console',
        title: 'No errors in the console',
        displayValue: 'could not run: Required DevtoolsLog gatherer did not run.',
      },
    ]);
  });
});

describe.each([
  { scores: [90], median: 90 },
  { scores: [99, 70, 95], median: 95 },
  { scores: [99, 70, 95, 80], median: 80 },
])('pickMedianRun($scores)', ({ scores, median }) => {
  it(`keeps the run scoring ${median}`, () => {
    const runs = scores.map((performance) => ({
      summary: makePageAudit({
        scores: { performance, accessibility: 100, 'best-practices': 100, seo: 100 },
      }),
    }));
    expect(pickMedianRun(runs).summary.scores.performance).toBe(median);
  });
});
