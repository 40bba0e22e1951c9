/**
 * src/bench is the one home of the facts the harness and the site share, so it may import
 * neither side: only its own modules, zod and Node's built-ins.
 */
import { describe, expect, it } from 'vitest';
import { findLayerViolations, readSourceFiles, type Layer } from '../../support/imports.ts';

const layers: Layer[] = [{ files: 'src/bench/', mayImport: [], packages: ['zod', 'node:'] }];

describe.each(readSourceFiles('src/bench/').map((file) => [file.path, file] as const))(
  '%s',
  (_path, file) => {
    it('imports only its siblings, zod and node:*', () => {
      expect(findLayerViolations([file], layers)).toEqual([]);
    });
  },
);

it('finds the imports of a module, so the check above can fail', () => {
  const source = "import { a } from '../charts/x.ts';\nexport { b } from './y.ts';";
  expect(findLayerViolations([{ path: 'src/bench/z.ts', source }], layers)).toEqual([
    'src/bench/z.ts imports src/charts/x.ts',
  ]);
});
