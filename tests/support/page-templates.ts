/**
 * Which template a page of the build comes from, so that a browser test that costs seconds a page
 * (axe, a full load) visits every page whose content is written (the landing page, the chapters
 * and their pages, the gallery) but only representatives of a template that repeats one layout
 * with other data (a chart's permalink and its embed).
 */
import { chapterPageSlugs } from '../../src/site.config.ts';

/** The kinds of page the site builds (paths relative to the base URL, as `site.ts` gives them). */
export type PageTemplate = 'landing' | 'chapter' | 'gallery' | 'chart' | 'embed';

/**
 * Charts whose permalink and embed pages stand for all the others. Every chart page is the same
 * template (`src/pages/charts/[id].astro`, `src/pages/embed/[id].astro`), a line chart with the
 * same controls, table and environment list; what changes with the data is how many series
 * toggles, metric options, table rows and environment facts there are, and the x axis:
 * - `sweep-io`: a connection sweep (log x axis) with six series, a dashed bound line, and
 *   throughput that spans orders of magnitude, so it opens on a log y axis;
 * - `db-frameworks-django`: the database family (recorded in the sid root, with PostgreSQL's
 *   facts), with the most metrics and the longest data table of any chart;
 * - `db-pgbouncer`: the only categorical x axis (one position per database route);
 * - `gthread-threads`: a single series (one toggle) over threads per worker;
 * - `sustainable-rate`: the bar chart, with its own control (the p99 objective, in the URL)
 *   and its own data table (every rate measured).
 */
export const representativeChartIds: readonly string[] = [
  'sweep-io',
  'db-frameworks-django',
  'db-pgbouncer',
  'gthread-threads',
  'sustainable-rate',
];

/** Templates whose pages each differ in content (code, tables, asides, demos): check them all. */
const writtenTemplates: ReadonlySet<PageTemplate> = new Set<PageTemplate>([
  'landing',
  'chapter',
  'gallery',
]);

const chapterPaths: ReadonlySet<string> = new Set(chapterPageSlugs.map((slug) => `${slug}/`));

function isWritten(template: PageTemplate | undefined): boolean {
  return template !== undefined && writtenTemplates.has(template);
}

/** The template of a page path (`''` is the landing page), or undefined for an unknown kind. */
export function classifyPage(path: string): PageTemplate | undefined {
  if (path === '') return 'landing';
  if (path === 'charts/') return 'gallery';
  if (chapterPaths.has(path)) return 'chapter';
  if (/^charts\/[a-z0-9-]+\/$/.test(path)) return 'chart';
  if (/^embed\/[a-z0-9-]+\/$/.test(path)) return 'embed';
  return undefined;
}

/**
 * The pages a per-page test visits: every page of `paths` of a written template, then the
 * permalink and embed page of each of `chartIds` when the build has chart pages at all (none
 * before any dataset is recorded). A representative that is not built stays in the list, so its
 * test fails rather than the list silently shrinking. Pages of no known template are left out:
 * `findUncoveredPages` names them.
 */
export function selectPages(
  paths: readonly string[],
  chartIds: readonly string[] = representativeChartIds,
): string[] {
  const written = paths.filter((path) => isWritten(classifyPage(path)));
  const hasCharts = paths.some((path) => classifyPage(path) === 'chart');
  const charts = hasCharts ? chartIds.flatMap((id) => [`charts/${id}/`, `embed/${id}/`]) : [];
  return [...written, ...charts];
}

/**
 * What a per-page test that visits `checked` leaves uncovered among the built `paths`, one line
 * each: a page of no known template (a new kind of page needs a decision: all its pages, or
 * representatives), a page of a written template that is not checked, a page whose template has
 * no checked page at all, and a checked page that is not built.
 */
export function findUncoveredPages(paths: readonly string[], checked: readonly string[]): string[] {
  const checkedTemplates = new Set(checked.map(classifyPage));
  const uncovered = paths
    .filter((path) => !checked.includes(path))
    .flatMap((path) => {
      const where = path || '(landing page)';
      const template = classifyPage(path);
      if (!template)
        return [`${where}: of no known template (see tests/support/page-templates.ts)`];
      if (isWritten(template)) return [`${where}: a ${template} page, not checked`];
      if (!checkedTemplates.has(template)) return [`${where}: no ${template} page is checked`];
      return [];
    });
  const unbuilt = checked
    .filter((path) => !paths.includes(path))
    .map((path) => `${path}: checked, but not a page of the build`);
  return [...uncovered, ...unbuilt];
}
