import { describe, expect, it } from 'vitest';
import { toDefaultView } from '../../../../src/charts/model/chart-state.ts';
import { chooseYScale } from '../../../../src/charts/model/choose-y-scale.ts';
import { makeChartData } from '../../../support/chart-factory.ts';

describe('chooseYScale', () => {
  it.each([
    {
      name: 'a span of more than two orders of magnitude',
      values: [20, 60, 16_000],
      scale: 'logarithmic',
    },
    { name: 'exactly two orders of magnitude', values: [10, 1_000], scale: 'linear' },
    { name: 'a narrow span', values: [900, 1_000, 1_200], scale: 'linear' },
    {
      name: 'zeros and gaps, which a log axis cannot show',
      values: [0, null, 5, 400],
      scale: 'linear',
    },
    { name: 'zeros and gaps beside a wide span', values: [0, null, 5, 600], scale: 'logarithmic' },
    { name: 'all zeros', values: [0, 0, 0], scale: 'linear' },
    { name: 'one value', values: [42], scale: 'linear' },
    { name: 'nothing', values: [], scale: 'linear' },
  ])('gives $scale for $name', ({ values, scale }) => {
    expect(chooseYScale(values)).toBe(scale);
  });
});

describe('the view a chart opens on', () => {
  // sync at 20 req/s beside uvicorn at 16,000: the sweep-io shape that hid sync on a linear axis.
  const points = [
    { model: 'gunicorn-sync' as const, concurrency: 1, throughput: [19, 20, 21] },
    { model: 'uvicorn' as const, concurrency: 1, throughput: [15_000, 16_000, 17_000] },
  ];

  it('opens a metric that spans orders of magnitude on a log axis, the others on a linear one', () => {
    const data = makeChartData({ metrics: ['throughput', 'p50'] }, points);
    expect(data.yScales).toEqual({ throughput: 'logarithmic', p50: 'linear' });
    expect(toDefaultView(data).yScale).toBe('logarithmic');
  });

  it('keeps a scale the registry sets for every metric', () => {
    const data = makeChartData({ metrics: ['throughput', 'p50'], yScale: 'linear' }, points);
    expect(data.yScales).toEqual({ throughput: 'linear', p50: 'linear' });
  });
});
