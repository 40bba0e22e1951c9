import { describe, expect, it } from 'vitest';
import { resolveCharts } from '../../../../src/charts/model/resolve-charts.ts';
import type { ChartDefinitionInput } from '../../../../src/charts/model/chart-definition.ts';
import { chartDefinitions } from '../../../../src/charts/registry.ts';
import { DATASET_IDS } from '../../../../src/bench/catalog.ts';
import { makeSyntheticDataset } from '../../../support/bench-factory.ts';
import { catchMessage } from '../../../support/catch-message.ts';

const base: ChartDefinitionInput = {
  id: 'test-chart',
  title: 'Synthetic',
  dataset: 'synthetic',
  x: { field: 'concurrency', label: 'Connections' },
  series: ['model'],
  metrics: ['throughput'],
  subtitle: 'A synthetic chart.',
  caption: 'Synthetic.',
};
const datasets = new Map([['synthetic', makeSyntheticDataset('synthetic', [{ concurrency: 1 }])]]);
const known = ['synthetic', 'not-recorded'];

describe('resolveCharts', () => {
  it('builds charts of recorded datasets and sets aside those still waiting for data', () => {
    const { charts, pending } = resolveCharts(
      [base, { ...base, id: 'waiting', dataset: 'not-recorded' }],
      datasets,
      known,
    );
    expect(charts.map((c) => c.definition.id)).toEqual(['test-chart']);
    expect(pending.map((d) => d.id)).toEqual(['waiting']);
  });

  it('fills in defaults from the definition schema', () => {
    const [chart] = resolveCharts([base], datasets, known).charts;
    expect(chart?.definition).toMatchObject({
      where: [],
      x: { scale: 'linear' },
    });
  });

  const refusals: Record<string, ChartDefinitionInput[]> = {
    'an unknown dataset': [{ ...base, dataset: 'sweep-oi' }],
    'an unknown metric': [{ ...base, metrics: ['throughput', 'p95' as never] }],
    'an unknown series field': [{ ...base, series: ['colour' as never] }],
    'a categorical x axis': [{ ...base, x: { field: 'model' as never, label: 'Model' } }],
    'a duplicate id': [base, base],
    'a typed number in the subtitle': [{ ...base, subtitle: 'Sync serves 3 requests at once.' }],
    'a subtitle placeholder that names nothing': [{ ...base, subtitle: 'With {colour}.' }],
  };

  it('stops on bad definitions with the chart, the file and the field', () => {
    const messages = Object.fromEntries(
      Object.entries(refusals).map(([name, inputs]) => [
        name,
        catchMessage(() => resolveCharts(inputs, datasets, known)),
      ]),
    );
    expect(messages).toMatchInlineSnapshot(`
      {
        "a categorical x axis": "ChartError: Chart "test-chart": bad definition in src/charts/registry.ts: x.field: Invalid option: expected one of "concurrency"|"workers"|"threads"|"slowClients"|"endpointMs"|"poolSize"|"offeredRps"|"share"|"closedConnections"|"dbRoute"|"endpoint"|"app"|"load"|"cpuLimit"|"appLoading"|"maxRequests"",
        "a duplicate id": "ChartError: Chart "test-chart": id is used by two charts in src/charts/registry.ts",
        "a subtitle placeholder that names nothing": "ChartError: Chart "test-chart": subtitle placeholder {colour} is unknown (use {field}, {field@model}, {field.min}, {field.max} with a field of concurrency, workers, threads, slowClients, endpointMs, poolSize, or {serverCpus})",
        "a typed number in the subtitle": "ChartError: Chart "test-chart": bad definition in src/charts/registry.ts: subtitle: has a number outside a {placeholder}: numbers must come from the dataset",
        "an unknown dataset": "ChartError: Chart "test-chart": dataset "sweep-oi" is unknown: no bench-data/sweep-oi.json, and the harness records none by that name (known: synthetic, not-recorded)",
        "an unknown metric": "ChartError: Chart "test-chart": bad definition in src/charts/registry.ts: metrics.1: Invalid option: expected one of "throughput"|"p50"|"p99"|"errors"|"memory"|"idleMemory"|"rss"|"cpu"|"cpuSlowdown"|"betweenRuns"|"withinRuns"|"okThroughput"|"dbConnections"|"poolTimeouts"|"dbRefused"|"dbCpu"|"p999"|"maxLatency"|"serviceP99"|"achievedRps"|"failed"|"outstanding"|"sustainableRps"|"throttledTime"|"throttledPeriods"|"oomKills"|"processesStarted"|"busiestWorkerConnections"|"unansweredConnections"|"spreadBound"|"spreadBoundReached"|"evennessWithinWorkers"|"evennessAcrossWorkers"",
        "an unknown series field": "ChartError: Chart "test-chart": bad definition in src/charts/registry.ts: series.0: Invalid option: expected one of "model"|"endpoint"|"load"|"app"|"dbAccess"|"dbConnections"|"dbRoute"|"cpuLimit"|"appLoading"|"maxRequests"|"concurrency"|"workers"|"threads"|"slowClients"|"endpointMs"|"poolSize"|"offeredRps"|"share"|"closedConnections"",
      }
    `);
  });
});

describe('the registry', () => {
  it('names only datasets the harness records, and covers every one of them', () => {
    const named = new Set(chartDefinitions.map((d) => d.dataset));
    expect([...named].filter((id) => !(DATASET_IDS as readonly string[]).includes(id))).toEqual([]);
    expect(DATASET_IDS.filter((id) => !named.has(id))).toEqual([]);
  });

  it('parses, with unique ids, when every dataset is still waiting', () => {
    const { pending } = resolveCharts(chartDefinitions, new Map());
    expect(pending).toHaveLength(chartDefinitions.length);
  });
});
