import { describe, expect, it } from 'vitest';
import { toDefaultView } from '../../../src/charts/chart-state.ts';
import { describePoint, summarizeChart } from '../../../src/charts/describe-chart.ts';
import { readMeasured } from '../../../src/charts/read-measured.ts';
import { parseDefinition } from '../../../src/charts/resolve-charts.ts';
import { toCsv } from '../../../src/charts/to-csv.ts';
import { toChartData } from '../../../src/charts/to-chart-data.ts';
import { makeSyntheticDataset } from '../../support/bench-factory.ts';
import { catchMessage } from '../../support/catch-message.ts';

const data = toChartData(
  parseDefinition({
    id: 'test-sweep',
    title: 'Synthetic',
    dataset: 'synthetic',
    x: { field: 'concurrency', label: 'Connections' },
    series: ['model'],
    metrics: ['throughput', 'p50'],
    caption: 'Synthetic.',
  }),
  makeSyntheticDataset('synthetic', [
    { model: 'gunicorn-sync', concurrency: 1, throughput: [1000, 1500.5, 2000] },
    { model: 'uvicorn', concurrency: 1, throughput: [30] },
    { model: 'uvicorn', concurrency: 4, throughput: [40, 50, 60], noisy: true },
  ]),
);
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
      'Noisy: other processes used the CPU during this point',
    );
    expect(describePoint(data, 'throughput', 0, 1)).toEqual([
      'gunicorn sync · Connections: 4',
      'Throughput: not measured',
    ]);
  });

  it('summarizes the view from the data', () => {
    expect(summarizeChart(data, view)).toMatchInlineSnapshot(
      `"Throughput in req/s against Connections from 1 to 4, for 2 of 2 series: gunicorn sync; uvicorn. Highest median: 1,500.5 req/s (gunicorn sync, Connections: 1). Lowest median: 30 req/s (uvicorn, Connections: 1). Bars show the minimum and maximum over repetitions. Hollow markers are points measured while other processes used the CPU."`,
    );
    expect(summarizeChart(data, { ...view, hidden: ['gunicorn-sync'] })).toContain(
      'Highest median: 50 req/s (uvicorn',
    );
  });

  it('writes the visible series of the view as CSV, with gaps as empty cells', () => {
    expect(toCsv(data, { ...view, hidden: ['uvicorn'] })).toMatchInlineSnapshot(`
      "series,concurrency,throughput_rps_median,throughput_rps_min,throughput_rps_max,repetitions,throughput_rps_by_repetition,noisy,point_id
      gunicorn sync,1,1500.5,1000,2000,3,1000 1500.5 2000,false,gunicorn-sync/hello/c1/w1t1/s0
      gunicorn sync,4,,,,,,,
      "
    `);
  });
});

describe('readMeasured', () => {
  it('finds the referenced value', () => {
    const found = readMeasured(data, {
      chart: 'test-sweep',
      series: 'uvicorn',
      x: 4,
      metric: 'throughput',
    });
    expect([found.seriesLabel, found.value.median]).toEqual(['uvicorn', 50]);
  });

  it('resolves x="max" and x="min" to the series\' highest and lowest measured x', () => {
    const ref = { chart: 'test-sweep', series: 'gunicorn-sync', metric: 'throughput' };
    expect(readMeasured(data, { ...ref, x: 'max' }).x).toBe(1);
    expect(readMeasured(data, { ...ref, series: 'uvicorn', x: 'max' }).x).toBe(4);
    expect(readMeasured(data, { ...ref, series: 'uvicorn', x: 'min' }).x).toBe(1);
  });

  it('refuses references that match nothing, saying what would', () => {
    const refs = {
      'unknown metric': { series: 'uvicorn', x: 4, metric: 'p95' },
      'metric not in the chart': { series: 'uvicorn', x: 4, metric: 'memory' },
      'unknown series': { series: 'uvicron', x: 4, metric: 'throughput' },
      'unknown x': { series: 'uvicorn', x: 64, metric: 'throughput' },
      'a gap': { series: 'gunicorn-sync', x: 4, metric: 'throughput' },
    };
    const messages = Object.fromEntries(
      Object.entries(refs).map(([name, ref]) => [
        name,
        catchMessage(() => readMeasured(data, { chart: 'test-sweep', ...ref })),
      ]),
    );
    expect(messages).toMatchInlineSnapshot(`
      {
        "a gap": "ChartError: Chart "test-sweep": <Measured chart="test-sweep" series="gunicorn-sync" x={4} metric="throughput">: series "gunicorn-sync" has no throughput measurement at concurrency 4",
        "metric not in the chart": "ChartError: Chart "test-sweep": <Measured chart="test-sweep" series="uvicorn" x={4} metric="memory">: unknown metric "memory" (this chart has: throughput, p50)",
        "unknown metric": "ChartError: Chart "test-sweep": <Measured chart="test-sweep" series="uvicorn" x={4} metric="p95">: unknown metric "p95" (this chart has: throughput, p50)",
        "unknown series": "ChartError: Chart "test-sweep": <Measured chart="test-sweep" series="uvicron" x={4} metric="throughput">: unknown series (this chart has: gunicorn-sync, uvicorn)",
        "unknown x": "ChartError: Chart "test-sweep": <Measured chart="test-sweep" series="uvicorn" x={64} metric="throughput">: no concurrency 64 (this chart has: 1, 4)",
      }
    `);
  });
});
