/**
 * The chart registry resolved against the `datasets` content collection, once per build.
 * Pages and components get their chart data here and never read dataset files themselves.
 */
import { getCollection } from 'astro:content';
import type { BenchDataset } from '../../bench/schema.ts';
import { ChartError, describeDatasetFile } from '../model/chart-error.ts';
import { chartDefinitions } from '../registry.ts';
import {
  resolveCharts,
  type ResolvedChart,
  type ResolvedRegistry,
} from '../model/resolve-charts.ts';

let resolved: Promise<ResolvedRegistry> | undefined;

async function resolveRegistry(): Promise<ResolvedRegistry> {
  const entries = await getCollection('datasets');
  const datasets = new Map<string, BenchDataset>();
  for (const entry of entries) {
    if (entry.data.id !== entry.id) {
      throw new Error(
        `${describeDatasetFile(entry.id)}: field "id" is "${entry.data.id}" but the file name says "${entry.id}"`,
      );
    }
    datasets.set(entry.id, entry.data);
  }
  const registry = resolveCharts(chartDefinitions, datasets);
  for (const definition of registry.pending) {
    const problem = `${describeDatasetFile(definition.dataset)} is not recorded yet`;
    // Release builds set CHARTS_REQUIRE_DATA=1 so that no chart can silently wait for data.
    if (process.env['CHARTS_REQUIRE_DATA'] === '1') throw new ChartError(definition.id, problem);
    console.warn(`[charts] Chart "${definition.id}" is left out: ${problem}.`);
  }
  return registry;
}

/** Every chart whose dataset is recorded, in registry order (shared by all pages of a build). */
export async function loadCharts(): Promise<ResolvedRegistry> {
  // Resolve once per build; in dev, datasets can change under a running server.
  if (import.meta.env.DEV) return resolveRegistry();
  resolved ??= resolveRegistry();
  return resolved;
}

/**
 * One chart by id. Returns null when the chart exists but its dataset is not recorded yet;
 * throws when no chart has that id.
 */
export async function loadChart(id: string, usedBy: string): Promise<ResolvedChart | null> {
  const { charts, pending } = await loadCharts();
  const chart = charts.find((c) => c.definition.id === id);
  if (chart) return chart;
  if (pending.some((definition) => definition.id === id)) return null;
  const known = [...charts.map((c) => c.definition.id), ...pending.map((d) => d.id)].join(', ');
  throw new ChartError(
    id,
    `${usedBy} names a chart that src/charts/registry.ts does not declare (known: ${known})`,
  );
}

/** Static paths of the per-chart routes (permalink, embed, CSV): one page per drawable chart. */
export async function loadChartPaths() {
  const { charts } = await loadCharts();
  return charts.map((chart) => ({ params: { id: chart.definition.id }, props: { chart } }));
}
