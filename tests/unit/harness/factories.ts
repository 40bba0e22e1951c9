/** Synthetic data factories for the harness unit tests: valid by default, overridable per test. */
import type {
  BenchDataset,
  BenchPoint,
  BenchRepetition,
} from '../../../src/schemas/bench-dataset.ts';
import { summarizeRepetitions } from '../../../harness/lib/stats.ts';

export function makeRepetition(overrides: Partial<BenchRepetition> = {}): BenchRepetition {
  return {
    index: 0,
    runOrder: 0,
    startedAt: '2026-11-26T20:00:00.000Z',
    durationS: 3,
    requests: 180,
    throughputRps: 60,
    latencyMs: { p50: 50.5, p90: 51, p99: 52, p999: 53, max: 54, mean: 50.7 },
    errors: { connect: 0, read: 0, write: 0, timeout: 0, non2xx: 0 },
    errorsTotal: 0,
    serverCpuCores: 0.05,
    clientCpuCores: 0.01,
    pssBytesMean: 40_000_000,
    pssBytesMax: 41_000_000,
    rssBytesMax: 90_000_000,
    idlePssBytes: 39_000_000,
    serverProcesses: 4,
    memorySamples: 12,
    otherCpuShare: 0.01,
    contendingCpuShare: 0.01,
    slowClientsOpen: 0,
    slowClientReconnects: 0,
    noisyRetries: 0,
    quietWaitS: 0,
    drainWaitS: 0,
    ...overrides,
  };
}

/** A point of one sync worker pool on io?ms=50; repetitions default to three at 60 req/s. */
export function makePoint(
  overrides: Partial<Omit<BenchPoint, 'summary'>> = {},
  reps: BenchRepetition[] = [0, 1, 2].map((index) => makeRepetition({ index, runOrder: index })),
): BenchPoint {
  const point = {
    id: 'gunicorn-sync/io-50/c64/w3t1',
    serverId: 'gunicorn-sync-w3-t1',
    model: 'gunicorn-sync' as const,
    endpoint: 'io' as const,
    endpointMs: 50,
    concurrency: 64,
    workers: 3,
    threads: 1,
    slowClients: 0,
    repetitions: reps,
    ...overrides,
  };
  return { ...point, summary: summarizeRepetitions(point.repetitions, 0.1) };
}

export function makeDataset(points: BenchPoint[] = [makePoint()]): BenchDataset {
  return {
    schemaVersion: 1,
    id: 'sweep-io',
    title: 'Concurrency sweep: io',
    description: 'Synthetic dataset for tests.',
    scenario: 'concurrency-sweep',
    environment: {
      date: '2026-11-26T20:00:00.000Z',
      harnessCommit: '0000000000000000000000000000000000000000',
      harnessDirty: false,
      cpuModel: 'Test CPU',
      cpuCount: 2,
      serverCpus: [0],
      clientCpus: [1],
      kernel: 'Linux 6.1',
      schedAutogroup: false,
      os: 'Debian GNU/Linux forky/sid',
      hostOs: 'Debian GNU/Linux 12 (bookworm)',
      rootfs: null,
      python: { executable: '/usr/bin/python3', version: '3.14.0', implementation: 'CPython' },
      packages: { gunicorn: '26.2.2' },
      wrkVersion: 'wrk 4.1.0',
      nodeVersion: 'v24.0.0',
      cpuLoopsPerMs: 20000,
      appSha256: { 'wsgi_app.py': 'abc' },
    },
    settings: {
      warmupS: 1,
      durationS: 3,
      repetitions: 3,
      seed: 1,
      wrkTimeoutS: 2,
      memorySampleIntervalMs: 250,
      noiseThreshold: 0.1,
      noisyRetries: 0,
      niceness: -5,
      quietWaitPerRepetitionS: 15,
      quietWaitBudgetS: 2400,
      quick: false,
      command: 'npm run bench',
    },
    servers: [
      {
        id: 'gunicorn-sync-w3-t1',
        model: 'gunicorn-sync',
        workers: 3,
        threads: 1,
        argv: ['python3', '-m', 'gunicorn'],
        commandLine: 'python3 -m gunicorn',
        runtime: {},
      },
    ],
    points,
  };
}
