/**
 * The open-loop generator against real servers (Debian 12's gunicorn and uvicorn for
 * /usr/bin/python3, as CI installs them): one short point each, below capacity, checked for
 * consistency and physics only (no wall-clock speed), and for leaving nothing running.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOpenLoop } from '../../harness/measure/open-loop/run.ts';
import { runProbe } from '../../harness/run/preflight.ts';
import { findModel, type ProbeResult } from '../../harness/system/models.ts';
import { findMarkedProcesses, sleep } from '../../harness/system/processes.ts';
import { serverGroup } from '../../harness/system/server.ts';
import { createTarget } from '../../harness/system/target.ts';

const TARGET = createTarget('/usr/bin/python3', undefined);
const SERVER_CPUS = [0];
const CLIENT_CPUS = [1];
let probe: ProbeResult;

beforeAll(async () => {
  probe = await runProbe(TARGET, SERVER_CPUS, false);
}, 60_000);

afterAll(async () => {
  // Servers are stopped in each test; their groups may take a moment to disappear.
  for (let i = 0; i < 30 && findMarkedProcesses().length > 0; i++) await sleep(100);
  expect(findMarkedProcesses()).toEqual([]);
});

// 20 req/s of 50 ms waits: a third of the 60 req/s that gunicorn's 3 sync workers can carry,
// a sliver of uvicorn's event loop. Sync closes every connection; uvicorn keeps them.
describe.each([
  { model: 'gunicorn-sync', workers: 3, newConnectionPerRequest: true },
  { model: 'uvicorn', workers: 1, newConnectionPerRequest: false },
])(
  'open-loop point on $model, io?ms=50 at 20 req/s',
  ({ model, workers, newConnectionPerRequest }) => {
    it('is consistent: rate achieved, latency at least the wait, nothing lost or left', async () => {
      const server = await serverGroup({
        model: findModel(model),
        workers,
        threads: 1,
        probe,
        loopsPerMs: 1,
      }).start({
        target: TARGET,
        cpus: SERVER_CPUS,
        logDir: mkdtempSync(join(tmpdir(), 'open-loop-it-')),
        env: {},
      });
      let report;
      try {
        report = await runOpenLoop({
          url: `http://127.0.0.1:${server.port}/io?ms=50`,
          rateRps: 20,
          durationS: 3,
          warmupS: 1,
          clientCpus: CLIENT_CPUS,
        });
      } finally {
        await server.stop();
      }
      expect(report.scheduled).toBe(60);
      expect(report.completed).toBe(60);
      expect(report.errors).toEqual({ connect: 0, socket: 0, timeout: 0, other: 0, non2xx: 0 });
      // The achieved rate counts the window's own requests answered in time: every one was.
      expect(report.achievedRps).toBe(report.offeredRps);
      const latency = report.latencyMs;
      const service = report.serviceMs;
      if (!latency || !service) throw new Error('no latencies although requests completed');
      expect(service.p50).toBeGreaterThanOrEqual(50);
      // Each request's latency includes its service time, so every percentile does too (the
      // histogram rounds each to 3 significant digits).
      for (const key of ['p50', 'p90', 'p99', 'p999', 'max', 'mean'] as const) {
        expect(latency[key]).toBeGreaterThanOrEqual(service[key] * 0.999);
      }
      if (newConnectionPerRequest) {
        expect(report.connectionsOpened).toBeGreaterThanOrEqual(
          report.scheduled - report.outstandingAtEnd - 1,
        );
      } else {
        expect(report.connectionsOpened).toBeLessThanOrEqual(report.maxInFlight);
      }
      expect(report.cpu.share).toBeGreaterThan(0);
      expect(report.cpu.share).toBeLessThan(1);
    }, 60_000);
  },
);
