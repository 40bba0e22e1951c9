import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  buildWrkArgv,
  buildWrkEnv,
  parseWrkReport,
  REPORT_LUA,
  runWrk,
} from '../../../../../harness/measure/wrk/wrk.ts';

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
    { name: 'a bad status count', stdout: line({ ...GOOD, statusCounts: { '200': 'many' } }) },
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

describe.each([
  { countSpread: false, countStatuses: false, env: {} },
  { countSpread: true, countStatuses: false, env: { BENCH_WRK_SPREAD: '1' } },
  { countSpread: false, countStatuses: true, env: { BENCH_WRK_STATUS: '1' } },
  {
    countSpread: true,
    countStatuses: true,
    env: { BENCH_WRK_SPREAD: '1', BENCH_WRK_STATUS: '1' },
  },
])('wrk with countSpread=$countSpread countStatuses=$countStatuses', (counts) => {
  it('loads report.lua and switches on only the counts asked for', () => {
    const argv = buildWrkArgv({
      url: 'http://127.0.0.1:1/db',
      connections: 4,
      durationS: 1,
      timeoutS: 2,
      clientCpus: [1],
      ...counts,
    });
    expect(argv[argv.indexOf('-s') + 1]).toBe(REPORT_LUA);
    expect(buildWrkEnv(counts)).toEqual(counts.env);
  });
});

it('parseWrkReport keeps the status counts', () => {
  const counts = { '200': 170, '503 pool-timeout': 10 };
  expect(parseWrkReport(line({ ...GOOD, statusCounts: counts })).statusCounts).toEqual(counts);
});

/**
 * A server that answers in turn: a 200 item, a JSON 503 pool-timeout, an HTML 500; each names
 * pid 7 and the client's port, as the apps do.
 */
async function startCyclingServer(): Promise<{ url: string; close(): void }> {
  const answers = [
    { status: 200, body: '{"id": 1, "name": "x"}' },
    { status: 503, body: '{"error": "pool-timeout", "detail": "PoolTimeout: x"}' },
    { status: 500, body: '<h1>Internal Server Error</h1>' },
  ];
  let next = 0;
  const server = createServer((request, response) => {
    const answer = answers[next++ % answers.length] ?? { status: 200, body: '' };
    response
      .writeHead(answer.status, {
        'content-type': 'application/json',
        'x-worker-pid': '7',
        'x-client-port': String(request.socket.remotePort),
      })
      .end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/db`, close: () => server.close() };
}

/** One second of wrk against the cycling server, counting what `counts` asks for. */
async function runCounting(counts: { countSpread?: boolean; countStatuses?: boolean }) {
  const server = await startCyclingServer();
  try {
    return await runWrk({
      url: server.url,
      connections: 2,
      durationS: 1,
      timeoutS: 2,
      clientCpus: [0],
      ...counts,
    });
  } finally {
    server.close();
  }
}

describe('report.lua under the real wrk', () => {
  it('counts every response by status, and by status and kind for JSON errors', async () => {
    const report = await runCounting({ countStatuses: true });
    const counts = report.statusCounts ?? {};
    expect(Object.keys(counts).sort()).toEqual(['200', '500', '503 pool-timeout']);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(report.requests);
    expect((counts['500'] ?? 0) + (counts['503 pool-timeout'] ?? 0)).toBe(report.errors.status);
    expect(report.spread).toBeUndefined();
  });

  it('counts the spread alone, without status counts', async () => {
    const report = await runCounting({ countSpread: true });
    expect(report.statusCounts).toBeUndefined();
    expect(report.spread?.connections.map(([, pid]) => pid)).toEqual(['7', '7']);
  });

  it('counts both at once, each over every response', async () => {
    const report = await runCounting({ countSpread: true, countStatuses: true });
    const byStatus = Object.values(report.statusCounts ?? {}).reduce((a, b) => a + b, 0);
    const byConnection = (report.spread?.connections ?? []).reduce((a, [n]) => a + n, 0);
    expect(byStatus).toBe(report.requests);
    expect(byConnection + (report.spread?.untagged ?? -1)).toBe(report.requests);
    expect(report.spread?.untagged).toBe(0);
  });

  it('counts nothing unless asked', async () => {
    const report = await runCounting({});
    expect(report.statusCounts).toBeUndefined();
    expect(report.spread).toBeUndefined();
  });
});
