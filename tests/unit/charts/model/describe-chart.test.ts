import { describe, expect, it } from 'vitest';
import { toDefaultView } from '../../../../src/charts/model/chart-state.ts';
import { describePoint, summarizeChart } from '../../../../src/charts/model/describe-chart.ts';
import { describedChart as data } from '../../../support/chart-factory.ts';

const view = toDefaultView(data);

describe('chart text', () => {
  it('describes a point with its exact median, unit, repetitions and spread', () => {
    expect(describePoint(data, 'throughput', 0, 0)).toEqual([
      'gunicorn sync · Connections: 1',
      'Throughput: 1,500.5 req/s (median)',
      '3 repetitions, min 1,000 – max 2,000 req/s',
      'Each repetition: 1,000 · 1,500.5 · 2,000 req/s',
    ]);
    expect(describePoint(data, 'throughput', 1, 1).at(-1)).toBe(
      'Noisy: in at least one repetition other work took the server’s CPU, or the CPU probe found the CPU slow',
    );
    expect(describePoint(data, 'throughput', 0, 1)).toEqual([
      'gunicorn sync · Connections: 4',
      'Throughput: not measured',
    ]);
  });

  it('summarizes the view from the data', () => {
    expect(summarizeChart(data, view)).toMatchInlineSnapshot(
      `"Throughput in req/s against Connections from 1 to 4, for 2 of 2 series: gunicorn sync; uvicorn. Highest median: 1,500.5 req/s (gunicorn sync, Connections: 1). Lowest median: 30 req/s (uvicorn, Connections: 1). Bars show the minimum and maximum over repetitions. Hollow markers are noisy points: in at least one repetition other work took the server’s CPU, or the CPU probe found the CPU slow."`,
    );
    expect(summarizeChart(data, { ...view, hidden: ['gunicorn-sync'] })).toContain(
      'Highest median: 50 req/s (uvicorn',
    );
  });
});
