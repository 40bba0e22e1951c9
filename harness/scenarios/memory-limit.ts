/**
 * A memory limit and a worker that outgrows it: every `leak` request keeps LEAK_KIB in the
 * worker that served it, so under a cgroup memory limit (a container's) the OOM killer ends a
 * process sooner or later. What each model does then, and what gunicorn's `max_requests` with
 * `max_requests_jitter` (uvicorn's `--limit-max-requests`, Hypercorn's `--max-requests`)
 * changes, measured: OOM kills from the cgroup, processes started and exited from the server's
 * session, errors from wrk, throughput.
 */
import { IO_MS, LEAK_KIB } from '../../src/bench/endpoints.ts';
import type { ServerOptions } from '../../src/bench/schema.ts';
import type { ModelSpec } from '../system/models.ts';
import { DEFAULT_SERVER_OPTIONS, toOptionArgs } from '../system/server-options.ts';
import {
  withDefaults,
  type PointSpec,
  type ScenarioContext,
  type ScenarioDefinition,
} from './scenario.ts';

/** The server's memory limit: the plain app's processes take tens of MiB, the leak the rest. */
export const MEMORY_LIMIT_BYTES = 256 * 2 ** 20;
/** Enough clients to keep every worker leaking. */
const CONCURRENCY = 8;
/**
 * Restart a worker after 10 to 20 requests, i.e. at most 40 MiB kept: 3 workers (the default on
 * one CPU) stay well under the limit. gunicorn's docs: "This is a simple method to
 * help limit the damage of memory leaks"; the jitter staggers the restarts "to avoid all
 * workers restarting at the same time" (https://gunicorn.org/reference/settings/#max_requests).
 */
const MAX_REQUESTS: ServerOptions = {
  ...DEFAULT_SERVER_OPTIONS,
  maxRequests: 10,
  maxRequestsJitter: 10,
};
const MODELS = [
  'gunicorn-sync',
  'gunicorn-gthread',
  'gunicorn-gevent',
  'uvicorn',
  'hypercorn',
  'daphne',
];

function buildModelPoints(model: ModelSpec, ctx: ScenarioContext): PointSpec[] {
  const limits = { cpus: null, memoryBytes: MEMORY_LIMIT_BYTES, procSysMounted: true };
  // uvicorn's default here is one process, which nothing restarts; two have a supervisor.
  const workerCounts = model.id === 'uvicorn' ? [1, 2] : [model.defaultWorkers(ctx.serverCpuCount)];
  const variants = [undefined, MAX_REQUESTS].filter(
    (options) => !options || Array.isArray(toOptionArgs(model.id, options, '/apps')),
  );
  return workerCounts.flatMap((workers) =>
    variants.map((options) =>
      withDefaults(model, ctx, {
        endpoint: 'leak',
        endpointMs: IO_MS,
        concurrency: CONCURRENCY,
        workers,
        app: 'plain-leak',
        limits,
        ...(options && { options }),
      }),
    ),
  );
}

export const scenario: ScenarioDefinition = {
  id: 'memory-limit',
  description: `Every model at its default worker count (uvicorn also with 2 workers, which have a supervisor) in a cgroup with a ${MEMORY_LIMIT_BYTES / 2 ** 20} MiB memory limit, serving leak?ms=${IO_MS}: io?ms=${IO_MS} plus ${LEAK_KIB} KiB the worker keeps for good, at ${CONCURRENCY} connections, without and with a worker restart after ${MAX_REQUESTS.maxRequests} + randint(0, ${MAX_REQUESTS.maxRequestsJitter}) requests (gunicorn --max-requests and --max-requests-jitter, uvicorn --limit-max-requests, Hypercorn --max-requests; Daphne has no such setting). Per repetition: OOM kills and limit hits from the cgroup, processes started and exited in the server's session, errors and throughput from wrk. A server that dies is started again before the next repetition, as a container's restart policy would; windows have no warm-up (repetitions[].warmupS is 0), so each starts on a running server and measures what happens from there.`,
  build: (ctx) =>
    ctx.models
      .filter((m) => MODELS.includes(m.id))
      .flatMap((model) => buildModelPoints(model, ctx)),
};
