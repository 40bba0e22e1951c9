/**
 * Synthetic benchmark datasets for the unit tests of the harness, the charts and the demos:
 * one factory, valid by default (the real schema parses every dataset it makes) and overridable
 * per test. Every number here is made up and obviously so (round values, a "Synthetic" CPU);
 * none of it is ever shown on the site.
 */
import {
  BenchDatasetSchema,
  type BenchDataset,
  type BenchPoint,
  type BenchRepetition,
  type Endpoint,
  type ModelId,
} from '../../src/bench/schema.ts';
import { summarizeRepetitions } from '../../src/bench/summary.ts';
import type { OpenLoopSpec } from '../../harness/scenarios/scenario.ts';
import {
  toSyntheticCapacity,
  toSyntheticOpenLoop,
  type SyntheticServer,
} from './synthetic-open-loop.ts';

/** The noise threshold of every synthetic dataset's settings. */
export const NOISE_THRESHOLD = 0.1;

/** One repetition of a sync worker pool on io?ms=50 at 60 req/s. */
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
  return { ...point, summary: summarizeRepetitions(point.repetitions, NOISE_THRESHOLD) };
}

/** A whole dataset (sweep-io by default) around `points`, checked by the real schema. */
export function makeDataset(
  points: BenchPoint[] = [makePoint()],
  overrides: Partial<Omit<BenchDataset, 'points'>> = {},
): BenchDataset {
  return BenchDatasetSchema.parse({
    schemaVersion: 1,
    id: 'sweep-io',
    title: 'Concurrency sweep: io',
    description: 'Synthetic dataset for tests.',
    scenario: 'concurrency-sweep',
    environment: {
      date: '2026-11-26T20:00:00.000Z',
      harnessCommit: '0000000000000000000000000000000000000000',
      harnessDirty: false,
      cpuModel: 'Synthetic CPU (test factory)',
      cpuCount: 2,
      serverCpus: [0],
      clientCpus: [1],
      kernel: 'Linux 6.1',
      schedAutogroup: false,
      os: 'Debian GNU/Linux forky/sid',
      hostOs: 'Debian GNU/Linux 12 (bookworm)',
      rootfs: null,
      python: { executable: '/usr/bin/python3', version: '3.14.0', implementation: 'CPython' },
      packages: { gunicorn: '26.2.2', uvicorn: null },
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
      noiseThreshold: NOISE_THRESHOLD,
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
    ...overrides,
  });
}

/** A point in chart terms: its parameters, and a throughput per repetition that drives the rest. */
export interface SyntheticPoint extends Partial<Pick<BenchPoint, DbField>> {
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
  /** Marks every repetition as run beside other work. */
  noisy?: boolean;
  /** Answers by status and kind, the same in every repetition (database endpoints). */
  statusCounts?: Record<string, number>;
  /** The database group's peak connections in each repetition. */
  dbPeakConnections?: number[];
  /** Open-loop load, as a scenario's point spec gives it; absent: closed loop. */
  openLoop?: OpenLoopSpec;
  /** Container limits, server options and worker rule, copied as given (the container scenarios). */
  limits?: BenchPoint['limits'];
  options?: Partial<NonNullable<BenchPoint['options']>>;
  workersRule?: BenchPoint['workersRule'];
  /** What the server's cgroup counted in each repetition (a point with `limits`). */
  cgroup?: NonNullable<BenchRepetition['cgroup']>[];
  /** What the server group counted of its processes in each repetition. */
  serverMetrics?: Record<string, number>[];
}

/** The container fields the spec sets, and an id suffix that tells its points apart. */
function pickContainerFields(spec: SyntheticPoint): {
  fields: Partial<BenchPoint>;
  idSuffix: string;
} {
  const options = spec.options && {
    preload: false,
    gcFreeze: false,
    maxRequests: 0,
    maxRequestsJitter: 0,
    ...spec.options,
  };
  const fields: Partial<BenchPoint> = {
    ...(spec.limits && { limits: spec.limits }),
    ...(options && { options }),
    ...(spec.workersRule && { workersRule: spec.workersRule }),
  };
  const cpus = spec.limits ? `/cpu${spec.limits.cpus ?? '-unlimited'}` : '';
  const memory = spec.limits?.memoryBytes ? `/mem${spec.limits.memoryBytes}` : '';
  const flags = options
    ? `${options.preload ? '/preload' : ''}${options.gcFreeze ? '/gc-freeze' : ''}` +
      (options.maxRequests ? `/max-requests${options.maxRequests}` : '')
    : '';
  return { fields, idSuffix: `${cpus}${memory}${flags}` };
}

/** The server group's cgroup and process counts in one repetition, where the spec gives them. */
function makeServerGroup(spec: SyntheticPoint, index: number): Partial<BenchRepetition> {
  const cgroup = spec.cgroup?.[index];
  const metrics = spec.serverMetrics?.[index];
  if (!cgroup && !metrics) return {};
  const usage = {
    cpuCores: 1,
    pssBytesMean: 1048576,
    pssBytesMax: 2097152,
    rssBytesMax: 4194304,
    idlePssBytes: 1048576,
    processes: (spec.workers ?? 1) + 1,
    metrics: metrics ?? {},
    ...(cgroup && { cgroup }),
  };
  return { ...(cgroup && { cgroup }), groups: { server: usage } };
}

/** The point fields of a database scenario, copied as given. */
const DB_FIELDS = [
  'app',
  'driver',
  'dbAccess',
  'dbConnections',
  'dbRoute',
  'poolSize',
  'poolMinSize',
  'poolTimeoutS',
] as const;
type DbField = (typeof DB_FIELDS)[number];

/** The database fields the spec sets, and an id prefix that tells its points apart. */
function pickDbFields(spec: SyntheticPoint): { fields: Partial<BenchPoint>; idPrefix: string } {
  const fields = Object.fromEntries(
    DB_FIELDS.flatMap((field) => (spec[field] === undefined ? [] : [[field, spec[field]]])),
  ) as Partial<BenchPoint>;
  const idPrefix = Object.values(fields)
    .map((value) => `${String(value)}/`)
    .join('');
  return { fields, idPrefix };
}

/** The database group's usage in one repetition, when the spec gives its peak connections. */
function makeDbGroups(spec: SyntheticPoint, index: number): Partial<BenchRepetition> {
  const peak = spec.dbPeakConnections?.[index];
  if (peak === undefined) return {};
  const usage = {
    cpuCores: 0.25,
    pssBytesMean: 1048576,
    pssBytesMax: 1048576,
    rssBytesMax: 1048576,
    idlePssBytes: 1048576,
    processes: peak + 1,
    metrics: {
      peakConnections: peak,
      peakActiveConnections: peak,
      connectionSamples: 4,
      refusedConnections: 0,
    },
  };
  return { groups: { postgres: usage } };
}

/** A point from its chart parameters: p99 is 20 ms wherever p50 was measured. */
export function makeSyntheticPoint(spec: SyntheticPoint): BenchPoint {
  const model = spec.model ?? 'uvicorn';
  const endpoint = spec.endpoint ?? 'hello';
  const concurrency = spec.concurrency ?? 1;
  const workers = spec.workers ?? 1;
  const threads = spec.threads ?? 1;
  const slowClients = spec.slowClients ?? 0;
  const throughput = spec.throughput ?? [100, 200, 300];
  const p50 = spec.p50 ?? throughput.map(() => 10);
  const repetitions = throughput.map((rps, index) => {
    const median = p50[index] ?? null;
    return makeRepetition({
      index,
      runOrder: index,
      durationS: 10,
      requests: rps * 10,
      throughputRps: rps,
      latencyMs: {
        p50: median,
        p90: null,
        p99: median === null ? null : 20,
        p999: null,
        max: null,
        mean: null,
      },
      serverCpuCores: 1,
      clientCpuCores: 0.5,
      pssBytesMean: 1048576,
      pssBytesMax: 2097152,
      rssBytesMax: 4194304,
      idlePssBytes: 1048576,
      serverProcesses: workers + 1,
      memorySamples: 10,
      otherCpuShare: spec.noisy ? 0.5 : 0,
      contendingCpuShare: 0,
      ...(spec.statusCounts && { statusCounts: spec.statusCounts }),
      ...makeDbGroups(spec, index),
      ...makeServerGroup(spec, index),
    });
  });
  const db = pickDbFields(spec);
  const container = pickContainerFields(spec);
  const server = toSyntheticServer(spec);
  return makePoint(
    {
      ...db.fields,
      ...container.fields,
      id: toSyntheticPointId(spec),
      serverId: server.serverId,
      model,
      endpoint,
      endpointMs: server.endpointMs,
      concurrency,
      workers,
      threads,
      slowClients,
      ...(spec.openLoop && { openLoop: toSyntheticOpenLoop(server, spec.openLoop, repetitions) }),
    },
    repetitions,
  );
}

/** The server configuration and endpoint of a synthetic point. */
function toSyntheticServer(spec: SyntheticPoint): SyntheticServer {
  const workers = spec.workers ?? 1;
  return {
    serverId: `${spec.model ?? 'uvicorn'}-w${workers}-t${spec.threads ?? 1}`,
    endpoint: spec.endpoint ?? 'hello',
    endpointMs: spec.endpointMs ?? 0,
  };
}

/** A synthetic point's id, from its parameters and its open-loop load (null: closed loop). */
function toSyntheticPointId(
  spec: SyntheticPoint,
  openLoop: OpenLoopSpec | null = spec.openLoop ?? null,
): string {
  const { model = 'uvicorn', endpoint = 'hello', concurrency = 1 } = spec;
  const { workers = 1, threads = 1, slowClients = 0 } = spec;
  // As the harness names them: the share, and the connections of a closed-loop capacity.
  const of =
    openLoop && 'concurrency' in openLoop.capacity ? `-of-c${openLoop.capacity.concurrency}` : '';
  const load = openLoop ? `/${openLoop.arrival}-${openLoop.share}${of}` : '';
  const where = `${model}/${endpoint}/c${concurrency}/w${workers}t${threads}/s${slowClients}`;
  return `${pickDbFields(spec).idPrefix}${where}${pickContainerFields(spec).idSuffix}${load}`;
}

/**
 * A dataset named `id` of synthetic points, with the capacities their open-loop loads are
 * shares of (a `point` capacity names the closed-loop point of its connections).
 */
export function makeSyntheticDataset(id: string, points: SyntheticPoint[]): BenchDataset {
  const capacities = new Map(
    points.flatMap((spec) => {
      if (!spec.openLoop) return [];
      const rule = spec.openLoop.capacity;
      const closed =
        rule.from === 'point'
          ? toSyntheticPointId({ ...spec, concurrency: rule.concurrency }, null)
          : undefined;
      const capacity = toSyntheticCapacity(toSyntheticServer(spec), rule, closed);
      return [[capacity.id, capacity] as const];
    }),
  );
  return makeDataset(points.map(makeSyntheticPoint), {
    id,
    title: `Synthetic ${id}`,
    ...(capacities.size > 0 && { capacities: [...capacities.values()] }),
  });
}
