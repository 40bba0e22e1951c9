import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BenchDatasetSchema, type BenchPoint } from '../../../src/bench/schema.ts';

/*
 * The "In production" pages (content/production/) say things about the committed
 * `cpu-limits`, `framework-memory` and `memory-limit` datasets that no <Measured> can carry:
 * what Python reported inside the container, that a quota never throttled a waiting endpoint,
 * that a server was gone at the end of every window, which kind of error wrk saw. This checks
 * each sentence against the datasets, so a re-recording that changes the picture fails here and
 * points at the paragraph.
 */
function readDataset(id: string) {
  const url = new URL(`../../../bench-data/${id}.json`, import.meta.url);
  return BenchDatasetSchema.parse(JSON.parse(readFileSync(url, 'utf8')));
}

const cpuLimits = readDataset('cpu-limits');
const frameworkMemory = readDataset('framework-memory');
const memoryLimit = readDataset('memory-limit');

const serverMetric = (point: BenchPoint, name: string): number[] =>
  point.repetitions.map((r) => r.groups?.['server']?.metrics[name] ?? NaN);

function findPoint(points: BenchPoint[], match: (p: BenchPoint) => boolean, what: string) {
  const point = points.find(match);
  if (!point) throw new Error(`no point: ${what}`);
  return point;
}

describe('cpu-limits (Containers and CPU limits)', () => {
  it("Python's CPU counts: the machine's for cpu_count(), the pinning for process_cpu_count()", () => {
    for (const server of cpuLimits.servers) {
      const view = server.runtime['containerView'] as Record<string, number>;
      expect(view['os.cpu_count()'], server.id).toBe(cpuLimits.environment.cpuCount);
      expect(view['multiprocessing.cpu_count()'], server.id).toBe(cpuLimits.environment.cpuCount);
      expect(view['os.process_cpu_count()'], server.id).toBe(
        cpuLimits.environment.serverCpus.length,
      );
    }
  });

  it('the server was pinned to one CPU of a larger machine', () => {
    expect(cpuLimits.environment.serverCpus).toHaveLength(1);
    expect(cpuLimits.environment.cpuCount).toBeGreaterThan(1);
  });

  it('never throttled a request that waits, at any quota', () => {
    const io = cpuLimits.points.filter((p) => p.endpoint === 'io');
    expect(io.length).toBeGreaterThan(0);
    for (const point of io)
      for (const r of point.repetitions) expect(r.cgroup?.cpu?.throttledUs, point.id).toBe(0);
  });

  it('half a CPU about halved the throughput of every CPU-bound configuration', () => {
    const cpu = cpuLimits.points.filter((p) => p.endpoint === 'cpu');
    const byServer = (p: BenchPoint) => `${p.model}/${p.workers}x${p.threads}`;
    const unlimited = new Map(
      cpu.filter((p) => p.limits?.cpus === null).map((p) => [byServer(p), p]),
    );
    const halves = cpu.filter((p) => p.limits?.cpus === 0.5 && unlimited.has(byServer(p)));
    expect(halves.length).toBeGreaterThan(0);
    for (const point of halves) {
      const ratio =
        point.summary.throughputRps.median /
        (unlimited.get(byServer(point))?.summary.throughputRps.median ?? NaN);
      expect(ratio, point.id).toBeGreaterThan(0.4);
      expect(ratio, point.id).toBeLessThan(0.6);
    }
  });

  it('under half a CPU on cpu, more sync workers or gthread threads gave a longer p99', () => {
    const p99 = (model: string, workers: number) =>
      findPoint(
        cpuLimits.points,
        (p) =>
          p.endpoint === 'cpu' &&
          p.limits?.cpus === 0.5 &&
          p.model === model &&
          p.workers === workers,
        `${model} ${workers}`,
      ).summary.latencyMs.p99?.median ?? NaN;
    expect(p99('gunicorn-sync', 1)).toBeLessThan(p99('gunicorn-sync', 3));
    expect(p99('gunicorn-sync', 3)).toBeLessThan(p99('gunicorn-sync', 5));
    expect(p99('gunicorn-gthread', 1)).toBeLessThan(p99('gunicorn-gthread', 5));
  });
});

describe('framework-memory (Memory per worker)', () => {
  const idle = (model: string, app: string, workers: number, preload: boolean) =>
    findPoint(
      frameworkMemory.points,
      (p) =>
        p.model === model &&
        p.app === app &&
        p.workers === workers &&
        (p.options?.preload ?? false) === preload &&
        !(p.options?.gcFreeze ?? false),
      `${model} ${app} ${workers} ${preload}`,
    ).summary.idlePssBytes.median;

  it('with one worker, preload saved nothing, and under gevent cost more', () => {
    for (const [model, app] of [
      ['gunicorn-sync', 'flask'],
      ['gunicorn-sync', 'django'],
      ['gunicorn-gthread', 'django'],
      ['gunicorn-uvicorn-worker', 'fastapi'],
    ] as const) {
      expect(idle(model, app, 1, true), `${model} ${app}`).toBeGreaterThan(
        0.95 * idle(model, app, 1, false),
      );
    }
    expect(idle('gunicorn-gevent', 'django', 1, true)).toBeGreaterThan(
      idle('gunicorn-gevent', 'django', 1, false),
    );
  });

  it('under gevent, preload alone saved under a tenth of the three-worker tree', () => {
    const lazy = idle('gunicorn-gevent', 'django', 3, false);
    expect(idle('gunicorn-gevent', 'django', 3, true)).toBeGreaterThan(0.9 * lazy);
  });
});

describe('memory-limit (A memory limit and a leaking worker)', () => {
  const point = (model: string, workers: number, maxRequests: number) =>
    findPoint(
      memoryLimit.points,
      (p) =>
        p.model === model && p.workers === workers && (p.options?.maxRequests ?? 0) === maxRequests,
      `${model} ${workers} ${maxRequests}`,
    );

  it.each([
    ['uvicorn', 1],
    ['hypercorn', 1],
    ['daphne', 1],
  ] as const)('%s alone was gone at the end of every window without max requests', (model, w) => {
    const p = point(model, w, 0);
    expect(serverMetric(p, 'leaderExited')).toEqual(p.repetitions.map(() => 1));
    expect(p.repetitions.every((r) => (r.cgroup?.memory?.oomKills ?? 0) >= 1)).toBe(true);
  });

  it('uvicorn alone with --limit-max-requests ended, with no OOM kill and no restart', () => {
    const p = point('uvicorn', 1, 10);
    expect(serverMetric(p, 'leaderExited')).toEqual(p.repetitions.map(() => 1));
    expect(serverMetric(p, 'processesStarted')).toEqual(p.repetitions.map(() => 0));
    expect(p.repetitions.map((r) => r.cgroup?.memory?.oomKills)).toEqual(
      p.repetitions.map(() => 0),
    );
  });

  it('gunicorn sync with max requests had no error at all', () => {
    const p = point('gunicorn-sync', 3, 10);
    expect(p.repetitions.map((r) => r.errorsTotal)).toEqual(p.repetitions.map(() => 0));
  });

  it("gthread's errors with max requests were all read errors", () => {
    const p = point('gunicorn-gthread', 3, 10);
    for (const r of p.repetitions) expect(r.errors.read).toBe(r.errorsTotal);
  });

  it('gunicorn sync, uvicorn with two processes and Hypercorn had no OOM kill with max requests', () => {
    for (const [model, workers] of [
      ['gunicorn-sync', 3],
      ['gunicorn-gthread', 3],
      ['uvicorn', 2],
      ['hypercorn', 1],
    ] as const) {
      const kills = point(model, workers, 10).repetitions.map((r) => r.cgroup?.memory?.oomKills);
      expect(kills, model).toEqual(kills.map(() => 0));
    }
  });

  it("with max requests Hypercorn's supervisor restarted its worker, with some dropped connections (choosing: Other ASGI servers)", () => {
    const p = point('hypercorn', 1, 10);
    for (const r of p.repetitions) {
      expect(r.groups?.['server']?.metrics['processesStarted']).toBeGreaterThan(0);
      expect(r.errorsTotal).toBeGreaterThan(0);
    }
  });

  it('gevent was OOM-killed in every window even with max requests', () => {
    const p = point('gunicorn-gevent', 3, 10);
    expect(p.repetitions.every((r) => (r.cgroup?.memory?.oomKills ?? 0) >= 1)).toBe(true);
  });
});
