import { describe, expect, it } from 'vitest';
import { toOpenLoopFields } from '../../../../harness/measure/open-loop-repetition.ts';
import type { OpenLoopReport } from '../../../../harness/measure/open-loop/report.ts';

const DIST = { p50: 52, p90: 55, p99: 70, p999: 80, max: 81, mean: 53 };

/** A generator report of 200 scheduled requests in 4 s, 3 of them failed; overridable. */
function makeReport(overrides: Partial<OpenLoopReport> = {}): OpenLoopReport {
  return {
    settings: {
      url: 'http://127.0.0.1:8000/io?ms=50',
      rateRps: 50,
      durationS: 4,
      warmupS: 1.5,
      timeoutS: 2,
      connections: 1024,
      arrival: 'poisson',
      seed: 11,
    },
    scheduled: 200,
    offeredRps: 50,
    sent: 199,
    completed: 197,
    completedInWindow: 199,
    achievedRps: 49.25,
    errors: { connect: 1, socket: 1, timeout: 1, other: 0, non2xx: 2 },
    outstandingAtEnd: 4,
    queued: 0,
    maxInFlight: 5,
    connectionsOpened: 198,
    latencyMs: DIST,
    serviceMs: { ...DIST, p50: 51 },
    sendLagMs: { p50: 0.1, p99: 0.9, max: 3 },
    histograms: { latency: 'HISTa', service: 'HISTb' },
    cpu: { userS: 0.2, systemS: 0.1, share: 0.075, wallS: 4 },
    ...overrides,
  };
}

const JUDGING = { lateSendLagMs: 5, saturatedCpuShare: 0.9 };

describe('toOpenLoopFields', () => {
  const fields = toOpenLoopFields(makeReport(), { seed: 11 }, JUDGING);

  it('fills the common fields as wrk would: answers in the window, their rate, latency, errors, client CPU', () => {
    expect(fields).toMatchObject({
      durationS: 4,
      requests: 199,
      throughputRps: 49.75,
      latencyMs: DIST,
      errors: { connect: 1, read: 1, write: 0, timeout: 1, non2xx: 2 },
      errorsTotal: 5,
      clientCpuCores: 0.075,
    });
  });

  it("keeps the generator's own numbers beside them", () => {
    expect(fields.openLoop).toMatchObject({
      rateRps: 50,
      seed: 11,
      warmupS: 1.5,
      connections: 1024,
      scheduled: 200,
      offeredRps: 50,
      completed: 197,
      achievedRps: 49.25,
      errors: { connect: 1, socket: 1, timeout: 1, other: 0, non2xx: 2 },
      serviceMs: { ...DIST, p50: 51 },
      generatorCpu: { userS: 0.2, systemS: 0.1, share: 0.075, wallS: 4 },
      generatorLate: false,
      generatorSaturated: false,
    });
  });

  it('nulls every percentile when nothing completed', () => {
    const none = toOpenLoopFields(
      makeReport({ completed: 0, achievedRps: 0, latencyMs: null, serviceMs: null }),
      { seed: 1 },
      JUDGING,
    );
    const nulls = { p50: null, p90: null, p99: null, p999: null, max: null, mean: null };
    expect(none.latencyMs).toEqual(nulls);
    expect(none.openLoop?.serviceMs).toEqual(nulls);
  });
});

// A 4 s window: the generator is late when its send lag p99 passes 5 ms, or when it saw the
// window more than 10 % shorter or longer than that (starved of CPU across an edge).
describe.each([
  { lagP99: 0.9, share: 0.3, wallS: 4.001, late: false, saturated: false },
  { lagP99: 5.1, share: 0.3, wallS: 4, late: true, saturated: false },
  { lagP99: 5, share: 0.9, wallS: 4, late: false, saturated: false },
  { lagP99: 1, share: 0.95, wallS: 4, late: false, saturated: true },
  { lagP99: 1, share: 0.3, wallS: 3.5, late: true, saturated: false },
  { lagP99: 1, share: 0.3, wallS: 0, late: true, saturated: false },
  { lagP99: 1, share: 0.3, wallS: 4.39, late: false, saturated: false },
])(
  'send lag p99 $lagP99 ms, CPU share $share, window seen as $wallS s',
  ({ lagP99, share, wallS, late, saturated }) => {
    it(`flags late ${late}, saturated ${saturated}`, () => {
      const report = makeReport({
        sendLagMs: { p50: 0.1, p99: lagP99, max: 9 },
        cpu: { userS: 1, systemS: 0, share, wallS },
      });
      const { openLoop } = toOpenLoopFields(report, { seed: 1 }, JUDGING);
      expect([openLoop?.generatorLate, openLoop?.generatorSaturated]).toEqual([late, saturated]);
    });
  },
);
