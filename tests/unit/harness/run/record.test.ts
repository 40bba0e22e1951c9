import { expect, it } from 'vitest';
import { recordScenario, type RecordContext } from '../../../../harness/run/record.ts';
import type { ScenarioSpec } from '../../../../harness/scenarios/scenario.ts';

it('recordScenario refuses open-loop points on several server starts before starting anything', async () => {
  const scenario = {
    id: 'open-loop',
    points: [
      {
        model: 'gunicorn-sync',
        endpoint: 'io',
        endpointMs: 50,
        concurrency: 1024,
        workers: 3,
        threads: 1,
        slowClients: 0,
        openLoop: {
          arrival: 'poisson',
          share: 0.5,
          capacity: { from: 'configuration', rps: 60, why: 'Little' },
        },
      },
    ],
    services: [],
  } as unknown as ScenarioSpec;
  // Only the settings are read before the refusal: nothing else is there to be started.
  const ctx = {
    settings: { seed: 1, serverStarts: 2, repetitions: 3 },
  } as unknown as RecordContext;
  await expect(recordScenario(scenario, ctx)).rejects.toThrow(
    'open-loop: open-loop points take their rates from capacities measured on one server start; record them with serverStarts 1, not 2',
  );
});
