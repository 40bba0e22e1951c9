/**
 * Every chart's data as its figure draws it (`/charts/<id>.json`): the figure fetches it when it
 * nears the viewport instead of carrying it inline, so a page with a dozen charts does not parse
 * a dozen datasets' worth of JSON before anything else.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { loadChartPaths } from '../../charts/build/load-charts.ts';
import type { ResolvedChart } from '../../charts/model/resolve-charts.ts';

export const getStaticPaths = loadChartPaths satisfies GetStaticPaths;

interface Props {
  chart: ResolvedChart;
}

export const GET: APIRoute<Props> = ({ props }) =>
  new Response(JSON.stringify(props.chart.data), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
