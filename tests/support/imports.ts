/**
 * The import graph of the source tree, read as text, for tests that keep folders layered
 * (src/bench imports neither side, src/pyodide never imports the demos, the chart model never
 * imports drawing, browser or build code). Paths are relative to the repository root.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';

const root = new URL('../../', import.meta.url);

/** A source file: its repository path and text. */
export interface SourceFile {
  path: string;
  source: string;
}

/** A folder (or file) whose imports are limited to some places and packages. */
export interface Layer {
  /** Repository path prefix of the layer's files, e.g. `src/charts/model/`. */
  files: string;
  /** Repository path prefixes it may import besides its own files. */
  mayImport: readonly string[];
  /** Packages it may import: a name, a prefix ending in `:` or `/` (`node:`), or `*` for any. */
  packages: readonly string[];
}

const importPatterns = [
  // import x from '…', import type { x } from '…', export { x } from '…' (across lines)
  /^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'"]+)['"]/gm,
  // import '…' (side effects only, as in an Astro <script>)
  /^\s*import\s+['"]([^'"]+)['"]/gm,
  // import('…')
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Every module specifier a source imports or re-exports, statically or dynamically. */
export function listImports(source: string): string[] {
  return importPatterns.flatMap((pattern) =>
    [...source.matchAll(pattern)].map((match) => match[1] ?? ''),
  );
}

/** The `.ts` and `.astro` files under a repository folder, with their text. */
export function readSourceFiles(folder: string): SourceFile[] {
  const base = new URL(folder, root);
  return (
    readdirSync(base, { recursive: true, withFileTypes: true })
      // Files only, and none a build left behind: the audit's baseline build writes `.astro/`
      // folders and `node_modules/` under scripts/.
      .filter((entry) => entry.isFile() && /\.(?:ts|astro)$/.test(entry.name))
      .map((entry) => posix.relative(base.pathname, posix.join(entry.parentPath, entry.name)))
      .filter((name) => !name.split('/').includes('node_modules'))
      .sort()
      .map((name) => {
        const path = posix.join(folder, name);
        return { path, source: readFileSync(new URL(path, root), 'utf8') };
      })
  );
}

function isAllowedPackage(specifier: string, packages: readonly string[]): boolean {
  return packages.some(
    (allowed) =>
      allowed === '*' ||
      specifier === allowed ||
      specifier.startsWith(allowed.endsWith(':') ? allowed : `${allowed}/`),
  );
}

/**
 * What breaks the layering: each import of a file that goes outside its layer's own files,
 * the places it may import and its packages; and each file that belongs to no layer.
 */
export function findLayerViolations(files: readonly SourceFile[], layers: readonly Layer[]) {
  return files.flatMap(({ path, source }) => {
    const layer = layers.find((candidate) => path.startsWith(candidate.files));
    if (!layer) return [`${path} belongs to no layer`];
    return listImports(source).flatMap((specifier) => {
      if (!specifier.startsWith('.')) {
        return isAllowedPackage(specifier, layer.packages) ? [] : [`${path} imports ${specifier}`];
      }
      const target = posix.join(posix.dirname(path), specifier.split('?')[0] ?? '');
      const allowed = [layer.files, ...layer.mayImport].some((place) => target.startsWith(place));
      return allowed ? [] : [`${path} imports ${target}`];
    });
  });
}
