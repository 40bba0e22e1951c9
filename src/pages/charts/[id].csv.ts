/** The default view of every chart as CSV (`/charts/<id>.csv`), for readers without JS. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { toDefaultView } from '../../charts/model/chart-state.ts';
import { loadChartPaths } from '../../charts/build/load-charts.ts';
import type { ResolvedChart } from '../../charts/model/resolve-charts.ts';
import { toCsv } from '../../charts/model/to-csv.ts';

export const getStaticPaths = loadChartPaths satisfies GetStaticPaths;

interface Props {
  chart: ResolvedChart;
}

export const GET: APIRoute<Props> = ({ props }) =>
  new Response(toCsv(props.chart.data, toDefaultView(props.chart.data)), {
    headers: { 'Content-Type': 'text/csv; charset=utf-8' },
  });
