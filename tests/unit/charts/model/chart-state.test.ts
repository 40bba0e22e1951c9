import { describe, expect, it } from 'vitest';
import {
  findViewProblems,
  readObjective,
  readView,
  toDefaultView,
  writeView,
  type ChartView,
} from '../../../../src/charts/model/chart-state.ts';
import { makeChartData } from '../../../support/chart-factory.ts';
import { makeOpenLoopChart, sustainableChart } from '../../../support/open-loop-charts.ts';

const data = makeChartData(
  {
    title: 'Synthetic',
    x: { field: 'concurrency', label: 'Connections' },
    metrics: ['throughput', 'p99'],
  },
  [{ model: 'uvicorn' }, { model: 'gunicorn-sync' }, { model: 'gunicorn-gevent' }],
);

describe.each<{ name: string; view: ChartView; query: string }>([
  { name: 'the default view', view: toDefaultView(data), query: '' },
  {
    name: 'another metric',
    view: { metric: 'p99', yScale: 'linear', hidden: [] },
    query: 'test-sweep-metric=p99',
  },
  {
    name: 'log scale and hidden series',
    view: { metric: 'throughput', yScale: 'logarithmic', hidden: ['gunicorn-sync', 'uvicorn'] },
    query: 'test-sweep-scale=log&test-sweep-hide=gunicorn-sync%2Cuvicorn',
  },
])('the URL of $name', ({ view, query }) => {
  it('is written without defaults and read back to the same view', () => {
    const params = writeView(data, view, new URLSearchParams('other=1'));
    expect(params.toString()).toBe(query ? `other=1&${query}` : 'other=1');
    expect(readView(data, params)).toEqual(view);
  });
});

describe('readView', () => {
  it('ignores values that do not fit the chart', () => {
    const params = new URLSearchParams(
      'test-sweep-metric=memory&test-sweep-scale=cubic&test-sweep-hide=nope,uvicorn',
    );
    expect(readView(data, params)).toEqual({
      metric: 'throughput',
      yScale: 'linear',
      hidden: ['uvicorn'],
    });
  });
});

describe('the p99 objective of a sustainable-rate chart', () => {
  const bars = makeOpenLoopChart(sustainableChart, [{ share: 0.5 }, { share: 1 }]);

  it.each([
    { objectiveMs: 100, query: '' },
    { objectiveMs: 250, query: 'test-sustainable-p99=250' },
    { objectiveMs: 12.5, query: 'test-sustainable-p99=12.5' },
  ])('is written as $query (default left out) and read back', ({ objectiveMs, query }) => {
    const view = { ...toDefaultView(bars), objectiveMs };
    const params = writeView(bars, view, new URLSearchParams());
    expect(params.toString()).toBe(query);
    expect(readView(bars, params)).toEqual(view);
    expect(findViewProblems(bars, params)).toEqual([]);
  });

  it.each(['abc', '0', '-5', '2001', '1e3', '', ' ', '100ms', 'Infinity', 'NaN'])(
    'falls back to the default for %j and says why',
    (text) => {
      const params = new URLSearchParams({ 'test-sustainable-p99': text });
      expect(readView(bars, params).objectiveMs).toBe(100);
      expect(findViewProblems(bars, params)).toEqual([
        `This link's p99 objective ${JSON.stringify(text)} is not a number of ms from 1 to 2000 (the timeout); showing 100 ms.`,
      ]);
    },
  );

  it('accepts the ends of its range, as typed by a reader', () => {
    expect(readObjective(bars, '1')).toEqual({ ok: true, objectiveMs: 1 });
    expect(readObjective(bars, ' 2000 ')).toEqual({ ok: true, objectiveMs: 2000 });
  });

  it('is absent from every other chart, whatever the URL says', () => {
    const params = new URLSearchParams('test-sweep-p99=abc');
    expect(readView(data, params)).not.toHaveProperty('objectiveMs');
    expect(findViewProblems(data, params)).toEqual([]);
    expect(writeView(data, { ...toDefaultView(data), objectiveMs: 5 }, params).toString()).toBe(
      'test-sweep-p99=abc',
    );
  });
});
