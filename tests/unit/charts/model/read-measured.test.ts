import { describe, expect, it } from 'vitest';
import { readMeasured } from '../../../../src/charts/model/read-measured.ts';
import { describedChart as data } from '../../../support/chart-factory.ts';
import { catchMessage } from '../../../support/catch-message.ts';

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
