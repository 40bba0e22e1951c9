/**
 * Build-time images of every chart in its default view (a log y axis where the data spans
 * orders of magnitude, as on the page), at stable URLs: `/charts/<id>.png` (light) and
 * `/charts/<id>-dark.png`, for blog posts, `og:image` and readers without JS. The page's
 * "Download PNG" draws the reader's own view.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import sharp from 'sharp';
import { toDefaultView } from '../../charts/model/chart-state.ts';
import { toChartUrls } from '../../charts/model/chart-urls.ts';
import { loadCharts } from '../../charts/build/load-charts.ts';
import { renderChartImage } from '../../charts/build/render-chart-image.ts';
import type { ResolvedChart } from '../../charts/model/resolve-charts.ts';
import type { ThemeName } from '../../charts/draw/themes.ts';
import { toImageAttribution } from '../../charts/model/cite-chart.ts';
import { isPublicSite } from '../../publishing/site-address.ts';
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
  const path = toChartUrls(import.meta.env.BASE_URL, data.id, data.dataset).permalink;
  const permalink = isPublicSite(site) ? new URL(path, site).href : null;
  const attribution = toImageAttribution(siteConfig.title, permalink, dataset.environment.date);
  const drawn = await renderChartImage(data, toDefaultView(data), props.theme, attribution);
  // A chart has few colours, so a 256-colour palette (libimagequant) looks the same at about a
  // third of the bytes (170 KiB → 50 KiB): the gallery loads these on phones, and link previews
  // fetch them.
  const png = await sharp(drawn).png({ palette: true, quality: 90, effort: 4 }).toBuffer();
  // Copy into a plain ArrayBuffer: Response does not take a view over a shared buffer.
  const body = png.buffer.slice(png.byteOffset, png.byteOffset + png.byteLength) as ArrayBuffer;
  return new Response(body, { headers: { 'Content-Type': 'image/png' } });
};
