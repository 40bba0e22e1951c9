import { describe, expect, it } from 'vitest';
import { buildWrkArgv, parseWrkReport } from '../../../../../harness/measure/wrk/wrk.ts';

const GOOD = {
  requests: 180,
  durationUs: 3_000_000,
  bytes: 20_000,
  errors: { connect: 0, read: 1, write: 0, status: 2, timeout: 3 },
  latencyUs: {
    min: 50_100,
    max: 60_000,
    mean: 50_500.5,
    stdev: 10,
    p50: 50_400,
    p90: 51_000,
    p99: 55_000,
    p999: 59_000,
  },
  cpuTicks: 12,
};

const line = (data: unknown): string => `Running 3s test\nWRK_JSON ${JSON.stringify(data)}\n`;

describe.each([
  { name: 'a full report', stdout: line(GOOD), requests: 180, p99: 55_000 },
  {
    name: 'a report after other output',
    stdout: `noise\n${line(GOOD)}tail\n`,
    requests: 180,
    p99: 55_000,
  },
  {
    name: 'no completed request (wrk prints INT64 extremes)',
    stdout: line({
      ...GOOD,
      requests: 0,
      latencyUs: { ...GOOD.latencyUs, min: -9223372036854775808 },
    }),
    requests: 0,
    p99: null,
  },
  {
    name: 'answers that all came after --timeout (empty histogram)',
    stdout: line({
      ...GOOD,
      requests: 40,
      errors: { ...GOOD.errors, timeout: 40 },
      latencyUs: { ...GOOD.latencyUs, min: -9223372036854775808, max: 0 },
    }),
    requests: 40,
    p99: null,
  },
])('parseWrkReport: $name', ({ stdout, requests, p99 }) => {
  it('reads requests and latency', () => {
    const report = parseWrkReport(stdout);
    expect(report.requests).toBe(requests);
    expect(report.latencyUs?.p99 ?? null).toBe(p99);
  });
});

describe('parseWrkReport rejects bad output', () => {
  it.each([
    { name: 'no line', stdout: 'Running 1s test\n' },
    { name: 'not JSON', stdout: 'WRK_JSON {nope\n' },
    { name: 'no latency', stdout: line({ ...GOOD, latencyUs: undefined }) },
    { name: 'negative field', stdout: line({ ...GOOD, errors: { ...GOOD.errors, read: -1 } }) },
    { name: 'zero duration', stdout: line({ ...GOOD, durationUs: 0 }) },
  ])('$name', ({ stdout }) => {
    expect(() => parseWrkReport(stdout)).toThrow();
  });

  it('names the missing line', () => {
    expect(() => parseWrkReport('Running 1s test\n')).toThrowErrorMatchingInlineSnapshot(
      `[Error: wrk printed no WRK_JSON line (is harness/measure/wrk/report.lua loaded?); output was: "Running 1s test\\n"]`,
    );
  });

  it('names a bad field', () => {
    expect(() =>
      parseWrkReport(line({ ...GOOD, errors: { ...GOOD.errors, read: -1 } })),
    ).toThrowErrorMatchingInlineSnapshot(
      `[Error: wrk report field errors.read is not a non-negative number: -1]`,
    );
  });
});

describe.each([
  { connections: 1, cpus: [1], threads: '1' },
  { connections: 64, cpus: [1], threads: '1' },
  { connections: 64, cpus: [2, 3], threads: '2' },
  { connections: 1, cpus: [2, 3], threads: '1' },
])('buildWrkArgv c=$connections cpus=$cpus', ({ connections, cpus, threads }) => {
  it(`pins to the client CPUs and uses ${threads} thread(s)`, () => {
    const argv = buildWrkArgv({
      url: 'http://127.0.0.1:1/hello',
      connections,
      durationS: 3,
      timeoutS: 2,
      clientCpus: cpus,
    });
    expect(argv.slice(0, 3)).toEqual(['taskset', '-c', cpus.join(',')]);
    expect(argv[argv.indexOf('-t') + 1]).toBe(threads);
    expect(argv[argv.indexOf('-c', 3) + 1]).toBe(String(connections));
  });
});

it('buildWrkArgv refuses fractional seconds', () => {
  expect(() =>
    buildWrkArgv({
      url: 'http://127.0.0.1:1/',
      connections: 1,
      durationS: 1.5,
      timeoutS: 2,
      clientCpus: [1],
    }),
  ).toThrowErrorMatchingInlineSnapshot(`[Error: wrk takes whole seconds; got durationS=1.5]`);
});
