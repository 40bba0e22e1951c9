/**
 * Chart data for the unit tests of the charts and the demos: a synthetic sweep chart, with any
 * field overridden per test, drawn from a synthetic dataset of `bench-factory.ts`.
 */
import type { ChartDefinitionInput } from '../../src/charts/model/chart-definition.ts';
import { parseDefinition } from '../../src/charts/model/resolve-charts.ts';
import { toChartData, type ChartData } from '../../src/charts/model/to-chart-data.ts';
import { makeSyntheticDataset, type SyntheticPoint } from './bench-factory.ts';

/** Throughput, p50 and memory against connections (log scale), one series per model. */
export const syntheticSweep: ChartDefinitionInput = {
  id: 'test-sweep',
  title: 'Synthetic sweep',
  dataset: 'synthetic',
  x: { field: 'concurrency', label: 'Connections', scale: 'logarithmic' },
  series: ['model'],
  metrics: ['throughput', 'p50', 'memory'],
  subtitle: 'A synthetic chart.',
  caption: 'Synthetic.',
};

/** The data of `syntheticSweep` with `overrides`, over a dataset "synthetic" of these points. */
export function makeChartData(
  overrides: Partial<ChartDefinitionInput>,
  points: SyntheticPoint[],
): ChartData {
  return toChartData(
    parseDefinition({ ...syntheticSweep, ...overrides }),
    makeSyntheticDataset('synthetic', points),
  );
}

/** Two models, a gap, a single repetition and a noisy point. */
export const describedChart = makeChartData(
  {
    title: 'Synthetic',
    x: { field: 'concurrency', label: 'Connections' },
    metrics: ['throughput', 'p50'],
  },
  [
    { model: 'gunicorn-sync', concurrency: 1, throughput: [1000, 1500.5, 2000] },
    { model: 'uvicorn', concurrency: 1, throughput: [30] },
    { model: 'uvicorn', concurrency: 4, throughput: [40, 50, 60], noisy: true },
  ],
);
