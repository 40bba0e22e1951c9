/**
 * What a built page weighs before any script runs: its HTML bytes (raw and gzip, as a static host
 * serves it) and its element count. Pure functions over the HTML text; deterministic, unlike a
 * Lighthouse score, so a before/after comparison holds on a busy machine.
 */
import { gzipSync } from 'node:zlib';

/** One page's weight. */
export interface PageWeight {
  /** The page's path, as the sitemap lists it. */
  path: string;
  /** Elements in the HTML as served (Lighthouse's DOM size counts the same, after scripts). */
  elements: number;
  /** HTML bytes, raw. */
  bytes: number;
  /** HTML bytes, gzip level 9. */
  gzipBytes: number;
}

/**
 * The elements of an HTML document: its start tags, not counting anything inside comments or
 * the raw text of `<script>`, `<style>` and `<textarea>` (which the parser does not read as tags).
 */
export function countElements(html: string): number {
  const markup = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/(<(script|style|textarea)\b[^>]*>)[\s\S]*?<\/\2\s*>/gi, '$1');
  // A whole start tag at a time, so that a `<` inside a quoted attribute value is not one.
  return markup.match(/<[a-zA-Z][\w:-]*(?:[^>"']|"[^"]*"|'[^']*')*>/g)?.length ?? 0;
}

/** The weight of one page from its HTML. */
export function measurePage(path: string, html: string): PageWeight {
  return {
    path,
    elements: countElements(html),
    bytes: Buffer.byteLength(html),
    gzipBytes: gzipSync(html, { level: 9 }).length,
  };
}
