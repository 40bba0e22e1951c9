/**
 * Every chart of the site, declared once. Chapters place one with `<Chart id="..." />`; each
 * also gets a permalink page (/charts/<id>/), an embed page, a static image and a gallery card.
 * Subtitles (one sentence, under the title) and captions say what a chart shows, never a
 * measured number: numbers come from the datasets, a subtitle's through its placeholders.
 */
import type { ChartDefinitionInput } from './model/chart-definition.ts';
import { investigationChartDefinitions } from './registry-investigations.ts';
import { openLoopChartDefinitions } from './registry-open-loop.ts';
import { productionChartDefinitions } from './registry-production.ts';

const connections = { field: 'concurrency', label: 'Connections', scale: 'logarithmic' } as const;
const sweepMetrics = [
  'throughput',
  'p50',
  'p99',
  'errors',
  'memory',
  'cpu',
  'cpuSlowdown',
] as const;
/** A dataset recorded in two or more runs (`--append`): how far a point moved between them. */
const runMetrics = ['betweenRuns', 'withinRuns'] as const;
const dbSweepMetrics = [
  'throughput',
  'okThroughput',
  'p50',
  'p99',
  'errors',
  'dbConnections',
  'cpu',
  'dbCpu',
  'memory',
] as const;

/** One concurrency sweep, as the charts derived from it name its endpoint. */
interface Sweep {
  dataset: 'sweep-hello' | 'sweep-io' | 'sweep-cpu';
  /** What a request does, after "on" in a title. */
  title: string;
  /** What the servers answer, after "on" in a subtitle (placeholders allowed). */
  subtitle: string;
  /** The endpoint, as a caption names it. */
  caption: string;
  /** The sweep's CPU bound line, where the endpoint computes. */
  cpuBound?: boolean;
  /** Its equal-count variant was recorded in two or more runs (`--append`). */
  equalWorkersInRuns?: boolean;
}
const HELLO: Sweep = {
  dataset: 'sweep-hello',
  title: 'a small JSON answer',
  subtitle: 'a small JSON response',
  caption: 'on /hello',
  equalWorkersInRuns: true,
};
const IO: Sweep = {
  dataset: 'sweep-io',
  title: 'a request that waits 50 ms',
  subtitle: 'requests that each wait {endpointMs}',
  caption: 'on /io (50 ms wait)',
};
const CPU: Sweep = {
  dataset: 'sweep-cpu',
  title: '5 ms of pure-Python CPU work',
  subtitle: 'requests that each need {endpointMs} of CPU, with {serverCpus}',
  caption: 'on /cpu (5 ms of pure-Python work)',
  cpuBound: true,
  equalWorkersInRuns: true,
};

/** uvicorn, Hypercorn and Daphne, the ASGI servers that run on their own, in one sweep. */
function asgiServersChart(sweep: Sweep): ChartDefinitionInput {
  return {
    id: `${sweep.dataset}-asgi-servers`,
    title: `uvicorn, Hypercorn and Daphne on ${sweep.title}`,
    subtitle: `Three ASGI servers on their own, uvicorn ({workers@uvicorn}), Hypercorn ({workers@hypercorn}) and Daphne ({workers@daphne}), on ${sweep.subtitle}, as connections grow to {concurrency.max}.`,
    dataset: sweep.dataset,
    x: connections,
    series: ['model'],
    where: [{ model: ['uvicorn', 'hypercorn', 'daphne'] }],
    metrics: ['throughput', 'p99', 'p50', 'errors', 'cpu', 'memory'],
    caption:
      'uvicorn, Hypercorn (uvloop worker class) and Daphne, each run as its documentation ' +
      'advises (one process per core; Daphne has no workers option and runs as one process), ' +
      `${sweep.caption} as connections grow.`,
  };
}

/** A sweep's equal-count variant: Gunicorn's two ASGI worker classes at (2 x cores) + 1. */
function equalWorkersChart(sweep: Sweep): ChartDefinitionInput {
  return {
    id: `${sweep.dataset}-equal-workers`,
    title: `Gunicorn's ASGI workers at its general worker count: ${sweep.title}`,
    subtitle: `gunicorn with uvicorn's worker class ({workers@gunicorn-uvicorn-worker}) and gunicorn's asgi worker ({workers@gunicorn-asgi}), the count its WSGI classes run, on ${sweep.subtitle}, as connections grow to {concurrency.max}.`,
    dataset: `${sweep.dataset}-equal-workers`,
    x: connections,
    series: ['model', 'workers'],
    metrics: [
      ...(['throughput', 'p99', 'p50', 'errors', 'cpu', 'cpuSlowdown', 'memory'] as const),
      ...(sweep.equalWorkersInRuns ? runMetrics : []),
    ],
    ...(sweep.cpuBound ? { bounds: [{ by: 'server-cpus' as const }] } : {}),
    caption:
      `The equal-count variant of ${sweep.dataset}: gunicorn's two ASGI worker classes at ` +
      "gunicorn's general (2 x cores) + 1 workers instead of the one per core its ASGI guide " +
      `advises, ${sweep.caption}${sweep.cpuBound ? '; the dashed line is the CPU bound' : ''}. ` +
      'The main sweep runs them one per core.',
  };
}

/** The chart definitions, in gallery order. */
export const chartDefinitions: readonly ChartDefinitionInput[] = [
  {
    id: 'sweep-hello',
    title: 'Concurrency sweep: a small JSON answer',
    subtitle:
      'Every server model answers a small JSON response as connections grow to {concurrency.max}; gunicorn sync runs {workers@gunicorn-sync}, uvicorn {workers@uvicorn}.',
    dataset: 'sweep-hello',
    x: connections,
    series: ['model'],
    metrics: [...sweepMetrics, ...runMetrics],
    caption:
      'Each server model at its default worker count answering /hello, as the number of ' +
      'closed-loop wrk connections grows: the per-request overhead of each server and model.',
  },
  {
    id: 'sweep-hello-sync-gthread',
    title: 'Keep-alive: gunicorn gthread versus sync on a small JSON answer',
    subtitle:
      'gunicorn sync ({workers@gunicorn-sync}, one request each) and gthread ({workers@gunicorn-gthread} of {threads@gunicorn-gthread}) answer a small JSON response as connections grow to {concurrency.max}.',
    dataset: 'sweep-hello',
    x: connections,
    series: ['model'],
    where: [{ model: ['gunicorn-sync', 'gunicorn-gthread'] }],
    metrics: ['throughput', 'p99', 'p50', 'errors'],
    caption:
      'gunicorn sync, which closes every connection after its response, and gthread, which keeps ' +
      "connections alive, at gunicorn's default worker count on /hello, as wrk connections grow.",
  },
  {
    id: 'sweep-hello-asgi',
    title: 'ASGI servers on a small JSON answer',
    subtitle:
      "uvicorn ({workers@uvicorn}), gunicorn with uvicorn's worker class ({workers@gunicorn-uvicorn-worker}) and gunicorn's asgi worker ({workers@gunicorn-asgi}) answer a small JSON response as connections grow to {concurrency.max}.",
    dataset: 'sweep-hello',
    x: connections,
    series: ['model', 'workers'],
    where: [{ model: ['uvicorn', 'gunicorn-uvicorn-worker', 'gunicorn-asgi'] }],
    metrics: ['throughput', 'p99', 'p50', 'cpu', 'memory'],
    caption:
      "uvicorn, gunicorn with uvicorn's worker class, and gunicorn's native ASGI worker, each at " +
      "its project's default worker count (in the legend), on /hello as connections grow.",
  },
  asgiServersChart(HELLO),
  equalWorkersChart(HELLO),
  {
    id: 'sweep-io',
    title: 'Concurrency sweep: a request that waits 50 ms',
    subtitle:
      'Requests that each wait {endpointMs}, as connections grow to {concurrency.max}; gunicorn sync runs {workers@gunicorn-sync} that hold one request at a time, and the dashed line is what that allows.',
    dataset: 'sweep-io',
    x: connections,
    series: ['model'],
    metrics: [...sweepMetrics],
    bounds: [{ by: 'slots', model: 'gunicorn-sync' }],
    caption:
      'Each server model at its default worker count on /io, which waits 50 ms per request ' +
      '(time.sleep, gevent-patched sleep, or asyncio.sleep), as connections grow. The dashed ' +
      "line is gunicorn sync's bound: workers x 1000 / 50 ms.",
  },
  {
    id: 'sweep-io-gunicorn',
    title: 'gunicorn sync, gthread and gevent on a request that waits 50 ms',
    subtitle:
      "gunicorn's sync ({workers@gunicorn-sync}), gthread ({workers@gunicorn-gthread} of {threads@gunicorn-gthread}) and gevent ({workers@gunicorn-gevent}) worker classes on requests that each wait {endpointMs}, as connections grow to {concurrency.max}.",
    dataset: 'sweep-io',
    x: connections,
    series: ['model'],
    where: [{ model: ['gunicorn-sync', 'gunicorn-gthread', 'gunicorn-gevent'] }],
    metrics: ['throughput', 'p99', 'p50', 'errors'],
    bounds: [{ by: 'slots', model: 'gunicorn-sync' }],
    caption:
      "gunicorn's three WSGI worker classes at the default worker count on /io (50 ms wait), as " +
      "connections grow. The dashed line is the sync worker's bound: workers x 1000 / 50 ms.",
  },
  {
    id: 'sweep-io-gevent-sync',
    title: 'gevent versus sync workers on a request that waits 50 ms',
    subtitle:
      'gunicorn with {workers@gunicorn-sync} of the sync class and {workers@gunicorn-gevent} of the gevent class, on requests that each wait {endpointMs}, as connections grow to {concurrency.max}.',
    dataset: 'sweep-io',
    x: connections,
    series: ['model'],
    where: [{ model: ['gunicorn-sync', 'gunicorn-gevent'] }],
    metrics: ['throughput', 'p99', 'p50', 'errors'],
    bounds: [{ by: 'slots', model: 'gunicorn-sync' }],
    caption:
      'gunicorn with the sync and the gevent worker class, the same number of worker processes, ' +
      'on /io (50 ms wait) as connections grow. The dashed line is the sync bound.',
  },
  {
    id: 'sweep-io-asgi',
    title: 'ASGI servers on a request that waits 50 ms',
    subtitle:
      "uvicorn ({workers@uvicorn}), gunicorn with uvicorn's worker class ({workers@gunicorn-uvicorn-worker}) and gunicorn's asgi worker ({workers@gunicorn-asgi}) on requests that each wait {endpointMs}, as connections grow to {concurrency.max}.",
    dataset: 'sweep-io',
    x: connections,
    series: ['model', 'workers'],
    where: [{ model: ['uvicorn', 'gunicorn-uvicorn-worker', 'gunicorn-asgi'] }],
    metrics: ['throughput', 'p99', 'p50', 'cpu', 'memory'],
    caption:
      "uvicorn, gunicorn with uvicorn's worker class, and gunicorn's native ASGI worker, each at " +
      "its project's default worker count (in the legend), on /io (50 ms wait) as connections grow.",
  },
  asgiServersChart(IO),
  equalWorkersChart(IO),
  {
    id: 'uvicorn-loops',
    title: 'uvicorn: uvloop and httptools versus asyncio and h11',
    subtitle:
      'uvicorn with {workers} on a small JSON response, running uvloop and httptools or asyncio and h11, as connections grow to {concurrency.max}.',
    dataset: 'uvicorn-loops',
    x: connections,
    series: ['model'],
    metrics: ['throughput', 'p50', 'p99', 'cpu', 'memory', 'cpuSlowdown', ...runMetrics],
    caption:
      'One uvicorn process on /hello as connections grow, with its defaults (--loop auto ' +
      '--http auto, which chose uvloop and httptools, both installed) and with --loop asyncio ' +
      "--http h11, what 'pip install uvicorn' without extras runs.",
  },
  {
    id: 'sweep-cpu',
    title: 'Concurrency sweep: 5 ms of pure-Python CPU work',
    subtitle:
      'Every server model on requests that each need {endpointMs} of pure-Python CPU, with {serverCpus} for the server, as connections grow to {concurrency.max}.',
    dataset: 'sweep-cpu',
    x: connections,
    series: ['model'],
    metrics: [...sweepMetrics, ...runMetrics],
    bounds: [{ by: 'server-cpus' }],
    caption:
      'Each server model at its default worker count on /cpu, which burns 5 ms of pure-Python ' +
      'CPU per request, as connections grow. The dashed line is the CPU bound: server CPUs x ' +
      '1000 / 5 ms.',
  },
  {
    id: 'sweep-cpu-uvicorn-sync',
    title: 'uvicorn versus gunicorn sync on 5 ms of CPU work',
    subtitle:
      'uvicorn ({workers@uvicorn}) and gunicorn sync ({workers@gunicorn-sync}) on requests that each need {endpointMs} of CPU, with {serverCpus}, as connections grow to {concurrency.max}.',
    dataset: 'sweep-cpu',
    x: connections,
    series: ['model'],
    where: [{ model: ['gunicorn-sync', 'uvicorn'] }],
    metrics: ['throughput', 'p99', 'p50', 'cpu', 'cpuSlowdown'],
    bounds: [{ by: 'server-cpus' }],
    caption:
      'uvicorn and gunicorn sync at their default worker counts on /cpu (5 ms of pure-Python work) ' +
      'as connections grow. The dashed line is the CPU bound.',
  },
  equalWorkersChart(CPU),
  {
    id: 'workers-threads',
    title: 'More workers: gunicorn sync and gthread on a waiting request',
    subtitle:
      'gunicorn sync and gthread (each worker with {threads@gunicorn-gthread}) serving {concurrency} whose requests wait {endpointMs}, as worker processes grow to {workers.max}.',
    dataset: 'workers-threads',
    x: { field: 'workers', label: 'Worker processes', scale: 'logarithmic' },
    series: ['model', 'threads'],
    where: [{ model: ['gunicorn-sync'] }, { model: ['gunicorn-gthread'], threads: [4] }],
    metrics: ['throughput', 'memory', 'p99', 'idleMemory'],
    caption:
      'gunicorn sync (one thread per worker) and gthread (4 threads per worker) on /io (50 ms ' +
      'wait) at 128 connections, as the number of worker processes grows.',
  },
  {
    id: 'gthread-threads',
    title: 'More threads: gunicorn gthread on a waiting request',
    subtitle:
      'gunicorn gthread with {workers} serving {concurrency} whose requests wait {endpointMs}, as threads per worker grow to {threads.max}.',
    dataset: 'workers-threads',
    x: { field: 'threads', label: 'Threads per worker', scale: 'logarithmic' },
    series: ['model', 'workers'],
    where: [{ model: ['gunicorn-gthread'], workers: [3] }],
    metrics: ['throughput', 'memory', 'p99', 'idleMemory'],
    caption:
      'gunicorn gthread with 3 worker processes on /io (50 ms wait) at 128 connections, as the ' +
      'number of threads per worker grows.',
  },
  {
    id: 'blocking-loop',
    title: 'Blocking the event loop: await asyncio.sleep versus time.sleep',
    subtitle:
      'uvicorn ({workers}) on two handlers that each pause {endpointMs}, one with await asyncio.sleep and one with time.sleep, as connections grow to {concurrency.max}.',
    dataset: 'blocking-loop',
    x: connections,
    series: ['endpoint'],
    metrics: ['throughput', 'p99', 'p50', 'errors'],
    bounds: [{ by: 'slots', model: 'uvicorn' }],
    caption:
      'uvicorn at its default worker count: /io awaits asyncio.sleep(0.05), /block calls ' +
      'time.sleep(0.05) inside async def; both as connections grow. The dashed line is what ' +
      'one request at a time per worker allows: workers x 1000 / 50 ms.',
  },
  {
    id: 'slow-clients',
    title: 'Slow clients: 64 Slowloris connections beside 16 normal ones',
    subtitle:
      'Every server model answering {concurrency} of normal clients, without and with {slowClients.max} that never finish their request headers.',
    dataset: 'slow-clients',
    x: { field: 'slowClients', label: 'Slow connections', scale: 'linear' },
    series: ['model'],
    metrics: ['throughput', 'p99', 'errors', 'cpuSlowdown'],
    caption:
      'Each server model at its default worker count answering /hello to 16 wrk connections, ' +
      'without and with 64 connections that send request headers slowly and never finish them. ' +
      'Throughput is that of the normal clients.',
  },
  {
    id: 'slow-clients-gevent-sync',
    title: 'Slow clients: gevent versus sync workers',
    subtitle:
      'gunicorn sync ({workers@gunicorn-sync}) and gevent ({workers@gunicorn-gevent}) answering {concurrency} of normal clients, without and with {slowClients.max} that never finish their request headers.',
    dataset: 'slow-clients',
    x: { field: 'slowClients', label: 'Slow connections', scale: 'linear' },
    series: ['model'],
    where: [{ model: ['gunicorn-sync', 'gunicorn-gevent'] }],
    metrics: ['throughput', 'p99', 'errors'],
    caption:
      'gunicorn with the sync and the gevent worker class answering /hello to 16 wrk connections, ' +
      'without and with 64 slow connections that never finish their headers.',
  },
  {
    id: 'db-frameworks-django',
    title: 'Django on PostgreSQL under each worker model',
    subtitle:
      'Django answers one primary-key lookup in PostgreSQL under each worker model, beside FastAPI with asyncpg, as connections grow to {concurrency.max}; gunicorn sync runs {workers@gunicorn-sync}, uvicorn {workers@uvicorn}.',
    dataset: 'db-frameworks',
    x: connections,
    series: ['app', 'model'],
    where: [{ app: ['django'] }, { app: ['fastapi'], model: ['uvicorn'] }],
    metrics: [...dbSweepMetrics],
    caption:
      "Django's ORM answering /db (one primary-key lookup in PostgreSQL) under gunicorn sync and " +
      "gthread (a persistent connection per thread), gevent (Django's psycopg pool) and uvicorn " +
      "(sync views through sync_to_async, Django's pool), beside FastAPI with asyncpg under " +
      'uvicorn, each at its advised worker count, as connections grow.',
  },
  {
    id: 'db-frameworks-flask',
    title: 'Flask on PostgreSQL under each worker model',
    subtitle:
      'Flask with psycopg_pool answers one primary-key lookup in PostgreSQL under gunicorn sync ({workers@gunicorn-sync}), gthread and gevent, beside FastAPI with asyncpg, as connections grow to {concurrency.max}.',
    dataset: 'db-frameworks',
    x: connections,
    series: ['app', 'model'],
    where: [{ app: ['flask'] }, { app: ['fastapi'], model: ['uvicorn'] }],
    metrics: [...dbSweepMetrics],
    caption:
      'Flask with psycopg 3 and psycopg_pool answering /db under gunicorn sync, gthread and ' +
      'gevent, beside FastAPI with asyncpg under uvicorn, each at its advised worker count and ' +
      'pool size, as connections grow.',
  },
  {
    id: 'db-frameworks-fastapi',
    title: 'FastAPI with asyncpg beside the sync frameworks on PostgreSQL',
    subtitle:
      'FastAPI with asyncpg under uvicorn ({workers@uvicorn}) and gunicorn, beside Flask and Django under gthread ({workers@gunicorn-gthread} of {threads@gunicorn-gthread}), answers one primary-key lookup as connections grow to {concurrency.max}.',
    dataset: 'db-frameworks',
    x: connections,
    series: ['app', 'model'],
    where: [{ app: ['fastapi'] }, { app: ['flask', 'django'], model: ['gunicorn-gthread'] }],
    metrics: [...dbSweepMetrics],
    caption:
      "FastAPI with asyncpg answering /db under uvicorn, gunicorn's uvicorn worker class and " +
      "gunicorn's asgi worker, beside Flask and Django under gunicorn gthread, each at its " +
      'advised worker count and pool size, as connections grow.',
  },
  {
    id: 'db-pool',
    title: 'A 20 ms query: the connection pool per process against max_connections',
    subtitle:
      'Each request holds a database connection for a query of {endpointMs}, at {concurrency}, as the pool per process grows from a {poolSize.min} to a {poolSize.max}; quick error answers count in throughput, not in successful answers.',
    dataset: 'db-pool',
    x: {
      field: 'poolSize',
      label: 'Database connections per process (pool size)',
      scale: 'logarithmic',
    },
    series: ['app', 'model'],
    metrics: [
      'okThroughput',
      'throughput',
      'poolTimeouts',
      'dbRefused',
      'errors',
      'dbConnections',
      'p99',
      'p50',
    ],
    caption:
      'Flask under gunicorn sync, gthread and gevent, and FastAPI with asyncpg under uvicorn and ' +
      "gunicorn's uvicorn worker, on /slow-query?ms=20 (each request holds a connection while " +
      'PostgreSQL waits 20 ms) at 128 connections, as the pool per process grows against a ' +
      'database that admits 27 app connections. Pools grow on demand and give up after 1 s.',
  },
  {
    id: 'db-mistakes-fastapi',
    title: 'FastAPI: a sync driver inside async def, beside the right ways',
    subtitle:
      'FastAPI under uvicorn ({workers@uvicorn}): asyncpg awaited, a blocking driver inside async def, and plain def in the thread pool, as connections grow to {concurrency.max}.',
    dataset: 'db-mistakes',
    x: connections,
    series: ['dbAccess', 'endpoint'],
    where: [{ app: ['fastapi'] }],
    metrics: ['throughput', 'p99', 'p50', 'errors', 'cpu'],
    caption:
      'FastAPI under one uvicorn process on /db and /slow-query?ms=20: asyncpg awaited in async ' +
      "def, psycopg's blocking pool called inside async def, and the same pool behind plain def " +
      'endpoints, which FastAPI runs in its thread pool; as connections grow.',
  },
  {
    id: 'db-mistakes-django',
    title: "Django's sync views under ASGI and under gthread",
    subtitle:
      'The same Django sync views through sync_to_async under uvicorn ({workers@uvicorn}) and under gunicorn gthread ({workers@gunicorn-gthread} of {threads@gunicorn-gthread}), as connections grow to {concurrency.max}.',
    dataset: 'db-mistakes',
    x: connections,
    series: ['model', 'dbAccess', 'endpoint'],
    where: [{ app: ['django'] }],
    metrics: ['throughput', 'p99', 'p50', 'errors', 'dbConnections', 'cpu'],
    caption:
      'The same Django sync views on /db and /slow-query?ms=20 under uvicorn, where Django runs ' +
      'each through sync_to_async with its psycopg pool, and under gunicorn gthread with ' +
      'persistent connections, each at its advised worker count, as connections grow.',
  },
  {
    id: 'db-pgbouncer',
    title: 'PgBouncer in transaction mode beside going straight to PostgreSQL',
    subtitle:
      'Three configurations at {concurrency}, each straight to PostgreSQL and through PgBouncer in transaction mode, on a query of {endpointMs.max} or a lookup.',
    dataset: 'db-pgbouncer',
    x: { field: 'dbRoute', label: "The app's database connections go" },
    series: ['app', 'model'],
    metrics: [
      'okThroughput',
      'throughput',
      'dbRefused',
      'poolTimeouts',
      'errors',
      'dbConnections',
      'p99',
      'dbCpu',
    ],
    caption:
      'Three configurations at 128 connections, each straight to PostgreSQL (27 app connections ' +
      "admitted) and through PgBouncer (20 server connections): FastAPI under three of gunicorn's " +
      'uvicorn workers and Flask under three gevent workers on /slow-query?ms=20, pools growing ' +
      'to 20 per process; Django under gthread with CONN_MAX_AGE 0 (a connection per request) ' +
      'on /db. A line joins the two routes of each configuration.',
  },
  {
    id: 'memory',
    title: 'Memory of the whole server process tree',
    subtitle:
      "Memory of each model's whole process tree as worker processes grow to {workers.max}, at rest and under {concurrency} whose requests wait {endpointMs}.",
    dataset: 'memory',
    x: { field: 'workers', label: 'Worker processes', scale: 'logarithmic' },
    series: ['model'],
    metrics: ['memory', 'idleMemory', 'rss', 'throughput'],
    caption:
      'Proportional set size (PSS: pages shared between forked workers counted once) of each ' +
      'server model under load on /io at 64 connections and at rest, as workers grow; summed RSS, ' +
      'which counts shared pages once per process, is the third metric.',
  },
  ...openLoopChartDefinitions,
  ...productionChartDefinitions,
  ...investigationChartDefinitions,
];
