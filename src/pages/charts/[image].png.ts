/**
 * Build-time images of every chart in its default view, at stable URLs: `/charts/<id>.png`
 * (light) and `/charts/<id>-dark.png`, for blog posts, `og:image` and readers without JS.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import sharp from 'sharp';
import { toDefaultView } from '../../charts/model/chart-state.ts';
import { toChartUrls } from '../../charts/model/chart-urls.ts';
import { loadCharts } from '../../charts/build/load-charts.ts';
import { renderChartImage } from '../../charts/build/render-chart-image.ts';
import type { ResolvedChart } from '../../charts/model/resolve-charts.ts';
import type { ThemeName } from '../../charts/draw/themes.ts';
import { siteConfig } from '../../site.config.ts';

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

export const GET: APIRoute<Props> = async ({ props, site }) => {
  const { data, dataset } = props.chart;
  const permalink = new URL(
    toChartUrls(import.meta.env.BASE_URL, data.id, data.dataset).permalink,
    site,
  ).href;
  const attribution = `${siteConfig.title} · ${permalink} · recorded ${dataset.environment.date.slice(0, 10)}`;
  const drawn = await renderChartImage(data, toDefaultView(data), props.theme, attribution);
  // A chart has few colours, so a 256-colour palette (libimagequant) looks the same at about a
  // third of the bytes (170 KiB → 50 KiB): the gallery loads these on phones, and link previews
  // fetch them.
  const png = await sharp(drawn).png({ palette: true, quality: 90, effort: 4 }).toBuffer();
  // Copy into a plain ArrayBuffer: Response does not take a view over a shared buffer.
  const body = png.buffer.slice(png.byteOffset, png.byteOffset + png.byteLength) as ArrayBuffer;
  return new Response(body, { headers: { 'Content-Type': 'image/png' } });
};
