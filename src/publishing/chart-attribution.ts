/**
 * The line every picture of a chart carries (the page's canvas, its PNG download and the
 * build-time images): the site, the chart's permalink in a build for publishing (a local build
 * names no address, see site-address.ts) and the day the data was recorded.
 */
import { toChartUrls } from '../charts/model/chart-urls.ts';
import { toImageAttribution } from '../charts/model/cite-chart.ts';
import type { ResolvedChart } from '../charts/model/resolve-charts.ts';
import { siteConfig } from '../site.config.ts';
import { isPublicSite } from './site-address.ts';

/** The attribution of one chart in a build for `site` under `base`. */
export function attributeChart(
  { data, dataset }: ResolvedChart,
  site: URL | undefined,
  base: string,
): string {
  const path = toChartUrls(base, data.id, data.dataset).permalink;
  const permalink = isPublicSite(site) ? new URL(path, site).href : null;
  return toImageAttribution(siteConfig.title, permalink, dataset.environment.date);
}
