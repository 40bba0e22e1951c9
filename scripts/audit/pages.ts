/**
 * What kind each page the audit visits is, and what each kind may load. Pure functions over
 * page paths and HTML, so they are unit-tested without a build (the page list itself comes
 * from `scripts/lib/sitemap.ts`).
 */

/** Kinds of page, by what they ship: the byte budgets and the code rules differ per kind. */
export const pageTypes = ['text-only', 'chart', 'demo', 'embed', 'gallery'] as const;
export type PageType = (typeof pageTypes)[number];

/**
 * The kind of a page from its path and HTML: embeds and the gallery by route; otherwise a
 * Python demo or the worker simulator makes a demo page (it may hold charts too), a chart a
 * chart page, and the rest are text.
 */
export function classifyPage(path: string, html: string, base: string): PageType {
  const local = path.slice(base.length);
  if (local.startsWith('embed/')) return 'embed';
  if (local === 'charts/') return 'gallery';
  if (/<(?:python-demo|worker-simulator)[\s>]/.test(html)) return 'demo';
  if (/<bench-chart[\s>]/.test(html)) return 'chart';
  return 'text-only';
}

/** Audits that a kind of page fails by design, skipped for it and named in the report. */
export const skippedAudits: Readonly<Record<PageType, readonly string[]>> = {
  // Embeds are for other sites' iframes; search engines should index the chart's own page.
  embed: ['is-crawlable'],
  'text-only': [],
  chart: [],
  demo: [],
  gallery: [],
};

/**
 * Requests that give away code a page does not need, by kind: a page without charts must not
 * fetch the chart element or Chart.js, and a page without demos nothing of Pyodide or the editor.
 */
export const forbiddenCode = {
  chart: /\/_astro\/(?:ChartFigure\.astro_[^/]*|mount-chart\.[^/]*)\.js$/,
  demo: /\/(?:_astro\/(?:PythonDemo\.astro_[^/]*|editor\.[^/]*|worker-[^/]*)\.js|pyodide\/)/,
} as const;

/** Which of `forbiddenCode` each kind of page must not request. */
export const forbiddenFor: Readonly<Record<PageType, readonly (keyof typeof forbiddenCode)[]>> = {
  'text-only': ['chart', 'demo'],
  gallery: ['chart', 'demo'],
  chart: ['demo'],
  embed: ['demo'],
  demo: [],
};
