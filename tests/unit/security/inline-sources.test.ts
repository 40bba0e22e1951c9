import { describe, expect, it } from 'vitest';
import { findInlineScripts, hashSource } from '../../../src/security/inline-sources.ts';

describe('findInlineScripts', () => {
  it('finds scripts that run, not external scripts, JSON data or styles', () => {
    const html =
      '<head><script>a()</script><script type="module">b()</script>' +
      '<script type="module" src="/x.js"></script><script type="application/json">{}</script>' +
      '<script data-type="x" aria-hidden="true">c()</script><style>p{}</style></head>';
    expect(findInlineScripts(html)).toEqual(['a()', 'b()', 'c()']);
  });

  it('hashes the exact text between the tags, as the browser does', () => {
    // echo -n "alert(1)" | openssl dgst -sha256 -binary | base64
    expect(hashSource('alert(1)')).toBe("'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='");
  });
});
