import { describe, expect, it } from 'vitest';
import { toDefaultView } from '../../../../src/charts/model/chart-state.ts';
import {
  listImageViews,
  toChartUrls,
  toImageViewName,
  toViewImagePath,
  withBase,
} from '../../../../src/charts/model/chart-urls.ts';
import { makeChartData } from '../../../support/chart-factory.ts';

describe.each([
  { base: '/', expected: '/charts/sweep-io/' },
  { base: '/worker-models/', expected: '/worker-models/charts/sweep-io/' },
  { base: '/worker-models', expected: '/worker-models/charts/sweep-io/' },
])('chart URLs under base $base', ({ base, expected }) => {
  it('start with the base path, never at the root', () => {
    const urls = toChartUrls(base, 'sweep-io', 'sweep-io');
    expect(urls.permalink).toBe(expected);
    expect(Object.values(urls).every((url) => url.startsWith(withBase(base, '')))).toBe(true);
  });
});

describe('images of the views', () => {
  // Opens on throughput (linear: no spread to speak of), and has p50 and memory besides.
  const data = makeChartData({}, [
    { model: 'uvicorn', concurrency: 1 },
    { model: 'gunicorn-sync', concurrency: 4 },
  ]);
  const fallback = toDefaultView(data);

  it('cover every metric on both scales except the default view, which is the chart image', () => {
    const views = listImageViews(data);
    expect(views).toHaveLength(data.metrics.length * 2 - 1);
    expect(views).not.toContainEqual({ metric: fallback.metric, yScale: fallback.yScale });
    expect(new Set(views.map(toImageViewName)).size).toBe(views.length);
  });

  it('live inside the chart folder, named by metric and scale as in the page URL', () => {
    expect(toImageViewName({ metric: 'p50', yScale: 'logarithmic' })).toBe('p50-log');
    expect(
      toViewImagePath('/worker-models/', data, { metric: 'memory', yScale: 'linear', hidden: [] }),
    ).toBe('/worker-models/charts/test-sweep/memory-linear.png');
  });

  it('send the default view, with or without hidden series, to the chart image', () => {
    expect(toViewImagePath('/', data, fallback)).toBe('/charts/test-sweep.png');
    expect(toViewImagePath('/', data, { ...fallback, hidden: ['uvicorn'] })).toBe(
      '/charts/test-sweep.png',
    );
  });

  it('have a file for every path a view can ask for', () => {
    const files = new Set(
      listImageViews(data).map((view) => `/charts/test-sweep/${toImageViewName(view)}.png`),
    );
    for (const metric of data.metrics) {
      for (const yScale of ['linear', 'logarithmic'] as const) {
        const path = toViewImagePath('/', data, { metric, yScale, hidden: [] });
        expect(path === '/charts/test-sweep.png' || files.has(path), path).toBe(true);
      }
    }
  });
});
