import { describe, expect, it } from 'vitest';
import { estimateScenarioS } from '../../../../harness/run/estimate.ts';
import { OPEN_LOOP_DEFAULTS } from '../../../../harness/run/open-loop-plan.ts';
import type { PointSpec } from '../../../../harness/scenarios/scenario.ts';

const SETTINGS = {
  warmupS: 1,
  durationS: 3,
  repetitions: 3,
  wrkTimeoutS: 2,
  openLoop: { ...OPEN_LOOP_DEFAULTS, timeoutS: 2, windowFixedS: null },
};

const closed = (concurrency: number, model: PointSpec['model'] = 'uvicorn'): PointSpec => ({
  model,
  endpoint: 'cpu',
  endpointMs: 5,
  concurrency,
  workers: 1,
  threads: 1,
  slowClients: 0,
});
const open = (share: number): PointSpec => ({
  ...closed(1024),
  openLoop: {
    arrival: 'constant',
    share,
    capacity: { from: 'probe', concurrency: 4, estimateRps: 1000 },
  },
});

describe.each([
  // One server start (4 s) and 3 x (1 + 3 + 0.5) s per closed point.
  {
    name: 'two closed points on one server',
    points: [closed(1), closed(4)],
    seconds: 4 + 2 * 13.5,
  },
  {
    name: 'one closed point on each of two servers',
    points: [closed(1), closed(1, 'gunicorn-sync')],
    seconds: 2 * (4 + 13.5),
  },
  // The probe once (4.5 s); 500 req/s for 2 s windows (the floor): 3 x (1 + 1.5 + 2).
  { name: 'one open point below capacity', points: [open(0.5)], seconds: 4 + 4.5 + 3 * 4.5 },
  // At capacity the window's last requests and the server's backlog are waited for (+4 s).
  {
    name: 'two open points sharing a probe',
    points: [open(0.5), open(1)],
    seconds: 4 + 4.5 + 3 * 4.5 + 3 * 8.5,
  },
  // 10 000 req/s is beyond the generator: not measured, only its probe.
  { name: 'an open point beyond the generator', points: [open(10)], seconds: 4 + 4.5 },
])('estimateScenarioS: $name', ({ points, seconds }) => {
  it(`is ${seconds} s`, () => {
    expect(estimateScenarioS({ points }, SETTINGS)).toBeCloseTo(seconds, 6);
  });
});
