/**
 * The `_headers` file that Netlify, Cloudflare Pages and other static hosts read, made from
 * the built pages, and read back by `astro preview` (see `integration.ts`).
 */

/** One block of a `_headers` file: a path pattern and the headers of responses under it. */
export interface HeaderRule {
  path: string;
  headers: Record<string, string>;
}

/** Pages under this folder are made to be framed by other sites (the chart embeds). */
export const embedFolder = 'embed';

/** Headers for every response, pages or not. */
const everyResponse: Record<string, string> = {
  // Cross-origin isolation lets Stop interrupt a running Python demo (SharedArrayBuffer);
  // without it the demos still work and Stop restarts Python instead.
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'X-Content-Type-Options': 'nosniff',
  // Other sites see which site a reader came from, never the page; the site has no secrets
  // in its URLs that `no-referrer` would protect.
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

/** What the rules are made from. */
export interface SiteHeadersInput {
  /** The site's base path, with a trailing slash. */
  base: string;
  /** Every HTML file of the build, relative to the output folder, with `/` separators. */
  pages: readonly string[];
  /** The Content Security Policy with the given `frame-ancestors`. */
  toPolicy: (frameAncestors: string) => string;
}

/**
 * The rules for the whole site. Hosts disagree on a header named by two rules that match
 * one path (Netlify keeps the last, Cloudflare joins them), so no two rules here that can
 * match the same path name the same header: the per-page headers go on one rule per
 * top-level folder of pages, and embeds get their own.
 */
export function toHeaderRules({ base, pages, toPolicy }: SiteHeadersInput): HeaderRule[] {
  const patterns = [...new Set(pages.map((page) => toPagePattern(base, page)))].sort();
  const embeds = `${base}${embedFolder}/*`;
  return [
    { path: `${base}*`, headers: everyResponse },
    ...patterns.map((path) => ({
      path,
      headers:
        path === embeds
          ? { 'Content-Security-Policy': toPolicy('*') }
          : { 'Content-Security-Policy': toPolicy("'none'"), 'X-Frame-Options': 'DENY' },
    })),
  ];
}

/** `index.html` → the base itself, `404.html` → itself, `event-loop/index.html` → `event-loop/*`. */
function toPagePattern(base: string, page: string): string {
  const [first = '', ...rest] = page.split('/');
  if (rest.length > 0) return `${base}${first}/*`;
  return first === 'index.html' ? base : `${base}${first}`;
}

/** Writes the rules in the `_headers` format. */
export function formatHeadersFile(rules: readonly HeaderRule[]): string {
  const blocks = rules.map(({ path, headers }) =>
    [path, ...Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`)].join('\n'),
  );
  return (
    '# Made by `astro build` (src/security/integration.ts) from the built pages: do not edit.\n' +
    "# Hosts without a _headers file still get the policy from each page's <meta> tag.\n" +
    `${blocks.join('\n')}\n`
  );
}

/** Reads a `_headers` file: path lines, indented `Name: value` lines, `#` comments. */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      rules.push({ path: line.trim(), headers: {} });
      continue;
    }
    const colon = line.indexOf(':');
    const rule = rules.at(-1);
    if (!rule || colon < 0) throw new Error(`not a header of a path: ${line.trim()}`);
    rule.headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return rules;
}

/** Whether a rule's path (`*` matches anything, even nothing) matches a request path. */
export function matchesPath(pattern: string, pathname: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(pathname);
}

/** The headers a host sends for a path: those of every matching rule. */
export function findHeaders(
  rules: readonly HeaderRule[],
  pathname: string,
): Record<string, string> {
  return Object.assign(
    {},
    ...rules.filter((rule) => matchesPath(rule.path, pathname)).map((rule) => rule.headers),
  );
}

/** Cloudflare Pages' documented limits: 100 rules and 2,000 characters a line. */
export function findHostLimitProblems(text: string): string[] {
  const rules = text.split('\n').filter((line) => line.startsWith('/')).length;
  const long = text.split('\n').filter((line) => line.length > 2_000);
  return [
    ...(rules > 100 ? [`${rules} rules, more than the 100 Cloudflare Pages reads`] : []),
    ...long.map((line) => `a line of ${line.length} characters: ${line.slice(0, 60)}…`),
  ];
}
