/**
 * Every scenario, loaded from its file (`<id>.ts` in this folder, exporting `scenario`): one per
 * dataset of the catalog (src/bench/catalog.ts), in its order, and the quick smoke recordings.
 * Adding a scenario is adding its file and its catalog entry; nothing here changes.
 */
import { DATASET_IDS, findDataset, RECORDED_DATASET_IDS } from '../../src/bench/catalog.ts';
import type { ScenarioContext, ScenarioDefinition, ScenarioSpec } from './scenario.ts';

/** The scenarios of the charted datasets (the catalog's `DATASETS`). */
export const SCENARIO_IDS: readonly string[] = DATASET_IDS;

/**
 * Every scenario that records a committed dataset, charted or pending (the catalog's
 * `PENDING_DATASETS`), in the order `npm run bench` records them.
 */
export const RECORDED_SCENARIO_IDS: readonly string[] = RECORDED_DATASET_IDS;

/** Smoke recordings for tests, never committed: `--quick` records the first. */
export const QUICK_SCENARIO_IDS: readonly string[] = [
  'quick',
  'quick-services',
  'quick-db',
  'quick-limits',
  'quick-open-loop',
];

async function loadScenario(id: string): Promise<ScenarioDefinition> {
  let module: { scenario?: ScenarioDefinition };
  try {
    module = (await import(`./${id}.ts`)) as { scenario?: ScenarioDefinition };
  } catch (error) {
    throw new Error(`scenario ${id} has no file harness/scenarios/${id}.ts that loads`, {
      cause: error,
    });
  }
  if (module.scenario?.id !== id)
    throw new Error(`harness/scenarios/${id}.ts must export const scenario with id "${id}"`);
  return module.scenario;
}

const SCENARIOS: ReadonlyMap<string, ScenarioDefinition> = new Map(
  (await Promise.all([...RECORDED_SCENARIO_IDS, ...QUICK_SCENARIO_IDS].map(loadScenario))).map(
    (s) => [s.id, s],
  ),
);

/** Build the named scenarios for the given context; drops those without points. */
export function buildScenarios(ids: readonly string[], ctx: ScenarioContext): ScenarioSpec[] {
  return ids
    .map((id) => {
      const scenario = SCENARIOS.get(id);
      if (!scenario)
        throw new Error(
          `unknown scenario ${JSON.stringify(id)}; known: ${RECORDED_SCENARIO_IDS.join(', ')}`,
        );
      const { kind, title } = scenario.entry ?? findDataset(id);
      return {
        id,
        kind,
        title,
        description: scenario.description,
        services: scenario.services?.(ctx) ?? [],
        settings: scenario.settings ?? {},
        points: scenario.build(ctx),
      };
    })
    .filter((s) => s.points.length > 0);
}
