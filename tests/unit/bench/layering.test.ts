/**
 * src/bench is the one home of the facts the harness and the site share, so it may import
 * neither side: only its own modules, zod and Node's built-ins.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const BENCH_DIR = new URL('../../../src/bench/', import.meta.url);
const files = readdirSync(BENCH_DIR).filter((name) => name.endsWith('.ts'));

/** Every module specifier a TypeScript source imports or re-exports. */
function listImports(source: string): string[] {
  return [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map(
    (match) => match[1] ?? '',
  );
}

describe.each(files)('src/bench/%s', (file) => {
  it('imports only its siblings, zod and node:*', () => {
    const imports = listImports(readFileSync(new URL(file, BENCH_DIR), 'utf8'));
    const foreign = imports.filter(
      (specifier) =>
        !/^\.\/[\w-]+\.ts$/.test(specifier) &&
        specifier !== 'zod' &&
        !specifier.startsWith('node:'),
    );
    expect(foreign).toEqual([]);
  });
});

it('finds the imports of a module, so the check above can fail', () => {
  expect(listImports("import { a } from '../charts/x.ts';\nexport { b } from './y.ts';")).toEqual([
    '../charts/x.ts',
    './y.ts',
  ]);
});
