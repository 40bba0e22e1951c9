import { createHash } from 'node:crypto';

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
/** `type` values that make a script run; anything else (`application/json`) is a data block. */
const EXECUTABLE_TYPES = new Set(['', 'module', 'text/javascript', 'application/javascript']);

/** The value of one attribute in a tag's attribute text, or `undefined` if it is absent. */
function readAttribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(
    attributes,
  );
  return match ? (match[1] ?? match[2] ?? match[3] ?? '') : undefined;
}

/**
 * Finds what a Content Security Policy must allow by hash in a built page: the bodies of the
 * scripts without `src` that the browser runs, exactly as it hashes them. Astro's output has
 * no `</script>` inside a script, so a non-greedy match is exact.
 */
export function findInlineScripts(html: string): string[] {
  return [...html.matchAll(SCRIPT)]
    .filter(([, attributes = '']) => readAttribute(attributes, 'src') === undefined)
    .filter(([, attributes = '']) =>
      EXECUTABLE_TYPES.has((readAttribute(attributes, 'type') ?? '').trim().toLowerCase()),
    )
    .map(([, , body = '']) => body);
}

/** The CSP source expression that allows one inline script: `'sha256-…'`. */
export function hashSource(body: string): string {
  return `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`;
}
