/** Every model beside slow (Slowloris) connections that never finish their requests. */
import { selectMainModels, withDefaults, type ScenarioDefinition } from './scenario.ts';

const SLOW_CLIENTS = 64;
const CONCURRENCY = 16;

export const scenario: ScenarioDefinition = {
  id: 'slow-clients',
  description: `Every model at its default worker count serving hello to ${CONCURRENCY} normal wrk connections, without and with ${SLOW_CLIENTS} slow connections that trickle request headers and never finish them. Workers that read requests themselves (sync, gthread threads) are tied up; event loops and greenlets are not. Hence gunicorn's advice to run sync workers behind a buffering proxy.`,
  build: (ctx) =>
    selectMainModels(ctx).flatMap((model) =>
      [0, SLOW_CLIENTS].map((slowClients) =>
        withDefaults(model, ctx, { endpoint: 'hello', concurrency: CONCURRENCY, slowClients }),
      ),
    ),
};
