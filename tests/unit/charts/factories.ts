/**
 * Synthetic datasets for unit tests. Every number here is made up and obviously so (round
 * values, a "Synthetic" CPU); none of it is ever shown on the site.
 */
import {
  BenchDatasetSchema,
  type BenchDataset,
  type Endpoint,
  type ModelId,
} from '../../../src/schemas/bench-dataset.ts';
import { toStat } from '../../../src/charts/chart-constants.ts';

/** Parameters of one synthetic point; `throughput` per repetition drives the other metrics. */
export interface SyntheticPoint {
  model?: ModelId;
  endpoint?: Endpoint;
  concurrency?: number;
  workers?: number;
  threads?: number;
  slowClients?: number;
  endpointMs?: number;
  /** Throughput of each repetition, req/s. */
  throughput?: number[];
  /** p50 of each repetition, ms; null = no request completed. */
  p50?: (number | null)[];
  noisy?: boolean;
}

const stat = (values: number[]) => toStat(values) ?? { median: 0, min: 0, max: 0 };

/** One synthetic point with every field the schema requires. */
export function makePoint(spec: SyntheticPoint): unknown {
  const model = spec.model ?? 'uvicorn';
  const endpoint = spec.endpoint ?? 'hello';
  const concurrency = spec.concurrency ?? 1;
  const workers = spec.workers ?? 1;
  const threads = spec.threads ?? 1;
  const slowClients = spec.slowClients ?? 0;
  const throughput = spec.throughput ?? [100, 200, 300];
  const p50 = spec.p50 ?? throughput.map(() => 10);
  const repetitions = throughput.map((rps, index) => ({
    index,
    runOrder: index,
    startedAt: '2000-01-01T00:00:00Z',
    durationS: 10,
    requests: rps * 10,
    throughputRps: rps,
    latencyMs: {
      p50: p50[index] ?? null,
      p90: null,
      p99: p50[index] === null ? null : 20,
      p999: null,
      max: null,
      mean: null,
    },
    errors: {},
    errorsTotal: 0,
    serverCpuCores: 1,
    clientCpuCores: 0.5,
    pssBytesMean: 1048576,
    pssBytesMax: 2097152,
    rssBytesMax: 4194304,
    idlePssBytes: 1048576,
    serverProcesses: workers + 1,
    memorySamples: 10,
    otherCpuShare: 0,
  }));
  const p50s = p50.filter((v): v is number => v !== null);
  return {
    id: `${model}/${endpoint}/c${concurrency}/w${workers}t${threads}/s${slowClients}`,
    serverId: `${model}-w${workers}-t${threads}`,
    model,
    endpoint,
    endpointMs: spec.endpointMs ?? 0,
    concurrency,
    workers,
    threads,
    slowClients,
    repetitions,
    summary: {
      throughputRps: stat(throughput),
      throughputCv: 0,
      latencyMs: {
        p50: p50s.length ? stat(p50s) : null,
        p90: null,
        p99: p50s.length ? stat([20]) : null,
        p999: null,
        max: null,
      },
      errorsTotal: stat([0]),
      serverCpuCores: stat([1]),
      pssBytesMax: stat([2097152]),
      idlePssBytes: stat([1048576]),
      otherCpuShare: stat([0]),
      contendingCpuShare: stat([0]),
      noisy: spec.noisy ?? false,
    },
  };
}

/** A whole synthetic dataset, validated by the real schema so tests see what the site sees. */
export function makeDataset(id: string, points: SyntheticPoint[]): BenchDataset {
  return BenchDatasetSchema.parse({
    id,
    title: `Synthetic ${id}`,
    description: 'Synthetic dataset made by a unit-test factory.',
    scenario: 'concurrency-sweep',
    environment: {
      date: '2000-01-01T00:00:00Z',
      harnessCommit: '0000000',
      harnessDirty: false,
      cpuModel: 'Synthetic CPU (test factory)',
      cpuCount: 2,
      serverCpus: [0],
      clientCpus: [1],
      kernel: 'Synthetic 0.0',
      schedAutogroup: false,
      os: 'Synthetic OS',
      hostOs: 'Synthetic OS',
      python: { executable: '/usr/bin/python3', version: '3.0.0', implementation: 'CPython' },
      packages: { gunicorn: '0.0.0', uvicorn: null },
      wrkVersion: 'wrk 0.0.0',
      nodeVersion: 'v0.0.0',
      cpuLoopsPerMs: 1,
      appSha256: {},
    },
    settings: {
      warmupS: 1,
      durationS: 10,
      repetitions: 3,
      seed: 1,
      wrkTimeoutS: 2,
      memorySampleIntervalMs: 100,
      noiseThreshold: 0.1,
      command: 'synthetic',
    },
    servers: [
      {
        id: 'synthetic',
        model: 'uvicorn',
        workers: 1,
        argv: ['synthetic'],
        commandLine: 'synthetic',
      },
    ],
    points: points.map(makePoint),
  });
}

/** Runs `run` and returns the message it throws, for table-driven error snapshots. */
export function catchMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return String(error);
  }
  return '(no error)';
}
