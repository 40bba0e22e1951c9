import { describe, expect, it } from 'vitest';
import {
  findHeaders,
  findHostLimitProblems,
  formatHeadersFile,
  matchesPath,
  parseHeadersFile,
  toHeaderRules,
} from '../../../src/security/headers-file.ts';

const pages = [
  '404.html',
  'charts/index.html',
  'charts/memory/index.html',
  'embed/memory/index.html',
  'event-loop/index.html',
  'index.html',
];
const toPolicy = (frameAncestors: string) =>
  `default-src 'self'; frame-ancestors ${frameAncestors}`;

describe.each(['/', '/worker-models/'])('the _headers rules under %s', (base) => {
  const rules = toHeaderRules({ base, pages, toPolicy });

  it.each([
    { path: '', frame: "'none'", deny: true },
    { path: 'event-loop/', frame: "'none'", deny: true },
    { path: 'charts/memory/', frame: "'none'", deny: true },
    { path: '404.html', frame: "'none'", deny: true },
    { path: 'embed/memory/', frame: '*', deny: false },
  ])('$path: frame-ancestors $frame', ({ path, frame, deny }) => {
    const headers = findHeaders(rules, `${base}${path}`);
    expect(headers['Content-Security-Policy']).toBe(toPolicy(frame));
    expect(headers['X-Frame-Options']).toBe(deny ? 'DENY' : undefined);
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Cross-Origin-Embedder-Policy']).toBe('require-corp');
  });

  it('give assets the site-wide headers only', () => {
    const headers = findHeaders(rules, `${base}_astro/worker.js`);
    expect(Object.keys(headers)).toEqual([
      'Cross-Origin-Opener-Policy',
      'Cross-Origin-Embedder-Policy',
      'X-Content-Type-Options',
      'Referrer-Policy',
    ]);
  });

  it('never name one header in two rules that match the same path (hosts merge them differently)', () => {
    for (const page of pages) {
      const path = `${base}${page.replace(/index\.html$/, '')}`;
      const names = rules
        .filter((rule) => matchesPath(rule.path, path))
        .flatMap((rule) => Object.keys(rule.headers));
      expect(names.length, path).toBe(new Set(names).size);
    }
  });

  it('read back from the file as written', () => {
    const text = formatHeadersFile(rules);
    expect(parseHeadersFile(text)).toEqual(rules);
    expect(findHostLimitProblems(text)).toEqual([]);
  });
});

describe('the _headers file format', () => {
  it('is the documented one', () => {
    const rules = toHeaderRules({
      base: '/',
      pages: ['index.html', 'embed/a/index.html'],
      toPolicy,
    });
    expect(formatHeadersFile(rules)).toMatchInlineSnapshot(`
      "# Made by \`astro build\` (src/security/integration.ts) from the built pages: do not edit.
      # Hosts without a _headers file still get the policy from each page's <meta> tag.
      /*
        Cross-Origin-Opener-Policy: same-origin
        Cross-Origin-Embedder-Policy: require-corp
        X-Content-Type-Options: nosniff
        Referrer-Policy: strict-origin-when-cross-origin
      /
        Content-Security-Policy: default-src 'self'; frame-ancestors 'none'
        X-Frame-Options: DENY
      /embed/*
        Content-Security-Policy: default-src 'self'; frame-ancestors *
      "
    `);
  });

  it('says which lines a host would not read', () => {
    const text = `/\n  Content-Security-Policy: ${'x'.repeat(2_000)}\n`;
    expect(findHostLimitProblems(text)).toEqual([
      `a line of 2027 characters:   Content-Security-Policy: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…`,
    ]);
  });

  it('rejects a header before any path', () => {
    expect(() => parseHeadersFile('  X-A: b\n')).toThrowErrorMatchingInlineSnapshot(
      `[Error: not a header of a path: X-A: b]`,
    );
  });
});
