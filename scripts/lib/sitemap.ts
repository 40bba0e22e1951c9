/**
 * The pages of a build, from its sitemap: what the link check, the audit and the browser tests
 * visit. Pure functions over sitemap XML and page paths.
 */

/** The `<loc>` values of a sitemap or sitemap index. */
export function readLocs(xml: string): string[] {
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1] ?? '');
}

/**
 * The path of every page a sitemap lists, base path included. The locs hold the production
 * `site` URL, so only their paths say where a page is on another server.
 */
export function readPagePaths(xml: string): string[] {
  return readLocs(xml).map((loc) => new URL(loc).pathname);
}

/**
 * Embed pages are `noindex` and left out of the sitemap on purpose; every chart permalink
 * (`<base>charts/<id>/`) has one, so their paths are derived from the permalinks.
 */
export function deriveEmbedPaths(paths: readonly string[], base: string): string[] {
  const permalink = new RegExp(`^${escapeRegExp(base)}charts/([^/]+)/$`);
  return paths.flatMap((path) => {
    const id = permalink.exec(path)?.[1];
    return id ? [`${base}embed/${id}/`] : [];
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
