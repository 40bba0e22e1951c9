/**
 * The charts of the "In production" chapter (issue 15): the same servers under a container's
 * CPU quota with the worker counts people end up with, the memory of a worker with a real
 * framework loaded (with and without `--preload` and `gc.freeze()`), and a leaking worker under
 * a memory limit, without and with `max_requests`. `registry.ts` lists them with the others; the
 * same rules hold (no measured number in a subtitle or caption).
 */
import type { ChartDefinitionInput } from './model/chart-definition.ts';

const cpuLimit = { field: 'cpuLimit', label: 'CPU limit (CFS quota, period 100 ms)' } as const;
const cpuLimitMetrics = [
  'throughput',
  'p99',
  'throttledTime',
  'p50',
  'throttledPeriods',
  'cpu',
] as const;

/** Words shared by the two CPU-limit captions: the rules behind the worker counts. */
const workerRules =
  "The worker counts are the ones people end up with in a container: the model's advice " +
  "(gunicorn's 2 x cores + 1, one uvicorn process per core) for the node's CPUs, which " +
  'multiprocessing.cpu_count() reports whatever the limit; the same for the limit rounded up ' +
  'to whole CPUs; and one process per pod. gthread runs 4 threads per CPU counted. The server ' +
  'is pinned to one CPU in every case, as the other scenarios are.';

/** The production charts, in gallery order. */
export const productionChartDefinitions: readonly ChartDefinitionInput[] = [
  {
    id: 'cpu-limits-cpu',
    title: 'A CPU quota on CPU-bound requests',
    subtitle:
      'gunicorn sync, gthread and uvicorn, each with the worker counts people pick in a container, on requests that each burn {endpointMs} of CPU at {concurrency}, under no CPU limit, one CPU and half a CPU.',
    dataset: 'cpu-limits',
    x: cpuLimit,
    series: ['model', 'workers'],
    where: [{ endpoint: ['cpu'] }],
    metrics: [...cpuLimitMetrics],
    caption:
      'Each server on /cpu?ms=5 at 16 closed-loop connections, in a cgroup with no quota, a ' +
      'quota of one CPU and one of half a CPU per 100 ms period. ' +
      workerRules +
      ' Time throttled is the cgroup waiting for its next period, its quota used up, from cpu.stat.',
  },
  {
    id: 'cpu-limits-io',
    title: 'A CPU quota on requests that wait',
    subtitle:
      'The same servers and worker counts on requests that each wait {endpointMs} at {concurrency}, under no CPU limit, one CPU and half a CPU.',
    dataset: 'cpu-limits',
    x: cpuLimit,
    series: ['model', 'workers'],
    where: [{ endpoint: ['io'] }],
    metrics: [...cpuLimitMetrics],
    caption:
      'Each server on /io?ms=50 (time.sleep under WSGI, asyncio.sleep under ASGI) at 16 ' +
      'closed-loop connections, under the same three limits. ' +
      workerRules,
  },
  {
    id: 'framework-memory-workers',
    title: 'Memory of one and three workers with a framework loaded',
    subtitle:
      'Memory of the whole server process tree with Flask, Django or FastAPI loaded, each worker importing the app, at {workers.min} and {workers.max}, at rest and under a light load.',
    dataset: 'framework-memory',
    x: { field: 'workers', label: 'Worker processes' },
    series: ['app', 'model'],
    where: [{ appLoading: ['per-worker'] }],
    metrics: ['idleMemory', 'memory', 'throughput'],
    caption:
      'PSS (pages shared between processes counted once) of every process of the server, at ' +
      'rest and under /hello at 4 connections, with no database connected. The step from one ' +
      'worker to three is what two more workers cost. uvicorn --workers and Hypercorn spawn ' +
      'fresh interpreters; Daphne runs one process.',
  },
  {
    id: 'framework-memory-preload',
    title: '--preload and gc.freeze(): memory of three gunicorn workers',
    subtitle:
      "Memory of gunicorn's whole process tree with {workers} and Flask, Django or FastAPI loaded: each worker importing the app, the master importing it before the fork (--preload), and that with gc.freeze() before each fork.",
    dataset: 'framework-memory',
    x: { field: 'appLoading', label: 'How the app is loaded' },
    series: ['app', 'model'],
    where: [
      {
        workers: [3],
        model: ['gunicorn-sync', 'gunicorn-gthread', 'gunicorn-gevent', 'gunicorn-uvicorn-worker'],
      },
    ],
    metrics: ['idleMemory', 'memory', 'throughput'],
    caption:
      "PSS of gunicorn's master and three workers at rest and under /hello at 4 connections. " +
      'gc.freeze() runs from a gunicorn config: gc.disable() at start, gc.freeze() right ' +
      "before each fork, gc.enable() in each worker, as CPython's gc docs advise.",
  },
  {
    id: 'memory-limit',
    title: 'A leaking worker under a memory limit, without and with max_requests',
    subtitle:
      'Every model with a worker that keeps memory on each request that waits {endpointMs}, at {concurrency}, in a cgroup with a memory limit: without a worker restart, and with one after a number of requests plus jitter.',
    dataset: 'memory-limit',
    x: { field: 'maxRequests', label: 'Worker restart' },
    series: ['model', 'workers'],
    metrics: ['oomKills', 'processesStarted', 'errors', 'throughput', 'memory'],
    caption:
      'Each request to /leak?ms=50 waits 50 ms and keeps 2048 KiB in the worker for good, at 8 ' +
      'connections, under a 256 MiB memory limit; the restart comes after 10 + randint(0, 10) ' +
      'requests (gunicorn --max-requests 10 --max-requests-jitter 10, uvicorn ' +
      '--limit-max-requests, Hypercorn --max-requests; Daphne has no such setting). A server ' +
      'that died is started again before the next window, which has no warm-up.',
  },
];
