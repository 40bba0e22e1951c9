/**
 * Where a chart's pages and files live, under the site's base path. Every link to a chart
 * comes from here, so the site works at `/` and at a sub-path alike.
 */
import { toDefaultView, type ChartView } from './chart-state.ts';
import type { ScaleType } from './chart-definition.ts';
import type { MetricId } from './metrics.ts';
import type { ChartData } from './to-chart-data.ts';

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

/** A view that has a build-time image of its own: a metric and a y scale, every series shown. */
export interface ImageView {
  metric: MetricId;
  yScale: ScaleType;
}

/** The file name part of a y scale, as in the page's URL parameter. */
const SCALE_NAMES: Record<ScaleType, string> = { linear: 'linear', logarithmic: 'log' };

const isDefaultImage = (data: ChartData, view: ImageView): boolean => {
  const fallback = toDefaultView(data);
  return view.metric === fallback.metric && view.yScale === fallback.yScale;
};

/**
 * Every metric and scale of a chart apart from its default view, which is `<id>.png`: the views
 * that get an image at `charts/<id>/<metric>-<scale>.png` (light theme).
 */
export function listImageViews(data: ChartData): ImageView[] {
  return data.metrics
    .flatMap((metric) => (['linear', 'logarithmic'] as const).map((yScale) => ({ metric, yScale })))
    .filter((view) => !isDefaultImage(data, view));
}

/** The name of one image view's file inside `charts/<id>/`, without `.png`: `<metric>-<linear|log>`. */
export const toImageViewName = (view: ImageView): string =>
  `${view.metric}-${SCALE_NAMES[view.yScale]}`;

/**
 * The build-time image (light theme) of a reader's view: its metric and scale, every series
 * shown, and a sustainable-rate chart at its default objective. The default view is the
 * chart's own image.
 */
export function toViewImagePath(base: string, data: ChartData, view: ChartView): string {
  return isDefaultImage(data, view)
    ? withBase(base, `charts/${data.id}.png`)
    : withBase(base, `charts/${data.id}/${toImageViewName(view)}.png`);
}
