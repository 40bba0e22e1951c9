/**
 * Registers exactly the Chart.js pieces the benchmark charts use (lines, and the bars of the
 * sustainable-rate charts), once. Importing named parts
 * instead of `chart.js/auto` lets the bundler drop every other controller, scale and plugin.
 * See https://www.chartjs.org/docs/latest/getting-started/integration.html#bundlers-webpack-rollup-etc
 */
import {
  BarController,
  BarElement,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  SubTitle,
  Title,
  Tooltip,
} from 'chart.js';
import { backgroundPlugin, errorBarsPlugin } from './chart-plugins.ts';

let registered = false;

/** Registers the chart parts (idempotent) and returns Chart.js's `Chart`. */
export function registerChartJs(): typeof Chart {
  if (!registered) {
    Chart.register(
      BarController,
      BarElement,
      LineController,
      LineElement,
      PointElement,
      LinearScale,
      LogarithmicScale,
      Legend,
      Title,
      SubTitle,
      Tooltip,
      errorBarsPlugin,
      backgroundPlugin,
    );
    registered = true;
  }
  return Chart;
}
