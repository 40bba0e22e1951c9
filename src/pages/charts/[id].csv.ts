/** Every chart's numbers as CSV (`/charts/<id>.csv`): every metric it can show, every series. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { loadChartPaths } from '../../charts/build/load-charts.ts';
import type { ResolvedChart } from '../../charts/model/resolve-charts.ts';
import { toCsv } from '../../charts/model/to-csv.ts';

export const getStaticPaths = loadChartPaths satisfies GetStaticPaths;

interface Props {
  chart: ResolvedChart;
}

export const GET: APIRoute<Props> = ({ props }) =>
  new Response(toCsv(props.chart.data, { hidden: [] }), {
    headers: { 'Content-Type': 'text/csv; charset=utf-8' },
  });
