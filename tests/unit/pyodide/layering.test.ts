/**
 * src/pyodide is the runner only: the demos use it, never the other way round, so it imports
 * nothing else of the site (see src/demos/README.md).
 */
import { describe, expect, it } from 'vitest';
import { findLayerViolations, readSourceFiles, type Layer } from '../../support/imports.ts';

const layers: Layer[] = [
  { files: 'src/pyodide/', mayImport: [], packages: ['pyodide', 'astro', 'node:'] },
];

it('src/pyodide imports only itself, Pyodide, Astro and Node', () => {
  expect(findLayerViolations(readSourceFiles('src/pyodide/'), layers)).toEqual([]);
});

describe.each(
  [
    {
      name: 'a demo UI',
      source: "import { RUN_EVENT } from '../demos/python-demo/python-demo-element.ts';",
      found: ['src/pyodide/x.ts imports src/demos/python-demo/python-demo-element.ts'],
    },
    {
      name: 'a demo file as raw text',
      source: "import source from '../demos/ten-requests.py?raw';",
      found: ['src/pyodide/x.ts imports src/demos/ten-requests.py'],
    },
    {
      name: 'the editor',
      source: "import { basicSetup } from 'codemirror';",
      found: ['src/pyodide/x.ts imports codemirror'],
    },
    {
      name: 'a sibling (allowed)',
      source: "import { runnerConfig } from './config.ts';",
      found: [],
    },
  ].map((c) => [c.name, c] as const),
)('the check, given a runner file that imports %s', (_name, { source, found }) => {
  it('reports exactly that', () =>
    expect(findLayerViolations([{ path: 'src/pyodide/x.ts', source }], layers)).toEqual(found));
});
