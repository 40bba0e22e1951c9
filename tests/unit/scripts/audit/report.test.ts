import { describe, expect, it } from 'vitest';
import { evaluateGates } from '../../../../scripts/audit/gates.ts';
import {
  summarizeBytesByType,
  toMarkdownReport,
  toPagesTable,
  toTypesTable,
} from '../../../../scripts/audit/report.ts';
import { makePageAudit } from './factories.ts';

const kib = 1024;
const pages = [
  makePageAudit({
    path: '/',
    bytes: { script: 10 * kib, stylesheet: 20 * kib, document: 0, total: 0 },
  }),
  makePageAudit({
    path: '/gthread/',
    type: 'chart',
    scores: { performance: 90, accessibility: 100, 'best-practices': 100, seo: 100 },
    failed: [
      { category: 'performance', id: 'total-blocking-time', title: 'TBT', displayValue: '400 ms' },
    ],
    bytes: { script: 30 * kib, stylesheet: 22 * kib, document: 0, total: 0 },
  }),
  makePageAudit({
    path: '/prefork-sync/',
    type: 'chart',
    bytes: { script: 80 * kib, stylesheet: 22 * kib, document: 0, total: 0 },
  }),
];
const baseline = makePageAudit({
  path: '/',
  bytes: { script: 8 * kib, stylesheet: 18 * kib, document: 0, total: 0 },
});

describe('toPagesTable', () => {
  it('has a row per page, performance below target marked, and the baseline last', () => {
    expect(toPagesTable(pages, baseline)).toMatchInlineSnapshot(`
      "| Page | Type | Perf | A11y | BP | SEO | LCP | CLS | TBT | JS | CSS |
      | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
      | / | text-only | 99 | 100 | 100 | 100 | 1.2 s | 0.000 | 40 ms | 10.0 KiB | 20.0 KiB |
      | /gthread/ | chart | **90** ⚠ | 100 | 100 | 100 | 1.2 s | 0.000 | 40 ms | 30.0 KiB | 22.0 KiB |
      | /prefork-sync/ | chart | 99 | 100 | 100 | 100 | 1.2 s | 0.000 | 40 ms | 80.0 KiB | 22.0 KiB |
      | _bare Starlight page (baseline)_ | text-only | 99 | 100 | 100 | 100 | 1.2 s | 0.000 | 40 ms | 8.0 KiB | 18.0 KiB |"
    `);
  });
});

describe('summarizeBytesByType', () => {
  it('gives each type present its smallest and largest bytes', () => {
    expect(summarizeBytesByType(pages)).toEqual([
      {
        type: 'text-only',
        pages: 1,
        script: { min: 10 * kib, max: 10 * kib },
        stylesheet: { min: 20 * kib, max: 20 * kib },
      },
      {
        type: 'chart',
        pages: 2,
        script: { min: 30 * kib, max: 80 * kib },
        stylesheet: { min: 22 * kib, max: 22 * kib },
      },
    ]);
  });
});

describe('toTypesTable', () => {
  it('compares the largest page of each type with the baseline', () => {
    expect(toTypesTable(pages, baseline)).toMatchInlineSnapshot(`
      "| Page type | Pages | JS (vs baseline, largest) | CSS (vs baseline, largest) |
      | --- | ---: | ---: | ---: |
      | text-only | 1 | 10.0 KiB (+2.0 KiB) | 20.0 KiB (+2.0 KiB) |
      | chart | 2 | 30.0 KiB – 80.0 KiB (+72.0 KiB) | 22.0 KiB (+4.0 KiB) |
      | _baseline_ | 1 | 8.0 KiB | 18.0 KiB |"
    `);
  });
});

describe('toMarkdownReport', () => {
  it('names the slow pages and what cost them, and says when the gates pass', () => {
    const meta = {
      lighthouseVersion: '12.8.2',
      build: 'dist at /',
      date: 'D',
      seconds: 61,
      runs: 3,
    };
    const report = toMarkdownReport(meta, pages, evaluateGates(pages), baseline);
    expect(report).toContain('**all pass**');
    expect(report).toContain('/gthread/ 90 (total-blocking-time 400 ms)');
    expect(report).toContain('3 pages of dist at /, median of 3 runs per page');
    expect(report).toContain('benchmark index of this machine ranged from 1500 to 1500');
  });

  it('does not claim a performance result for a gates-only run, which has no scores', () => {
    const unscored = pages.map((page) => ({
      ...page,
      scores: { ...page.scores, performance: null },
    }));
    const meta = {
      lighthouseVersion: '12.8.2',
      build: 'dist at /',
      date: 'D',
      seconds: 1,
      runs: 1,
    };
    const report = toMarkdownReport(meta, unscored, evaluateGates(unscored));
    expect(report).toContain('- Performance: not measured in this run');
    expect(report).not.toContain('every page at 95 or more');
  });
});
