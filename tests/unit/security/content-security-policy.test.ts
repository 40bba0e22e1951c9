import { describe, expect, it } from 'vitest';
import {
  insertPolicyMeta,
  toContentSecurityPolicy,
} from '../../../src/security/content-security-policy.ts';

describe('toContentSecurityPolicy', () => {
  it('allows only the own origin, WebAssembly and the hashed inline scripts', () => {
    expect(
      toContentSecurityPolicy({
        scriptHashes: ["'sha256-b'", "'sha256-a'", "'sha256-b'"],
        frameAncestors: "'none'",
      }).split('; '),
    ).toMatchInlineSnapshot(`
      [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval' 'sha256-a' 'sha256-b'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ]
    `);
  });

  it('leaves frame-ancestors out of a meta policy, and puts the meta before any script', () => {
    const policy = toContentSecurityPolicy({ scriptHashes: [] });
    expect(policy).not.toContain('frame-ancestors');
    expect(
      insertPolicyMeta('<head><meta charset="utf-8"><script>x</script>', 'default-src x'),
    ).toBe(
      '<head><meta charset="utf-8"><meta http-equiv="content-security-policy" ' +
        'content="default-src x"><script>x</script>',
    );
  });
});
