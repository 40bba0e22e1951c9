/**
 * The quick smoke recording with a service beside the server under test, for the tests of the
 * process-group machinery: a stand-in service starts first on the client CPUs, exports its
 * address into the server's environment, is measured per repetition and must not crash.
 */
import { fileServerGroup } from '../system/file-server.ts';
import { buildQuickPoints } from './quick.ts';
import type { ScenarioDefinition } from './scenario.ts';

export const scenario: ScenarioDefinition = {
  id: 'quick-services',
  // Not a committed dataset, so not in the catalog.
  entry: {
    id: 'quick-services',
    kind: 'concurrency-sweep',
    title: 'Quick smoke recording with a service',
    simulated: false,
  },
  description:
    "The quick recording's hello points, beside a stand-in service (Python's http.server on the client CPUs) that no app uses: a test of starting, measuring and stopping more than one process group.",
  services: () => [fileServerGroup({ placement: 'client' })],
  build: (ctx) => buildQuickPoints(ctx).filter((p) => p.endpoint === 'hello'),
};
