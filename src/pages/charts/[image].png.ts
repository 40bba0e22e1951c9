/**
 * Build-time images of every chart in its default view (a log y axis where the data spans
 * orders of magnitude, as on the page), at stable URLs: `/charts/<id>.png` (light) and
 * `/charts/<id>-dark.png`, for blog posts, `og:image` and readers without JS. The other views
 * have images of their own (`[id]/[view].png.ts`); the page's "Download PNG" draws the
 * reader's own view.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { toDefaultView } from '../../charts/model/chart-state.ts';
import { loadCharts } from '../../charts/build/load-charts.ts';
import { renderChartPng } from '../../charts/build/render-chart-image.ts';
import type { ResolvedChart } from '../../charts/model/resolve-charts.ts';
import type { ThemeName } from '../../charts/draw/themes.ts';
import { attributeChart } from '../../publishing/chart-attribution.ts';

export const getStaticPaths = (async () => {
  const { charts } = await loadCharts();
  return charts.flatMap((chart) =>
    (['light', 'dark'] as const).map((theme) => ({
      params: { image: theme === 'light' ? chart.definition.id : `${chart.definition.id}-dark` },
      props: { chart, theme },
    })),
  );
}) satisfies GetStaticPaths;

interface Props {
  chart: ResolvedChart;
  theme: ThemeName;
}

export const GET: APIRoute<Props> = ({ props: { chart, theme }, site }) =>
  renderChartPng(
    chart.data,
    toDefaultView(chart.data),
    theme,
    attributeChart(chart, site, import.meta.env.BASE_URL),
  );
