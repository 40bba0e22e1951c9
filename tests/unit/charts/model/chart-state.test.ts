import { describe, expect, it } from 'vitest';
import {
  readView,
  toDefaultView,
  writeView,
  type ChartView,
} from '../../../../src/charts/model/chart-state.ts';
import { makeChartData } from '../../../support/chart-factory.ts';

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
