/**
 * What each endpoint of the apps under test (harness/apps) does with its `ms` parameter: the
 * URL path, the wait and the CPU work in one request, and whether the request holds its worker
 * slot (process, thread or event loop) while it waits. The harness builds URLs from it, its
 * sanity checks and the charts derive Little's-law bounds from it, and the simulator maps
 * recorded points onto its sliders with it.
 */
import { toBaseModel } from './model-family.ts';
import type { DbAccess } from './database-schema.ts';
import type { Endpoint, ModelId } from './schema.ts';

/** The wait of the `io` and `block` endpoints in every scenario that uses them, ms. */
export const IO_MS = 50;
/** The pure-Python work of the `cpu` endpoint in every scenario that uses it, ms. */
export const CPU_MS = 5;
/**
 * The database's wait in the `slow-query` endpoint in every scenario that uses it, ms: the
 * 20 ms of Grinberg's DB_SLEEP, a query that holds its connection as a slow report would.
 */
export const SLOW_QUERY_MS = 20;

/** Endpoints that take no `ms` parameter. */
const WITHOUT_MS: readonly Endpoint[] = ['hello', 'db'];

/** Whether an endpoint takes the `ms` parameter (and a point's `endpointMs` means something). */
export function takesMs(endpoint: Endpoint): boolean {
  return !WITHOUT_MS.includes(endpoint);
}

/** The request path, e.g. `/hello`, `/db` or `/io?ms=50`. */
export function toEndpointPath(endpoint: Endpoint, ms: number): string {
  return takesMs(endpoint) ? `/${endpoint}?ms=${ms}` : `/${endpoint}`;
}

/**
 * Whether the harness counts responses by status and error kind (`statusCounts`): for the
 * database endpoints, whose errors say what the pool and the database did. It costs the load
 * generator a Lua call per response, so the other endpoints go without.
 */
export function countsStatuses(endpoint: Endpoint): boolean {
  return endpoint === 'db' || endpoint === 'slow-query';
}

/**
 * Whether a request of this endpoint holds one database connection for at least `ms`: a
 * `slow-query` runs `pg_sleep` inside its lookup, so its connection (and the backend behind it)
 * is taken for the whole wait. Every connection the app can hold then serves at most 1000 / ms
 * requests per second (little.ts). A `db` lookup holds one too, for a time the database decides.
 */
export function holdsDbConnectionFor(endpoint: Endpoint, ms: number): number | null {
  return endpoint === 'slow-query' ? ms : null;
}

/** One request's wait and CPU work, ms. */
export interface EndpointWork {
  ioMs: number;
  cpuMs: number;
}

/**
 * The wait and work of one request; null for `block`, whose wait (time.sleep inside async def)
 * is neither: it waits while holding the event loop, as CPU work would; and null for `db`,
 * whose wait and work are whatever the database and the driver take, not a parameter. A
 * `slow-query` waits `ms` for the database (and its driver and framework work besides).
 */
export function toEndpointWork(endpoint: Endpoint, ms: number): EndpointWork | null {
  switch (endpoint) {
    case 'hello':
      return { ioMs: 0, cpuMs: 0 };
    case 'io':
      return { ioMs: ms, cpuMs: 0 };
    case 'cpu':
      return { ioMs: 0, cpuMs: ms };
    case 'slow-query':
      return { ioMs: ms, cpuMs: 0 };
    case 'block':
    case 'db':
      return null;
  }
}

/**
 * Whether one request holds a worker slot for its whole wait: a sync worker or a gthread thread
 * sleeping in `time.sleep` or waiting for the database, or an event loop blocked by either (the
 * `block` endpoint, or a blocking driver inside `async def`: `dbAccess` `sync-in-async`). Then
 * the slots (workers x threads), not the connections, bound throughput. gevent's patched sleep
 * and socket, `await`, and Django's thread per request under ASGI free the slot while they wait.
 */
export function holdsSlotWhileWaiting(
  model: ModelId,
  endpoint: Endpoint,
  dbAccess?: DbAccess,
): boolean {
  if (endpoint === 'block' || dbAccess === 'sync-in-async') return true;
  const base = toBaseModel(model);
  const waits = endpoint === 'io' || endpoint === 'slow-query';
  return waits && (base === 'gunicorn-sync' || base === 'gunicorn-gthread');
}
