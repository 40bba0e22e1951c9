/**
 * One recorded benchmark dataset (`bench-data/<id>.json`): the single source of truth shared by
 * the harness, which validates every dataset before writing it, and by the site, which loads
 * `bench-data/*.json` as a content collection with this schema and charts it.
 *
 * Units are in field names (`Ms`, `Bytes`, `Rps`, `Cores`, `S`) so a chart never guesses.
 */
import { z } from 'zod';
import { CgroupStatsSchema } from './cgroup-stats.ts';
import {
  cpuProbeRepetitionFields,
  cpuProbeRunFields,
  cpuProbeSettingsFields,
} from './cpu-probe-schema.ts';
import {
  AppIdSchema,
  DatabaseSchema,
  dbPointFields,
  dbRepetitionFields,
  dbServerFields,
} from './database-schema.ts';
import {
  CapacitySchema,
  OpenLoopPointSchema,
  OpenLoopRepetitionSchema,
  OpenLoopSettingsSchema,
} from './open-loop-schema.ts';

const count = z.number().int().nonnegative();
const nonNegative = z.number().nonnegative();

/** The server process models under test. */
export const ModelIdSchema = z
  .enum([
    'gunicorn-sync',
    'gunicorn-gthread',
    'gunicorn-gevent',
    'uvicorn',
    'uvicorn-asyncio-h11',
    'gunicorn-uvicorn-worker',
    'gunicorn-asgi',
    'hypercorn',
    'daphne',
    // Option variants of the models above (src/bench/model-family.ts): same worker, one option.
    'gunicorn-sync-python-parser',
    'gunicorn-gthread-python-parser',
    'gunicorn-gevent-python-parser',
    'gunicorn-asgi-python-parser',
    'gunicorn-gthread-reuse-port',
    'gunicorn-gevent-reuse-port',
  ])
  .describe('Server process model');

/**
 * Endpoints of the apps under test (harness/apps). `block` exists only in the ASGI app; `leak`
 * (io plus memory the worker keeps, harness/apps/leak.py) only in the leaking plain apps; `db`
 * (one indexed lookup) and `slow-query` (the lookup with pg_sleep of `endpointMs` in the same
 * query) only in the database apps (flask_app.py, django_items/, fastapi_app.py).
 */
export const EndpointSchema = z
  .enum(['hello', 'io', 'cpu', 'block', 'leak', 'db', 'slow-query'])
  .describe('Endpoint of the app under test');

/** The scenarios of bench-data/README.md. */
export const ScenarioKindSchema = z
  .enum([
    'concurrency-sweep',
    'workers-threads',
    'blocking-loop',
    'slow-clients',
    'memory',
    'cpu-limits',
    'framework-memory',
    'memory-limit',
    'open-loop',
    'closed-vs-open',
    // How requests spread over worker processes and connections (`repetitions[].spread`).
    'request-spread',
    'pool-sweep',
    'pgbouncer',
  ])
  .describe('Which scenario a dataset records');

/**
 * How a point's worker count was chosen, as people end up choosing it in a container:
 * `node-cpus`: from what `multiprocessing.cpu_count()` reports inside the container (the node's
 * online CPUs; gunicorn's `2 x cores + 1`, one uvicorn process per core); `cpu-limit`: from the
 * CPU limit rounded up to whole CPUs; `one-per-pod`: one process, scaled by adding pods.
 */
export const WorkersRuleSchema = z
  .enum(['node-cpus', 'cpu-limit', 'one-per-pod'])
  .describe('How the worker count was chosen');

/** The limits a container runtime sets, applied to the server's cgroup (harness/system/cgroup.ts). */
export const ServerLimitsSchema = z.object({
  /**
   * CFS quota in CPUs (quota / period, what `docker run --cpus` and a Kubernetes CPU limit
   * write); null: the server's cgroup counts CPU time and throttling but sets no quota.
   */
  cpus: z.number().positive().nullable(),
  /** Memory limit of the server's cgroup, bytes; null: none. */
  memoryBytes: count.nullable(),
  /**
   * /proc and /sys mounted in the server's root (in a private mount namespace), as in a
   * container: what Python's CPU counts read there is the node's, not the chroot's fallback.
   */
  procSysMounted: z.boolean(),
});

/** Server settings beyond workers and threads; each defaults to the server's own default. */
export const ServerOptionsSchema = z.object({
  /** gunicorn `--preload`: the app is imported in the master before the workers fork. */
  preload: z.boolean().default(false),
  /**
   * A gunicorn config (harness/apps/gc_freeze_conf.py) that calls `gc.disable()` at start,
   * `gc.freeze()` right before each fork and `gc.enable()` in each worker, as CPython's gc docs
   * advise for pre-fork servers.
   */
  gcFreeze: z.boolean().default(false),
  /** Requests after which a worker restarts (gunicorn `--max-requests`, uvicorn `--limit-max-requests`); 0: never. */
  maxRequests: count.default(0),
  /** Random extra requests per worker, 0..N (`--max-requests-jitter`, `--limit-max-requests-jitter`). */
  maxRequestsJitter: count.default(0),
});

/** Median, minimum and maximum of one metric across a point's repetitions. */
export const StatSchema = z.object({
  /** Median across repetitions (mean of the two middle values for an even count). */
  median: nonNegative,
  /** Smallest value across repetitions. */
  min: nonNegative,
  /** Largest value across repetitions. */
  max: nonNegative,
});

/**
 * A latency in ms; null when no answer arrived within wrk's `--timeout` in the window (none
 * completed, or every one completed late and counted as a timeout): nothing to measure.
 */
const latency = nonNegative.nullable();

/**
 * Latency percentiles of one repetition, in milliseconds, as reported by wrk: answers that
 * arrived within `--timeout` only (later ones count as timeout errors). All null when there
 * were none, e.g. every worker held by slow clients, or a queue longer than the timeout.
 */
export const LatencyMsSchema = z.object({
  /** Median latency, ms. */
  p50: latency,
  /** 90th percentile, ms. */
  p90: latency,
  /** 99th percentile, ms. */
  p99: latency,
  /** 99.9th percentile, ms. */
  p999: latency,
  /** Slowest response, ms. */
  max: latency,
  /** Mean latency, ms. */
  mean: latency,
});

/** Errors by kind, as wrk counts them. */
export const ErrorCountsSchema = z.object({
  /** Connections that could not be opened. */
  connect: count.default(0),
  /** Socket read errors (e.g. reset by the server). */
  read: count.default(0),
  /** Socket write errors. */
  write: count.default(0),
  /** Requests that got no answer within wrk's `--timeout`. */
  timeout: count.default(0),
  /** Responses with an HTTP status of 400 or more (wrk's "Non-2xx or 3xx"). */
  non2xx: count.default(0),
});

/**
 * What one process group of the system under test used in one measured window: the same
 * readings as the server's own fields, summed over every process in the group's session.
 */
export const GroupUsageSchema = z.object({
  /** CPU time of every process in the group's session divided by wall time (1.0 = one core busy). */
  cpuCores: nonNegative,
  /** Mean over samples of the group's summed PSS, bytes. */
  pssBytesMean: count,
  /** Largest sampled summed PSS of the group, bytes. */
  pssBytesMax: count,
  /** Largest sampled summed RSS of the group, bytes. */
  rssBytesMax: count,
  /** Summed PSS of the group at rest, just before this repetition's load, bytes. */
  idlePssBytes: count,
  /** Most processes seen in the group's session during the window. */
  processes: count,
  /**
   * What the group measured of itself over the window, units in the names (e.g. a database's
   * `peakConnections`); empty for a group without a sampler.
   */
  metrics: z.record(z.string(), z.number()).default({}),
  /**
   * What the group's cgroup counted over the window (throttling, OOM kills, limit hits), when
   * the group ran in one (a point with `limits`); absent otherwise.
   */
  cgroup: CgroupStatsSchema.optional(),
});

/** How a count is spread over items (e.g. responses per connection): quantiles, linear between ranks. */
export const QuantilesSchema = z.object({
  /** Smallest. */
  min: nonNegative,
  /** 10th percentile. */
  p10: nonNegative,
  /** Median. */
  median: nonNegative,
  /** 90th percentile. */
  p90: nonNegative,
  /** Largest. */
  max: nonNegative,
});

/** What one worker process answered in a window. */
export const ProcessSpreadSchema = z.object({
  /** Responses it sent. */
  requests: count,
  /** Client connections it answered on (distinct client ports). */
  connections: count,
  /** Responses per connection, over its connections. */
  requestsPerConnection: QuantilesSchema,
});

/**
 * How one window's responses spread over the server's worker processes and over wrk's
 * connections, counted by wrk's Lua script from the `x-worker-pid` and `x-client-port` headers
 * every app response carries (harness/measure/wrk/report.lua). Recorded only for points that
 * ask for it, since the per-response Lua callback costs wrk CPU.
 */
export const SpreadSchema = z.object({
  /** By worker pid (as a string): what each process answered. */
  processes: z.record(z.string(), ProcessSpreadSchema),
  /**
   * Distinct client connections (client ports) that got a response. With keep-alive each of
   * wrk's connections is one; a server that closes after every response (gunicorn sync) makes
   * every request its own, and ports reused within the window count once.
   */
  connectionsSeen: count,
  /** wrk's connections that got no response in the window (0 when more were seen than opened). */
  connectionsWithoutResponse: count,
  /** Responses per connection over every connection seen. */
  requestsPerConnection: QuantilesSchema,
  /** Responses without the pid or port header (none from the apps under test). */
  untagged: count,
});

/** One measured window: every metric of one repetition of one point. */
export const RepetitionSchema = z.object({
  /** 0-based repetition number within its point. */
  index: count,
  /** 0-based position in the randomized order of its run (of the whole dataset when it has one run). */
  runOrder: count,
  /**
   * Which of the dataset's `runs` measured it (0-based); absent in datasets of one run, which is
   * run 0.
   */
  run: count.optional(),
  /**
   * Which start of its server configuration served it (0-based), when the scenario starts each
   * configuration several times (`settings.serverStarts`); absent = 0.
   */
  serverStart: count.optional(),
  /** When the measured window started (ISO 8601, UTC). */
  startedAt: z.iso.datetime(),
  /** Length of the measured window as wrk reports it, seconds. */
  durationS: z.number().positive(),
  /**
   * The warm-up before this window, seconds, where it differs from `settings.warmupS`: 0 for a
   * server that may die under a memory limit, whose window starts on a fresh (or restarted)
   * server so that wrk can connect and what happens is measured, not spent in a warm-up.
   */
  warmupS: nonNegative.optional(),
  /** Completed responses in the measured window (any status). */
  requests: count,
  /** Completed responses per second. */
  throughputRps: nonNegative,
  /** Latency percentiles, ms. */
  latencyMs: LatencyMsSchema,
  /** Errors by kind. */
  errors: ErrorCountsSchema,
  /** Sum of all error kinds. */
  errorsTotal: count,
  /** CPU time of the whole server process tree divided by wall time (1.0 = one core busy). */
  serverCpuCores: nonNegative,
  /** CPU time of wrk divided by wall time. */
  clientCpuCores: nonNegative,
  /**
   * Share (0..1) of the client CPUs' capacity that was busy in the window, whoever used it: wrk,
   * the harness, a database placed there, anything else. Near 1 the load generator may have
   * been starved (src/bench/client-load.ts). Absent in datasets recorded before.
   */
  clientCpuBusyShare: z.number().min(0).max(1).optional(),
  /** Mean over samples of the summed PSS of every server process, bytes (shared pages split fairly). */
  pssBytesMean: count,
  /** Largest sampled summed PSS of the server process tree, bytes. */
  pssBytesMax: count,
  /** Largest sampled summed RSS, bytes; kept only to show how RSS double-counts forked workers. */
  rssBytesMax: count,
  /** Summed PSS of the server process tree at rest, just before this repetition's load, bytes. */
  idlePssBytes: count,
  /** Number of processes in the server tree during the window. */
  serverProcesses: count,
  /** Number of PSS samples taken in the window. */
  memorySamples: count,
  /**
   * Share (0..1) of the pinned CPUs' (server and client) capacity used by processes other than
   * the groups, wrk and the harness during the window, whatever their priority. A diagnostic
   * since `serverCpuContention` exists; `noisy` was judged on it before.
   */
  otherCpuShare: z.number().min(0).max(1),
  /**
   * The part of `otherCpuShare` run at normal priority: work at nice > 0 (the kernel's "nice"
   * column) or under SCHED_IDLE is left out, since the scheduler makes it yield to the server.
   * A diagnostic over both pinned CPUs; `serverCpuContention` is the same idea for the server's.
   */
  contendingCpuShare: z.number().min(0).max(1).default(0),
  /**
   * Share (0..1) of the server CPUs' capacity taken in the window by anything that competes
   * with the server: other tasks at normal priority (kernel threads included; work at nice > 0
   * or under SCHED_IDLE left out, since it only fills time the server leaves idle) plus steal
   * (the hypervisor running another VM on the CPU). From /proc/stat per CPU minus the groups
   * pinned there (harness/measure/noise.ts). `noisy` is judged on it where it was recorded.
   */
  serverCpuContention: z.number().min(0).max(1).optional(),
  /** The steal part of `serverCpuContention`, 0..1. */
  serverCpuStealShare: z.number().min(0).max(1).optional(),
  /**
   * Time the server's threads spent ready to run but waiting for a CPU, summed over its threads
   * (/proc/PID/task/TID/schedstat), per second of window. Includes waiting behind the server's
   * own other workers, so it is a diagnostic, not a noise measure.
   */
  serverRunDelayShare: nonNegative.optional(),
  /**
   * wrk used at least 90 % of the client CPUs (`clientCpuCores` / client CPUs): the load
   * generator, not the server, may have set the pace.
   */
  clientSaturated: z.boolean().optional(),
  /**
   * Seconds between the end of the warm-up and the start of the window, spent waiting until a
   * fresh request was answered, i.e. until the server had worked off the requests wrk abandoned
   * when the warm-up stopped. Long for overloaded queueing servers.
   */
  drainWaitS: nonNegative.default(0),
  /** Slow (Slowloris) connections held open during the window; 0 when the point has none. */
  slowClientsOpen: count.default(0),
  /** Times a slow connection was closed by the server and reopened during the window. */
  slowClientReconnects: count.default(0),
  /**
   * Earlier attempts at this repetition discarded because other processes made them noisy
   * (`serverCpuContention`, before it existed `otherCpuShare`, above the threshold); the least
   * noisy attempt is the one kept.
   */
  noisyRetries: count.default(0),
  /**
   * Seconds spent before this repetition waiting for contention for the server CPUs to drop
   * below the noise threshold (bounded per repetition and per run; see `settings.quietWait*`).
   */
  quietWaitS: nonNegative.default(0),
  /**
   * Usage of every process group of the system under test, by group name (`groups[].name`),
   * the server under test included: its entry repeats `serverCpuCores`, `pssBytes*`,
   * `rssBytesMax`, `idlePssBytes` and `serverProcesses`. Absent in datasets recorded before the
   * harness measured groups.
   */
  groups: z.record(z.string(), GroupUsageSchema).optional(),
  /**
   * What the server's cgroup counted over the window (repeats `groups.server.cgroup`): CFS
   * periods, throttled periods and time, CPU time, memory usage, OOM kills and limit hits.
   * Absent when the point has no `limits`.
   */
  cgroup: CgroupStatsSchema.optional(),
  /**
   * Present when the load was open loop (the point has `openLoop`): the generator's own numbers.
   * `latencyMs` then counts from each request's intended send time, while `requests` and
   * `throughputRps` keep wrk's meaning (answers during the window); the achieved rate is
   * `openLoop.achievedRps`. See `OpenLoopRepetitionSchema`.
   */
  openLoop: OpenLoopRepetitionSchema.optional(),
  /** How the responses spread over worker processes and connections; only where counted. */
  spread: SpreadSchema.optional(),
  ...dbRepetitionFields,
  ...cpuProbeRepetitionFields,
});

/** Per-point summary across repetitions, computed by the harness. */
export const PointSummarySchema = z.object({
  /** Throughput, requests per second. */
  throughputRps: StatSchema,
  /** Coefficient of variation of throughput across repetitions (stdev / mean; 0 when mean is 0). */
  throughputCv: nonNegative,
  /** Latency percentiles, ms, over repetitions that completed requests; null when none did. */
  latencyMs: z.object({
    p50: StatSchema.nullable(),
    p90: StatSchema.nullable(),
    p99: StatSchema.nullable(),
    p999: StatSchema.nullable(),
    max: StatSchema.nullable(),
  }),
  /** Total errors per repetition. */
  errorsTotal: StatSchema,
  /** Server CPU use, cores. */
  serverCpuCores: StatSchema,
  /** Peak PSS of the server tree under load, bytes. */
  pssBytesMax: StatSchema,
  /** PSS of the server tree at rest, bytes. */
  idlePssBytes: StatSchema,
  /** CPU share taken by other processes. */
  otherCpuShare: StatSchema,
  /** CPU share taken by other processes at normal priority. */
  contendingCpuShare: StatSchema,
  /**
   * True when any repetition had `serverCpuContention` (in datasets recorded before it existed:
   * `otherCpuShare`) above the noise threshold, or a CPU probe `slowdown` above
   * `settings.cpuProbeThreshold`: chart it as suspect.
   */
  noisy: z.boolean().default(false),
  /** Contention for the server CPUs; where the repetitions recorded it. */
  serverCpuContention: StatSchema.optional(),
  /** The CPU probe's `slowdown` around the windows; where the repetitions recorded it. */
  cpuProbeSlowdown: StatSchema.optional(),
  /** True when wrk saturated the client CPUs in any repetition; where recorded. */
  clientSaturated: z.boolean().optional(),
  /** How far throughput moved between the dataset's runs and within each; with two runs or more. */
  runs: z
    .object({
      /** Median throughput of each run's repetitions, req/s, in `runs` order. */
      throughputMedianRps: z.array(nonNegative).min(2),
      /** (largest - smallest) / median of those run medians: how far a number moves between runs. */
      throughputSpreadBetweenRuns: nonNegative,
      /** Median over the runs of (max - min) / median of one run's repetitions. */
      throughputSpreadWithinRuns: nonNegative,
    })
    .optional(),
});

/** One point of a chart: its parameters, all repetitions and their summary. */
export const PointSchema = z.object({
  /** Stable id, unique within the dataset, e.g. `gunicorn-sync/io-50/c64/w3t1`. */
  id: z.string().min(1),
  /** Which `servers[].id` served this point. */
  serverId: z.string().min(1),
  /** Server process model. */
  model: ModelIdSchema,
  /** Endpoint under load. */
  endpoint: EndpointSchema,
  /** The endpoint's `ms` parameter (wait or work per request), ms; 0 for `hello`. */
  endpointMs: nonNegative.default(0),
  /**
   * wrk connections (closed loop: each sends its next request when the previous one returns);
   * for an open-loop point, the generator's connection cap (most requests outstanding at once).
   */
  concurrency: z.number().int().positive(),
  /** Worker processes. */
  workers: z.number().int().positive(),
  /** Threads per worker (gthread); 1 for every other model. */
  threads: z.number().int().positive().default(1),
  /** Slow (Slowloris) connections held open beside wrk's normal clients. */
  slowClients: count.default(0),
  /**
   * Present when the load was open loop: requests sent on a schedule at an offered rate that
   * never waits for answers, instead of wrk's connections. Absent: closed-loop wrk.
   */
  openLoop: OpenLoopPointSchema.optional(),
  ...dbPointFields,
  /** How `workers` was chosen, for points that compare the counts people end up with. */
  workersRule: WorkersRuleSchema.optional(),
  /** Container-like limits of the server; absent: none (no cgroup of the harness's own). */
  limits: ServerLimitsSchema.optional(),
  /** Server settings beyond workers and threads; absent: the server's defaults. */
  options: ServerOptionsSchema.optional(),
  /** Every repetition, in index order. */
  repetitions: z.array(RepetitionSchema).min(1),
  /** Summary across repetitions. */
  summary: PointSummarySchema,
});

/** One server configuration and the exact command that started it. */
export const ServerSchema = z.object({
  /** Unique within the dataset, e.g. `gunicorn-gthread-w3-t4`. */
  id: z.string().min(1),
  /** Server process model. */
  model: ModelIdSchema,
  /** Worker processes. */
  workers: z.number().int().positive(),
  /** Threads per worker (gthread); 1 otherwise. */
  threads: z.number().int().positive().default(1),
  /** Exact argv, including the taskset/chroot prefix; `{port}` stands for the port used. */
  argv: z.array(z.string()).min(1),
  /** The argv as one shell-quoted line, for people. */
  commandLine: z.string().min(1),
  /** What the running app reported about itself (interpreter, event loop, gevent patching). */
  runtime: z.record(z.string(), z.unknown()).default({}),
  ...dbServerFields,
  /** Container-like limits the server ran under; absent: none. */
  limits: ServerLimitsSchema.optional(),
  /** The cgroup those limits were written to, when the server had one. */
  cgroup: z
    .object({
      /** cgroup v1 (one hierarchy per controller) or v2 (unified). */
      version: z.union([z.literal(1), z.literal(2)]),
      /** CFS quota per period, µs; null: no quota. */
      cpuQuotaUs: count.nullable(),
      /** CFS period, µs (100 ms, as Docker and Kubernetes). */
      cpuPeriodUs: count.nullable(),
    })
    .optional(),
  /** Server settings beyond workers and threads; absent: the server's defaults. */
  options: ServerOptionsSchema.optional(),
});

/**
 * One process group of the system under test: the server under test, or a service it needs
 * (a database, a connection pooler), each started in its own session and measured on its own.
 */
export const GroupSchema = z.object({
  /** Unique within the dataset: `server`, or the service's name (e.g. `postgres`). */
  name: z.string().regex(/^[a-z0-9-]+$/),
  /**
   * `server`: the server under test, started once per server configuration (its commands are in
   * `servers[]`); `service`: started once for the whole dataset, before any server.
   */
  role: z.enum(['server', 'service']),
  /** CPUs the group was pinned to (taskset): the server CPUs or the client CPUs. */
  cpus: z.array(count).min(1),
  /** A service's exact argv; `{port}` and the like stand for values that change per run. */
  argv: z.array(z.string()).min(1).optional(),
  /** A service's argv as one shell-quoted line, for people. */
  commandLine: z.string().min(1).optional(),
  /** Versions of what the group runs, e.g. `{ "postgres": "18.1" }`. */
  versions: z.record(z.string(), z.string()).default({}),
  /** Settings and facts the group reported when it started, e.g. `{ "maxConnections": 100 }`. */
  facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
  /** A database group's description; its metrics per repetition: DatabaseMetricsSchema. */
  database: DatabaseSchema.optional(),
});

/** Where and with what a dataset was recorded. */
export const EnvironmentSchema = z.object({
  /** Recording start, ISO 8601 UTC. */
  date: z.iso.datetime(),
  /** `git rev-parse HEAD` of the harness. */
  harnessCommit: z.string(),
  /** True when the harness work tree had uncommitted changes. */
  harnessDirty: z.boolean(),
  /** CPU model name from /proc/cpuinfo. */
  cpuModel: z.string(),
  /** Online CPUs on the machine. */
  cpuCount: z.number().int().positive(),
  /** CPUs the servers were pinned to (taskset). */
  serverCpus: z.array(count).min(1),
  /** CPUs wrk was pinned to (taskset). */
  clientCpus: z.array(count).min(1),
  /** `uname -sr`. */
  kernel: z.string(),
  /**
   * `kernel.sched_autogroup_enabled` when the recording started; null when not recorded.
   * With autogroup on, the kernel shares CPU time between sessions first, so the harness's
   * priority (and other work's lower priority) only counts within a session: other people's
   * work then competes with the servers however it is niced.
   */
  schedAutogroup: z.boolean().nullable().default(null),
  /** PRETTY_NAME from the target's os-release (the chroot's when `rootfs` is set). */
  os: z.string(),
  /** Host OS PRETTY_NAME (differs from `os` when recording in a chroot). */
  hostOs: z.string(),
  /** Root filesystem the servers ran in (chroot), or null for the host. */
  rootfs: z.string().nullable().default(null),
  /** Python running the servers. */
  python: z.object({
    /** Path inside the target root. */
    executable: z.string(),
    /** e.g. `3.14.0`. */
    version: z.string(),
    /** e.g. `CPython`. */
    implementation: z.string(),
  }),
  /** Exact versions (importlib.metadata, inside the target Python); null = not installed. */
  packages: z.record(z.string(), z.string().nullable()),
  /** `wrk -v` first line. */
  wrkVersion: z.string(),
  /** Node.js running the harness. */
  nodeVersion: z.string(),
  /** Loops of the `cpu` endpoint's pure-Python kernel per ms on a server CPU (best of 40 short trials). */
  cpuLoopsPerMs: z.number().positive(),
  /** SHA-256 of each app file served, so a dataset names the code it measured. */
  appSha256: z.record(z.string(), z.string()),
  /**
   * Whether the machine was quiet when the recording started: contention for the server CPUs
   * at or below the noise threshold over a short probe, and autogroup off. A real recording
   * refuses to start otherwise unless told to go on (`--allow-noisy REASON`), and then says so
   * here (false, with the reason). Absent in datasets recorded before the harness checked.
   */
  quietMachine: z.boolean().optional(),
  /** Why a recording went on although the machine was not quiet (`--allow-noisy`). */
  quietMachineReason: z.string().min(1).optional(),
  /** Contention for the server CPUs over the probe before the recording started, 0..1. */
  preflightServerCpuContention: z.number().min(0).max(1).optional(),
  ...cpuProbeRunFields,
});

/**
 * One run of a scenario: a dataset can hold several, recorded at different times
 * (`npm run bench -- --append`), so the spread between runs can be told from the spread within
 * one. Each repetition names its run (`repetitions[].run`).
 */
export const RunSchema = z.object({
  /** When the run started, ISO 8601 UTC. */
  date: z.iso.datetime(),
  /** Seed of the run's randomized order. */
  seed: z.number().int(),
  /** `git rev-parse HEAD` of the harness that recorded the run. */
  harnessCommit: z.string(),
  /** True when the harness work tree had uncommitted changes. */
  harnessDirty: z.boolean(),
  /** The harness command line of the run. */
  command: z.string(),
  /** `uname -sr` during the run. */
  kernel: z.string(),
  /** `kernel.sched_autogroup_enabled` during the run; null where the kernel has no such switch. */
  schedAutogroup: z.boolean().nullable(),
  /**
   * The `cpu` endpoint's calibration measured at the start of this run. Every run burns the
   * dataset's `environment.cpuLoopsPerMs` per ms, so all runs do the same work; this says how
   * fast the CPU was that day.
   */
  cpuLoopsPerMs: z.number().positive(),
  /** As `environment.quietMachine`, for this run. */
  quietMachine: z.boolean().optional(),
  /** As `environment.quietMachineReason`, for this run. */
  quietMachineReason: z.string().min(1).optional(),
  /** As `environment.preflightServerCpuContention`, for this run. */
  preflightServerCpuContention: z.number().min(0).max(1).optional(),
  ...cpuProbeRunFields,
});

/** How the recording was run. */
export const SettingsSchema = z.object({
  /** Warm-up before every measured window (not recorded), seconds. */
  warmupS: z.number().nonnegative(),
  /** Measured window, seconds. */
  durationS: z.number().positive(),
  /** Repetitions per point (per server start, and per run). */
  repetitions: z.number().int().positive(),
  /** Seed of the randomized run order (reproduces the order). */
  seed: z.number().int(),
  /** wrk `--timeout`, seconds: slower answers count as timeout errors. */
  wrkTimeoutS: z.number().positive(),
  /** Interval between PSS samples, ms. */
  memorySampleIntervalMs: z.number().positive(),
  /**
   * `serverCpuContention` above this marks a repetition noisy (`otherCpuShare` in datasets
   * recorded before it existed).
   */
  noiseThreshold: z.number().min(0).max(1),
  /**
   * Scheduling priority (nice) of the harness, the servers and wrk, which inherit it. Below 0,
   * other people's normal-priority work on a shared machine yields to the measurement.
   */
  niceness: z.number().int().min(-20).max(19).default(0),
  /** Longest wait for a quiet machine before one repetition, seconds (0 = never wait). */
  quietWaitPerRepetitionS: nonNegative.default(0),
  /** Total waiting for a quiet machine allowed in the whole run, seconds. */
  quietWaitBudgetS: nonNegative.default(0),
  /** How many times a noisy repetition was allowed to be measured again. */
  noisyRetries: count.default(0),
  /** How open-loop points were timed and judged; absent when the dataset has none. */
  openLoop: OpenLoopSettingsSchema.optional(),
  /** Whether this was a `--quick` smoke recording (never committed as a real dataset). */
  quick: z.boolean().default(false),
  /**
   * Times each server configuration was started, each start serving `repetitions` windows of
   * every point it serves (so a point has `repetitions` x `serverStarts` of them). Absent = 1.
   */
  serverStarts: z.number().int().positive().optional(),
  /** The harness command line that recorded this dataset. */
  command: z.string(),
  ...cpuProbeSettingsFields,
});

/** One dataset file in bench-data/. */
export const BenchDatasetSchema = z.object({
  /** Format version of this schema. */
  schemaVersion: z.literal(1).default(1),
  /** File name without `.json`, e.g. `sweep-io`. */
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** Chart title. */
  title: z.string().min(1),
  /** What the dataset shows and how it was made, one paragraph. */
  description: z.string().min(1),
  /** Scenario kind. */
  scenario: ScenarioKindSchema,
  /** Recording environment (of the first run, when there are several). */
  environment: EnvironmentSchema,
  /** Recording settings: the same in every run. */
  settings: SettingsSchema,
  /**
   * Every run that recorded this dataset, in order (`repetitions[].run` indexes it). Absent in
   * datasets recorded before runs were listed: those are one run, told by `environment`.
   */
  runs: z.array(RunSchema).min(1).optional(),
  /** Every server configuration used, with its exact command line. */
  servers: z.array(ServerSchema).min(1),
  /**
   * The process groups of the system under test, in start order (services, then the server).
   * Absent in datasets recorded before the harness measured groups.
   */
  groups: z.array(GroupSchema).min(1).optional(),
  /**
   * The capacities that open-loop points' rates are shares of, each with how it was derived
   * (and the probe run that measured it), so the grid of rates is reproducible and explained.
   * Absent when the dataset has no open-loop points.
   */
  capacities: z.array(CapacitySchema).optional(),
  /** Measured points. */
  points: z.array(PointSchema).min(1),
});

export type BenchDataset = z.infer<typeof BenchDatasetSchema>;
export type BenchPoint = z.infer<typeof PointSchema>;
export type BenchRepetition = z.infer<typeof RepetitionSchema>;
export type BenchServer = z.infer<typeof ServerSchema>;
export type BenchEnvironment = z.infer<typeof EnvironmentSchema>;
export type BenchGroup = z.infer<typeof GroupSchema>;
export type BenchGroupUsage = z.infer<typeof GroupUsageSchema>;
export type BenchSettings = z.infer<typeof SettingsSchema>;
export type BenchRun = z.infer<typeof RunSchema>;
export type PointSummary = z.infer<typeof PointSummarySchema>;
export type Stat = z.infer<typeof StatSchema>;
export type Quantiles = z.infer<typeof QuantilesSchema>;
export type Spread = z.infer<typeof SpreadSchema>;
export type ModelId = z.infer<typeof ModelIdSchema>;
export type Endpoint = z.infer<typeof EndpointSchema>;
export type ScenarioKind = z.infer<typeof ScenarioKindSchema>;
export type AppId = z.infer<typeof AppIdSchema>;
export type WorkersRule = z.infer<typeof WorkersRuleSchema>;
export type ServerLimits = z.infer<typeof ServerLimitsSchema>;
export type ServerOptions = z.infer<typeof ServerOptionsSchema>;
export type {
  Arrival,
  Capacity,
  DistributionMs,
  OpenLoopPoint,
  OpenLoopRepetition,
  OpenLoopSettings,
} from './open-loop-schema.ts';
