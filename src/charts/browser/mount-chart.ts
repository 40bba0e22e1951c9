/**
 * Draws a chart on a page canvas and keeps it in step with the view and theme; also renders
 * PNG exports. Loaded with a dynamic import only when a chart nears the viewport, so Chart.js
 * never weighs on pages, or parts of pages, that do not show one.
 */
import type { Chart, TooltipModel } from 'chart.js';
import { EXPORT_SIZE } from '../draw/image-size.ts';
import { THEMES, type ThemeName } from '../draw/themes.ts';
import type { ChartView } from '../model/chart-state.ts';
import { describePoint } from '../model/describe-chart.ts';
import { registerChartJs } from '../draw/register-chartjs.ts';
import { listDrawnIndexes, toChartConfig, type LineConfig } from '../draw/to-chart-config.ts';
import type { ChartData } from '../model/to-chart-data.ts';
import { applyObjective } from '../model/sustainable-rate.ts';

/** A mounted chart. */
export interface MountedChart {
  /** Redraws with a new view or theme. */
  update(view: ChartView, theme: ThemeName): void;
  /** Moves the keyboard focus point: series (up/down) or x (left/right); shows its tooltip. */
  movePoint(dx: number, dy: number): void;
  /** Hides the tooltip and forgets the focus point. */
  clearPoint(): void;
  /** The underlying Chart.js instance (tests reach it through the element). */
  chart: Chart<'line'>;
  /** Removes the chart and its listeners. */
  destroy(): void;
}

function renderTooltip(
  element: HTMLElement,
  data: ChartData,
  view: ChartView,
  tooltip: TooltipModel<'line'>,
): void {
  const point = tooltip.dataPoints?.[0];
  // Bound lines come after the series and have no measurement to describe.
  if (tooltip.opacity === 0 || !point || point.datasetIndex >= data.series.length) {
    element.hidden = true;
    return;
  }
  const shown = applyObjective(data, view.objectiveMs);
  // A series with x values of its own is drawn at its own points only: find the x of this one.
  const xIndex = listDrawnIndexes(shown, shown.series[point.datasetIndex])[point.dataIndex] ?? -1;
  const lines = describePoint(shown, view.metric, point.datasetIndex, xIndex);
  element.replaceChildren(
    ...lines.map((line, index) => {
      const row = document.createElement(index === 0 ? 'strong' : 'span');
      row.textContent = line;
      return row;
    }),
  );
  element.hidden = false;
  const { width } = element.parentElement?.getBoundingClientRect() ?? { width: 0 };
  // Keep the box inside the plot: flip to the left of the point on the right half.
  const left =
    tooltip.caretX > width / 2 ? tooltip.caretX - element.offsetWidth - 12 : tooltip.caretX + 12;
  element.style.left = `${Math.max(0, left)}px`;
  element.style.top = `${Math.max(0, tooltip.caretY - element.offsetHeight / 2)}px`;
}

/** Mounts a chart on `canvas`; the tooltip is drawn into `tooltipElement` as HTML. */
export function mountChart(
  canvas: HTMLCanvasElement,
  tooltipElement: HTMLElement,
  data: ChartData,
  initialView: ChartView,
  initialTheme: ThemeName,
): MountedChart {
  const Chart = registerChartJs();
  let view = initialView;
  let theme = initialTheme;
  let focus: { series: number; x: number } | null = null;
  const configure = (): LineConfig =>
    toChartConfig(data, view, THEMES[theme], {
      standalone: false,
      externalTooltip: ({ tooltip }) => renderTooltip(tooltipElement, data, view, tooltip),
    });
  const chart = new Chart(canvas, configure());

  const showFocus = () => {
    if (!focus) return;
    const index = listDrawnIndexes(data, data.series[focus.series]).indexOf(focus.x);
    const active = [{ datasetIndex: focus.series, index }];
    const element = chart.getDatasetMeta(focus.series).data[index];
    chart.setActiveElements(active);
    chart.tooltip?.setActiveElements(active, { x: element?.x ?? 0, y: element?.y ?? 0 });
    chart.update('none');
  };

  const visibleSeriesWithValue = (x: number) =>
    applyObjective(data, view.objectiveMs)
      .series.map((series, index) => ({ series, index }))
      .filter(({ series }) => !view.hidden.includes(series.key) && series.values[view.metric]?.[x]);

  return {
    chart,
    update(nextView, nextTheme) {
      view = nextView;
      theme = nextTheme;
      const next = configure();
      chart.data = next.data;
      chart.options = next.options ?? {};
      chart.update('none');
      if (focus) showFocus();
    },
    movePoint(dx, dy) {
      const xCount = data.x.values.length;
      const current = focus ?? { series: -1, x: 0 };
      const x = Math.min(Math.max(current.x + dx, 0), xCount - 1);
      const candidates = visibleSeriesWithValue(x);
      if (candidates.length === 0) return;
      const position = candidates.findIndex(({ index }) => index === current.series);
      const nextPosition =
        position < 0 ? 0 : (position + dy + candidates.length) % candidates.length;
      focus = { series: candidates[nextPosition]?.index ?? 0, x };
      showFocus();
    },
    clearPoint() {
      focus = null;
      chart.setActiveElements([]);
      chart.tooltip?.setActiveElements([], { x: 0, y: 0 });
      chart.update('none');
      tooltipElement.hidden = true;
    },
    destroy() {
      chart.destroy();
    },
  };
}

/** Renders the view as a standalone PNG (title, legend, attribution, opaque background, 2x). */
export async function renderChartPng(
  data: ChartData,
  view: ChartView,
  theme: ThemeName,
  attribution: string,
): Promise<Blob> {
  const Chart = registerChartJs();
  const canvas = document.createElement('canvas');
  canvas.width = EXPORT_SIZE.width;
  canvas.height = EXPORT_SIZE.height;
  const config = toChartConfig(data, view, THEMES[theme], { standalone: true, attribution });
  config.options = { ...config.options, devicePixelRatio: EXPORT_SIZE.pixelRatio };
  const chart = new Chart(canvas, config);
  try {
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))),
        'image/png',
      ),
    );
  } finally {
    chart.destroy();
  }
}
