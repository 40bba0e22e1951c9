/**
 * Checks every registry chart against synthetic datasets laid out on the harness's own point
 * grid (harness/scenarios/), so a chart that would not fit a scenario fails here, before
 * that scenario is recorded. The metric values are synthetic; only the grid is the harness's.
 */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../harness/system/models.ts';
import { buildScenarios, SCENARIO_IDS } from '../../../harness/scenarios/index.ts';
import { DATASET_IDS } from '../../../src/bench/catalog.ts';
import { chartDefinitions } from '../../../src/charts/registry.ts';
import { resolveCharts } from '../../../src/charts/model/resolve-charts.ts';
import type { BenchDataset } from '../../../src/bench/schema.ts';
import { makeSyntheticDataset } from '../../support/bench-factory.ts';

/** One server CPU, as bench-data/README.md says the recordings use. */
const serverCpuCount = 1;

function makeGridDatasets(): Map<string, BenchDataset> {
  const scenarios = buildScenarios(SCENARIO_IDS, { models: MODELS, serverCpuCount });
  return new Map(
    scenarios.map((scenario) => [scenario.id, makeSyntheticDataset(scenario.id, scenario.points)]),
  );
}

describe("the registry on the harness's point grid", () => {
  it('knows every scenario the harness records', () => {
    expect([...DATASET_IDS].sort()).toEqual([...SCENARIO_IDS].sort());
  });

  it('resolves every chart without a missing filter value, a clash or a bad bound', () => {
    const { charts, pending } = resolveCharts(chartDefinitions, makeGridDatasets());
    expect(pending).toEqual([]);
    expect(charts.map((chart) => chart.definition.id)).toEqual(chartDefinitions.map((d) => d.id));
    for (const { data } of charts) expect(data.series.length, data.id).toBeGreaterThan(0);
  });

  it('fills no title or subtitle with a word twice in a row (a placeholder carries its unit)', () => {
    const { charts } = resolveCharts(chartDefinitions, makeGridDatasets());
    for (const { data } of charts) {
      for (const text of [data.title, data.subtitle]) {
        expect(/\b(\w+)\s+\1\b/i.exec(text)?.[0], `${data.id}: ${text}`).toBeUndefined();
      }
    }
  });
});
