/**
 * Checks a page's HTML as served, without a browser: what every page must satisfy and can be
 * read from its markup alone. A browser load (console errors, requests made at run time) costs
 * seconds a page, so pages.spec.ts makes it for one page per template; this covers every page.
 */
import { Parser } from 'htmlparser2';
import { parseSrcset } from 'srcset';

/** Attributes whose URL the browser fetches as the page loads, on any element. */
const fetchedAttributes = new Set(['src', 'poster', 'data', 'background']);
/** Attributes that hold a list of candidate URLs, of which the browser fetches one. */
const srcsetAttributes = new Set(['srcset', 'imagesrcset']);
/** Elements whose `href` is a link the reader may follow, not something the page loads. */
const linkElements = new Set(['a', 'area']);
/**
 * `<link rel>` values that name a document without fetching it. Any other rel counts as
 * fetched (stylesheet, icon, preload, modulepreload, manifest...), so an unknown one is checked.
 */
const namingRels = new Set([
  'alternate',
  'author',
  'canonical',
  'help',
  'license',
  'me',
  'next',
  'prev',
  'search',
  'sitemap',
]);
/** Schemes that fetch nothing from a server. */
const localProtocols = new Set(['data:', 'blob:', 'about:', 'javascript:']);

/** Each URL in the attributes of one element that the page would fetch as it loads. */
function listFetchedUrls(name: string, attributes: Record<string, string>): string[] {
  return Object.entries(attributes).flatMap(([attribute, value]) => {
    if (srcsetAttributes.has(attribute)) return parseSrcset(value).map(({ url }) => url);
    if (fetchedAttributes.has(attribute)) return [value];
    if (attribute !== 'href' && attribute !== 'xlink:href') return [];
    if (linkElements.has(name)) return [];
    const rels = (attributes['rel'] ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    if (name === 'link' && rels.length > 0 && rels.every((rel) => namingRels.has(rel))) return [];
    return [value];
  });
}

/**
 * What is wrong with a page's HTML, one line each (none for a good page): a count of `<h1>`
 * other than one, and every URL in a `src`, `srcset`, `href` (of anything but a link to follow
 * or a `<link>` that only names a document) or similar attribute that resolves, against
 * `pageUrl` or the page's `<base>`, to another origin than `pageUrl`'s.
 */
export function checkPageHtml(html: string, pageUrl: string): string[] {
  const origin = new URL(pageUrl).origin;
  let base = pageUrl;
  let headings = 0;
  const problems: string[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name === 'h1') headings += 1;
      for (const url of listFetchedUrls(name, attributes)) {
        const resolved = URL.parse(url, base);
        if (!resolved) problems.push(`<${name}> has a URL that does not parse: ${url}`);
        else if (!localProtocols.has(resolved.protocol) && resolved.origin !== origin)
          problems.push(`<${name}> loads from another origin: ${resolved.href}`);
      }
      if (name === 'base' && attributes['href'])
        base = URL.parse(attributes['href'], base)?.href ?? base;
    },
  });
  parser.end(html);
  if (headings !== 1) problems.unshift(`${headings} <h1> elements, not one`);
  return problems;
}
