import { describe, expect, it } from 'vitest';
import { THEMES } from '../../../../src/charts/draw/themes.ts';
import type { ChartView } from '../../../../src/charts/model/chart-state.ts';
import { toChartConfig } from '../../../../src/charts/draw/to-chart-config.ts';
import { makeChartData } from '../../../support/chart-factory.ts';

const data = makeChartData({ metrics: ['throughput', 'p50'] }, [
  { model: 'gunicorn-sync', concurrency: 1, throughput: [1, 2, 3] },
  { model: 'gunicorn-sync', concurrency: 64, throughput: [4, 5, 6], p50: [null, null, null] },
  { model: 'uvicorn', concurrency: 1, throughput: [7, 8, 9] },
  { model: 'uvicorn', concurrency: 16, throughput: [10, 11, 12] },
]);
const view: ChartView = { metric: 'throughput', yScale: 'linear', hidden: [] };
const page = { standalone: false };

describe.each([
  {
    name: 'throughput, all series',
    view,
    expected: [
      [{ x: 1, y: 2, min: 1, max: 3 }, null, { x: 64, y: 5, min: 4, max: 6 }],
      [{ x: 1, y: 8, min: 7, max: 9 }, { x: 16, y: 11, min: 10, max: 12 }, null],
    ],
  },
  {
    name: 'p50, with a point that completed nothing',
    view: { ...view, metric: 'p50' as const },
    expected: [
      [{ x: 1, y: 10, min: 10, max: 10 }, null, null],
      [{ x: 1, y: 10, min: 10, max: 10 }, { x: 16, y: 10, min: 10, max: 10 }, null],
    ],
  },
])('toChartConfig: $name', ({ view, expected }) => {
  const config = toChartConfig(data, view, THEMES.light, page);
  it('has one dataset per series, aligned on the x values, with gaps as y: null', () => {
    const points = config.data.datasets.map((dataset) =>
      dataset.data.map((point) => (point.y === null ? null : point)),
    );
    const xs = config.data.datasets.map((dataset) => dataset.data.map((point) => point.x));
    expect(xs).toEqual([
      [1, 16, 64],
      [1, 16, 64],
    ]);
    expect(points.map((series) => [series[0], series[1], series[2]])).toEqual(
      expected.map((series) => [series[0], series[1] ?? null, series[2] ?? null]),
    );
  });
  it('never spans a gap', () => {
    expect(config.data.datasets.every((dataset) => dataset.spanGaps === false)).toBe(true);
  });
});

describe('toChartConfig options', () => {
  it('hides hidden series, switches the y scale and keeps the x scale of the definition', () => {
    const config = toChartConfig(
      data,
      { ...view, yScale: 'logarithmic', hidden: ['uvicorn'] },
      THEMES.dark,
      page,
    );
    expect(config.data.datasets.map((d) => d.hidden)).toEqual([false, true]);
    expect(config.options?.scales?.['y']?.type).toBe('logarithmic');
    expect(config.options?.scales?.['x']?.type).toBe('logarithmic');
  });

  it('labels the y axis with the metric and its unit', () => {
    const config = toChartConfig(data, { ...view, metric: 'p50' }, THEMES.light, page);
    expect(config.options?.scales?.['y']?.title).toMatchObject({ text: 'p50 latency (ms)' });
  });

  it('draws bounds as dashed lines after the series, with the throughput metric only', () => {
    const bounded = { ...data, bounds: [{ label: '1 server CPU x 1000 / 5 ms', value: 200 }] };
    const throughput = toChartConfig(bounded, view, THEMES.light, page).data.datasets;
    expect(throughput.map((d) => d.label)).toEqual([
      'gunicorn sync',
      'uvicorn',
      'Bound: 1 server CPU x 1000 / 5 ms',
    ]);
    expect(throughput[2]).toMatchObject({
      borderDash: [6, 4],
      data: [
        { x: 1, y: 200 },
        { x: 64, y: 200 },
      ],
    });
    const p50 = toChartConfig(bounded, { ...view, metric: 'p50' }, THEMES.light, page).data
      .datasets;
    expect(p50).toHaveLength(2);
  });

  it('uses theme colours', () => {
    const light = toChartConfig(data, view, THEMES.light, page);
    const dark = toChartConfig(data, view, THEMES.dark, page);
    expect(light.data.datasets[0]?.borderColor).not.toEqual(dark.data.datasets[0]?.borderColor);
    expect(dark.options?.color).toBe(THEMES.dark.text);
  });

  it('draws title, legend and an opaque background only for standalone images', () => {
    const onPage = toChartConfig(data, view, THEMES.light, page).options?.plugins;
    const image = toChartConfig(data, view, THEMES.dark, {
      standalone: true,
      attribution: 'Site · url',
    }).options?.plugins;
    expect([onPage?.legend?.display, onPage?.title?.display, onPage?.background]).toEqual([
      false,
      false,
      false,
    ]);
    expect([image?.legend?.display, image?.title?.display]).toEqual([true, true]);
    expect(image?.background).toMatchObject({
      color: THEMES.dark.background,
      footer: 'Site · url',
    });
  });
});

describe('toChartConfig on a categorical x (the route)', () => {
  const routes = makeChartData(
    { x: { field: 'dbRoute', label: 'Route' }, series: ['app', 'model'] },
    [
      { app: 'flask', model: 'gunicorn-gevent', dbRoute: 'direct' },
      { app: 'flask', model: 'gunicorn-gevent', dbRoute: 'pgbouncer' },
    ],
  );
  const x = toChartConfig(routes, view, THEMES.light, page).options?.scales?.['x'];

  it('leaves half a step of room each side of the categories', () => {
    expect([x?.min, x?.max]).toEqual([-0.5, 1.5]);
  });

  it('labels each position with its category', () => {
    const callback = x?.ticks?.callback as ((value: number) => string) | undefined;
    expect([0, 1].map((value) => callback?.(value))).toEqual([
      'straight to PostgreSQL',
      'through PgBouncer',
    ]);
  });
});
