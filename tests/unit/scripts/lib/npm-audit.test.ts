import { describe, expect, it } from 'vitest';
import { readNpmAudit } from '../../../../scripts/lib/npm-audit.ts';

const report = (vulnerabilities: object) =>
  JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities,
    metadata: { dependencies: { prod: 412 } },
  });

describe('readNpmAudit', () => {
  it.each([
    { name: 'no advisory', json: report({}), kind: 'clean' },
    {
      name: 'a moderate advisory only',
      json: report({ a: { severity: 'moderate', via: [{ title: 'x' }] } }),
      kind: 'clean',
    },
    {
      name: 'an endpoint that refuses',
      json: JSON.stringify({ message: '405 Method Not Allowed - POST https://r/-/npm/v1/x' }),
      kind: 'unreachable',
    },
    { name: 'no JSON at all', json: '', kind: 'unreachable' },
  ])('$name: $kind', ({ json, kind }) => {
    expect(readNpmAudit(json).kind).toBe(kind);
  });

  it('names each high or critical advisory, direct or through another package', () => {
    const json = report({
      astro: {
        severity: 'high',
        range: '<7.3.9',
        via: [{ title: 'XSS in dev overlay', url: 'https://github.com/advisories/GHSA-1' }],
      },
      starlight: { severity: 'critical', range: '*', via: ['astro'] },
      low: { severity: 'low', via: [{ title: 'minor' }] },
    });
    expect(readNpmAudit(json)).toMatchInlineSnapshot(`
      {
        "kind": "advisories",
        "lines": [
          "critical: starlight *: through astro",
          "high: astro <7.3.9: XSS in dev overlay (https://github.com/advisories/GHSA-1)",
        ],
      }
    `);
  });
});
