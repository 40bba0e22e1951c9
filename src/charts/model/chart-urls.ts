/**
 * Where a chart's pages and files live, under the site's base path. Every link to a chart
 * comes from here, so the site works at `/` and at a sub-path alike.
 */

/** The paths of one chart's pages and files, each starting with the base path. */
export interface ChartUrls {
  permalink: string;
  embed: string;
  image: string;
  imageDark: string;
  csv: string;
  /** The chart's own data as the page draws it (`ChartData`), fetched when the chart nears view. */
  chartData: string;
  dataset: string;
  gallery: string;
  /** The JSON Schema every dataset follows. */
  schema: string;
  /** The harness, apps and schema code that record a dataset, as one archive. */
  harness: string;
}

/** File name of the archive of the code that records the datasets (`src/publishing/`). */
export const HARNESS_ARCHIVE = 'worker-models-harness.tgz';

/** Joins the base path (with or without its trailing slash) and a path inside the site. */
export function withBase(base: string, path: string): string {
  return `${base.endsWith('/') ? base : `${base}/`}${path.replace(/^\//, '')}`;
}

/** The paths of a chart's permalink, embed page, images, CSV, chart data, dataset JSON and their sources. */
export function toChartUrls(base: string, chartId: string, datasetId: string): ChartUrls {
  return {
    permalink: withBase(base, `charts/${chartId}/`),
    embed: withBase(base, `embed/${chartId}/`),
    image: withBase(base, `charts/${chartId}.png`),
    imageDark: withBase(base, `charts/${chartId}-dark.png`),
    csv: withBase(base, `charts/${chartId}.csv`),
    chartData: withBase(base, `charts/${chartId}.json`),
    dataset: withBase(base, `data/${datasetId}.json`),
    gallery: withBase(base, 'charts/'),
    schema: withBase(base, 'data/schema.json'),
    harness: withBase(base, `downloads/${HARNESS_ARCHIVE}`),
  };
}
