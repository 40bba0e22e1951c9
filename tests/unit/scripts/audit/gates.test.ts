import { describe, expect, it } from 'vitest';
import { evaluateGates, formatGateFailures } from '../../../../scripts/audit/gates.ts';
import { makePageAudit } from './factories.ts';

const colorContrast = {
  category: 'accessibility' as const,
  id: 'color-contrast',
  title: 'Background and foreground colors do not have a sufficient contrast ratio.',
};

describe.each([
  { name: 'a perfect page', page: makePageAudit(), failures: [] },
  {
    name: 'performance 80 (reported, never asserted)',
    page: makePageAudit({
      scores: { performance: 80, accessibility: 100, 'best-practices': 100, seo: 100 },
      tbtMs: 1680,
    }),
    failures: [],
  },
  {
    name: 'a nudge of one control (CLS 0.005)',
    page: makePageAudit({ cls: 0.005 }),
    failures: [],
  },
  {
    name: 'a chart page that loads Chart.js',
    page: makePageAudit({ type: 'chart', requests: ['/_astro/mount-chart.Cp.js'] }),
    failures: [],
  },
  {
    name: 'accessibility 98',
    page: makePageAudit({
      scores: { performance: 99, accessibility: 98, 'best-practices': 100, seo: 100 },
      failed: [colorContrast],
    }),
    failures: [
      'accessibility 98, needs 100: color-contrast (Background and foreground colors do not have a sufficient contrast ratio.)',
    ],
  },
  {
    name: 'CLS 0.2',
    page: makePageAudit({ cls: 0.2 }),
    failures: ['cumulative-layout-shift 0.200, at most 0.01 allowed'],
  },
  {
    name: 'no SEO score',
    page: makePageAudit({
      scores: { performance: 99, accessibility: 100, 'best-practices': 100, seo: null },
    }),
    failures: ['seo no score, needs 100'],
  },
  {
    name: 'a best-practices audit that could not run',
    page: makePageAudit({
      scores: { performance: 99, accessibility: 100, 'best-practices': null, seo: 100 },
      failed: [
        {
          category: 'best-practices',
          id: 'errors-in-console',
          title: 'No errors in the console',
          displayValue: 'could not run: Required DevtoolsLog gatherer did not run.',
        },
      ],
    }),
    failures: [
      'best-practices no score, needs 100: errors-in-console could not run: Required DevtoolsLog gatherer did not run.',
    ],
  },
  {
    name: 'a text page that loads chart and Pyodide code',
    page: makePageAudit({
      requests: ['/_astro/mount-chart.Cp.js', '/pyodide/v314.0.7/pyodide.asm.wasm'],
    }),
    failures: [
      'a text-only page loads chart code: /_astro/mount-chart.Cp.js',
      'a text-only page loads demo code: /pyodide/v314.0.7/pyodide.asm.wasm',
    ],
  },
  {
    name: 'a chart page that loads the Python editor',
    page: makePageAudit({ type: 'chart', requests: ['/_astro/editor.DN23e0wk.js'] }),
    failures: ['a chart page loads demo code: /_astro/editor.DN23e0wk.js'],
  },
])('evaluateGates: $name', ({ page, failures }) => {
  it('fails exactly the broken gates, naming the page', () => {
    const found = evaluateGates([page]);
    expect(found.map((failure) => failure.message)).toEqual(failures);
    expect(found.every((failure) => failure.path === page.path)).toBe(true);
  });
});

describe('formatGateFailures', () => {
  it('groups the failures by page', () => {
    const failures = evaluateGates([
      makePageAudit({ path: '/a/', cls: 0.2 }),
      makePageAudit({
        path: '/b/',
        scores: { performance: 99, accessibility: 98, 'best-practices': 100, seo: 100 },
        failed: [colorContrast],
      }),
    ]);
    expect(formatGateFailures(failures)).toMatchInlineSnapshot(`
      "2 quality gate(s) failed on 2 page(s):
        /a/
          - cumulative-layout-shift 0.200, at most 0.01 allowed
        /b/
          - accessibility 98, needs 100: color-contrast (Background and foreground colors do not have a sufficient contrast ratio.)"
    `);
  });
});
