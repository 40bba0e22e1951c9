/**
 * Scripts and tests share code only through scripts/lib: tests may import scripts, scripts
 * never import tests (what both need, such as the browser launch, lives in scripts/lib).
 */
import { describe, expect, it } from 'vitest';
import { findLayerViolations, readSourceFiles, type Layer } from '../../support/imports.ts';

const layers: Layer[] = [{ files: 'scripts/', mayImport: ['src/'], packages: ['*'] }];

it('no script imports anything under tests/', () => {
  expect(findLayerViolations(readSourceFiles('scripts/'), layers)).toEqual([]);
});

describe.each(
  [
    {
      source: "import { resolveChromium } from '../tests/support/browser.ts';",
      found: ['scripts/x.ts imports tests/support/browser.ts'],
    },
    { source: "import { readLocs } from './lib/sitemap.ts';", found: [] },
  ].map((c) => [c.source, c] as const),
)('the check, given a script with %s', (_source, { source, found }) => {
  it('reports exactly that', () =>
    expect(findLayerViolations([{ path: 'scripts/x.ts', source }], layers)).toEqual(found));
});
