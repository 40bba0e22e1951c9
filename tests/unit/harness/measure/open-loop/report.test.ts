import { describe, expect, it } from 'vitest';
import {
  parseOpenLoopReport,
  type OpenLoopReport,
} from '../../../../../harness/measure/open-loop/report.ts';

const DIST = { p50: 50.3, p90: 51, p99: 55, p999: 58, max: 58.2, mean: 50.6 };

/** A consistent report of 600 window requests, 3 of them timed out; overridable per test. */
function makeReport(overrides: Record<string, unknown> = {}): OpenLoopReport {
  return {
    settings: {
      url: 'http://127.0.0.1:8000/io?ms=50',
      rateRps: 200,
      durationS: 3,
      warmupS: 1,
      timeoutS: 2,
      connections: 256,
      arrival: 'constant',
      seed: 1,
    },
    scheduled: 600,
    offeredRps: 200,
    sent: 600,
    completed: 597,
    completedInWindow: 590,
    achievedRps: 199,
    errors: { connect: 0, socket: 0, timeout: 3, other: 0, non2xx: 1 },
    outstandingAtEnd: 10,
    queued: 0,
    maxInFlight: 12,
    connectionsOpened: 0,
    latencyMs: DIST,
    serviceMs: DIST,
    sendLagMs: { p50: 0.3, p99: 1.2, max: 3 },
    histograms: { latency: 'HISTFAAAA', service: 'HISTFAAAB' },
    cpu: { userS: 0.2, systemS: 0.05, share: 0.083, wallS: 3 },
    ...overrides,
  } as OpenLoopReport;
}

const line = (data: unknown): string => `${JSON.stringify(data)}\n`;

describe.each([
  { name: 'a full report', stdout: line(makeReport()), completed: 597 },
  { name: 'surrounded by blank lines', stdout: `\n${line(makeReport())}\n\n`, completed: 597 },
  {
    name: 'nothing completed (latencies null)',
    stdout: line(
      makeReport({
        sent: 0,
        completed: 0,
        achievedRps: 0,
        errors: { connect: 600, socket: 0, timeout: 0, other: 0, non2xx: 0 },
        latencyMs: null,
        serviceMs: null,
        histograms: { latency: null, service: null },
      }),
    ),
    completed: 0,
  },
])('parseOpenLoopReport: $name', ({ stdout, completed }) => {
  it('reads it', () => expect(parseOpenLoopReport(stdout).completed).toBe(completed));
});

describe('parseOpenLoopReport rejects a bad report, saying why', () => {
  it.each([
    { name: 'no line', stdout: '', message: 'must print exactly one report line, printed 0' },
    {
      name: 'two lines',
      stdout: `warning: something\n${line(makeReport())}`,
      message: 'printed 2',
    },
    { name: 'not JSON', stdout: '{"scheduled": \n', message: 'open-loop report is not JSON' },
    {
      name: 'a missing field',
      stdout: line({ ...makeReport(), cpu: undefined }),
      message: 'cpu: Invalid input',
    },
    {
      name: 'a negative count',
      stdout: line(makeReport({ sent: -1 })),
      message: 'sent: Too small',
    },
    {
      name: 'a fractional count',
      stdout: line(makeReport({ queued: 1.5 })),
      message: 'queued: Invalid input: expected int',
    },
    {
      name: 'an unknown field',
      stdout: line(makeReport({ extra: 1 })),
      message: 'Unrecognized key: "extra"',
    },
    {
      name: 'requests unaccounted for',
      stdout: line(makeReport({ completed: 590 })),
      message: 'completed + connect + socket + timeout + other errors = 593, but scheduled = 600',
    },
    {
      name: 'latencies without completions',
      stdout: line(
        makeReport({
          completed: 0,
          errors: { connect: 0, socket: 0, timeout: 600, other: 0, non2xx: 0 },
        }),
      ),
      message: 'latencyMs must be null exactly when nothing completed',
    },
    {
      name: 'histograms without completions',
      stdout: line(
        makeReport({
          completed: 0,
          achievedRps: 0,
          errors: { connect: 0, socket: 0, timeout: 600, other: 0, non2xx: 0 },
          latencyMs: null,
          serviceMs: null,
        }),
      ),
      message: 'histograms must be null exactly when nothing completed',
    },
    {
      name: 'an achieved rate that is not completed / durationS',
      stdout: line(makeReport({ achievedRps: 196.7 })),
      message: 'achievedRps 196.7 is not completed / durationS = 199',
    },
    {
      name: 'more in flight than connections',
      stdout: line(makeReport({ maxInFlight: 300 })),
      message: 'maxInFlight exceeds connections',
    },
  ])('$name', ({ stdout, message }) => {
    expect(() => parseOpenLoopReport(stdout)).toThrow(message);
  });

  it('lists every bad field', () => {
    expect(() =>
      parseOpenLoopReport(line(makeReport({ sent: 'many', latencyMs: { ...DIST, p99: -1 } }))),
    ).toThrowErrorMatchingInlineSnapshot(`
      [Error: open-loop report has bad fields:
        sent: Invalid input: expected number, received string
        latencyMs.p99: Too small: expected number to be >=0]
    `);
  });
});
