/**
 * Checks the chart registry against the datasets that exist and builds every chart's data.
 * Pure: `load-charts.ts` feeds it the content collection; unit tests feed it factories.
 */
import type { BenchDataset } from '../../bench/schema.ts';
import { DATASET_IDS } from '../../bench/catalog.ts';
import {
  CheckedChartDefinitionSchema,
  type ChartDefinition,
  type ChartDefinitionInput,
} from './chart-definition.ts';
import { ChartError, describeDatasetFile } from './chart-error.ts';
import { toChartData, type ChartData } from './to-chart-data.ts';

/** A chart whose dataset is recorded: ready to draw. */
export interface ResolvedChart {
  definition: ChartDefinition;
  data: ChartData;
  dataset: BenchDataset;
}

/** What the registry resolves to: drawable charts, and charts whose dataset is not recorded yet. */
export interface ResolvedRegistry {
  charts: ResolvedChart[];
  /** Charts naming a known dataset that has no file yet (the harness has not recorded it). */
  pending: ChartDefinition[];
}

/** Parses one registry entry; a bad field fails with the chart id and the field path. */
export function parseDefinition(input: ChartDefinitionInput): ChartDefinition {
  const result = CheckedChartDefinitionSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(entry)'}: ${issue.message}`,
  );
  throw new ChartError(
    String(input.id),
    `bad definition in src/charts/registry.ts: ${problems.join('; ')}`,
  );
}

/**
 * Resolves the registry: every definition must be well-formed, have a unique id and name a
 * known dataset; charts of recorded datasets get their data built (which checks series,
 * metrics and filters). Throws the first `ChartError`.
 */
export function resolveCharts(
  inputs: readonly ChartDefinitionInput[],
  datasets: ReadonlyMap<string, BenchDataset>,
  knownDatasets: readonly string[] = DATASET_IDS,
): ResolvedRegistry {
  const charts: ResolvedChart[] = [];
  const pending: ChartDefinition[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    const definition = parseDefinition(input);
    if (seen.has(definition.id))
      throw new ChartError(definition.id, 'id is used by two charts in src/charts/registry.ts');
    seen.add(definition.id);
    const dataset = datasets.get(definition.dataset);
    if (dataset) {
      charts.push({ definition, data: toChartData(definition, dataset), dataset });
    } else if (knownDatasets.includes(definition.dataset)) {
      pending.push(definition);
    } else {
      throw new ChartError(
        definition.id,
        `dataset "${definition.dataset}" is unknown: no ${describeDatasetFile(definition.dataset)}, ` +
          `and the harness records none by that name (known: ${knownDatasets.join(', ')})`,
      );
    }
  }
  return { charts, pending };
}
