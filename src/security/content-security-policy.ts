/** What a page's policy allows beyond its own origin. */
export interface PolicySources {
  /** `'sha256-…'` of every inline script the page runs. */
  scriptHashes: Iterable<string>;
  /**
   * Who may frame the page. Only a header can carry `frame-ancestors` (browsers ignore it, and
   * complain, in a `<meta>` policy), so the meta policy leaves it out.
   */
  frameAncestors?: string;
}

/**
 * The site's Content Security Policy: everything from the site's own origin, and no inline
 * script but the hashed ones.
 * - `'wasm-unsafe-eval'` lets Pyodide and Pagefind compile WebAssembly; it allows no `eval`.
 * - Inline styles are allowed (`'unsafe-inline'`), because nothing else works here: the demo
 *   editor (CodeMirror, through `style-mod`) writes its theme into a `<style>` element at run
 *   time and rewrites it as editors mount, so no build-time hash matches it, and a static
 *   site has no per-response nonce; Starlight's icons and the code highlighting use `style`
 *   attributes. Styles cannot run code, and the site shows no one else's content.
 * - The Pyodide worker is a same-origin module script, so `worker-src 'self'` is enough.
 */
export function toContentSecurityPolicy({ scriptHashes, frameAncestors }: PolicySources): string {
  const directives: string[][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", "'wasm-unsafe-eval'", ...sortUnique(scriptHashes)],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:'],
    ['connect-src', "'self'"],
    ['worker-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
    ...(frameAncestors ? [['frame-ancestors', frameAncestors]] : []),
  ];
  return directives.map((directive) => directive.join(' ')).join('; ');
}

function sortUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** Adds the policy as a `<meta>` right after the charset, before any script or style. */
export function insertPolicyMeta(html: string, policy: string): string {
  if (policy.includes('"')) throw new Error(`a policy with a double quote: ${policy}`);
  const meta = `<meta http-equiv="content-security-policy" content="${policy}">`;
  const anchor = /<meta charset=[^>]*>/i.exec(html) ?? /<head\b[^>]*>/i.exec(html);
  if (!anchor) throw new Error('a page without <head>');
  const at = anchor.index + anchor[0].length;
  return html.slice(0, at) + meta + html.slice(at);
}
