/**
 * The chart folders say where code runs, so each imports only what runs there too: the model
 * is pure (no Chart.js, no DOM, no build), drawing adds Chart.js, and only the components see
 * everything. See src/charts/README.md.
 */
import { describe, expect, it } from 'vitest';
import { findLayerViolations, readSourceFiles, type Layer } from '../../support/imports.ts';

const model = 'src/charts/model/';
const draw = 'src/charts/draw/';
const layers: Layer[] = [
  { files: model, mayImport: ['src/bench/'], packages: ['zod'] },
  { files: draw, mayImport: [model], packages: ['chart.js'] },
  { files: 'src/charts/browser/', mayImport: [model, draw], packages: ['chart.js'] },
  {
    files: 'src/charts/build/',
    mayImport: [model, draw, 'src/charts/registry.ts', 'src/bench/'],
    packages: ['astro:content', '@napi-rs/canvas', 'sharp'],
  },
  // registry.ts and the parts it gathers (registry-*.ts).
  { files: 'src/charts/registry', mayImport: [model], packages: [] },
  { files: 'src/charts/components/', mayImport: ['src/'], packages: ['*'] },
];

it('every file of src/charts keeps to its layer', () => {
  expect(findLayerViolations(readSourceFiles('src/charts/'), layers)).toEqual([]);
});

describe.each(
  [
    {
      name: 'the model importing drawing code',
      file: { path: `${model}x.ts`, source: "import { THEMES } from '../draw/themes.ts';" },
      found: ['src/charts/model/x.ts imports src/charts/draw/themes.ts'],
    },
    {
      name: 'the model importing Chart.js, if only its types',
      file: { path: `${model}x.ts`, source: "import type {\n  Chart,\n} from 'chart.js';" },
      found: ['src/charts/model/x.ts imports chart.js'],
    },
    {
      name: 'drawing code loading browser code lazily',
      file: { path: `${draw}x.ts`, source: "const m = await import('../browser/mount-chart.ts');" },
      found: ['src/charts/draw/x.ts imports src/charts/browser/mount-chart.ts'],
    },
    {
      name: 'browser code importing build code for its side effects',
      file: { path: 'src/charts/browser/x.ts', source: "import '../build/load-charts.ts';" },
      found: ['src/charts/browser/x.ts imports src/charts/build/load-charts.ts'],
    },
    {
      name: 'a file outside every layer',
      file: { path: 'src/charts/extra/x.ts', source: '' },
      found: ['src/charts/extra/x.ts belongs to no layer'],
    },
    {
      name: 'the model importing the shared benchmark facts (allowed)',
      file: { path: `${model}x.ts`, source: "import { toStat } from '../../bench/stats.ts';" },
      found: [],
    },
  ].map((c) => [c.name, c] as const),
)('the check, given %s', (_name, { file, found }) => {
  it('reports exactly that', () => expect(findLayerViolations([file], layers)).toEqual(found));
});
