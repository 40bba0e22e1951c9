/**
 * Build-time images of every other view of every chart: each metric on each y scale, in the
 * light theme, every series shown (a sustainable-rate chart at its default objective), at
 * `/charts/<id>/<metric>-<linear|log>.png`. The chart page's image code points at the one of
 * the reader's view, so a blogger who switched to p99 on a log axis links that picture.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { toDefaultView } from '../../../charts/model/chart-state.ts';
import { loadCharts } from '../../../charts/build/load-charts.ts';
import { renderChartPng } from '../../../charts/build/render-chart-image.ts';
import {
  listImageViews,
  toImageViewName,
  type ImageView,
} from '../../../charts/model/chart-urls.ts';
import type { ResolvedChart } from '../../../charts/model/resolve-charts.ts';
import { attributeChart } from '../../../publishing/chart-attribution.ts';

export const getStaticPaths = (async () => {
  const { charts } = await loadCharts();
  return charts.flatMap((chart) =>
    listImageViews(chart.data).map((view) => ({
      params: { id: chart.definition.id, view: toImageViewName(view) },
      props: { chart, view },
    })),
  );
}) satisfies GetStaticPaths;

interface Props {
  chart: ResolvedChart;
  view: ImageView;
}

export const GET: APIRoute<Props> = ({ props: { chart, view }, site }) =>
  renderChartPng(
    chart.data,
    { ...toDefaultView(chart.data), ...view },
    'light',
    attributeChart(chart, site, import.meta.env.BASE_URL),
  );
