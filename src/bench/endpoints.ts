/**
 * What each endpoint of the apps under test (harness/apps) does with its `ms` parameter: the
 * URL path, the wait and the CPU work in one request, and whether the request holds its worker
 * slot (process, thread or event loop) while it waits. The harness builds URLs from it, its
 * sanity checks and the charts derive Little's-law bounds from it, and the simulator maps
 * recorded points onto its sliders with it.
 */
import { toBaseModel } from './model-family.ts';
import type { Endpoint, ModelId } from './schema.ts';

/** The wait of the `io` and `block` endpoints in every scenario that uses them, ms. */
export const IO_MS = 50;
/** The pure-Python work of the `cpu` endpoint in every scenario that uses it, ms. */
export const CPU_MS = 5;

/** The request path, e.g. `/hello` or `/io?ms=50`. */
export function toEndpointPath(endpoint: Endpoint, ms: number): string {
  return endpoint === 'hello' ? '/hello' : `/${endpoint}?ms=${ms}`;
}

/** One request's wait and CPU work, ms. */
export interface EndpointWork {
  ioMs: number;
  cpuMs: number;
}

/**
 * The wait and work of one request; null for `block`, whose wait (time.sleep inside async def)
 * is neither: it waits while holding the event loop, as CPU work would.
 */
export function toEndpointWork(endpoint: Endpoint, ms: number): EndpointWork | null {
  switch (endpoint) {
    case 'hello':
      return { ioMs: 0, cpuMs: 0 };
    case 'io':
      return { ioMs: ms, cpuMs: 0 };
    case 'cpu':
      return { ioMs: 0, cpuMs: ms };
    case 'block':
      return null;
  }
}

/**
 * Whether one request holds a worker slot for its whole wait: a sync worker or a gthread thread
 * sleeping in `time.sleep`, or an event loop blocked by it. Then the slots (workers x threads),
 * not the connections, bound throughput. gevent's patched sleep and `await asyncio.sleep` free
 * the slot while they wait.
 */
export function holdsSlotWhileWaiting(model: ModelId, endpoint: Endpoint): boolean {
  if (endpoint === 'block') return true;
  const base = toBaseModel(model);
  return endpoint === 'io' && (base === 'gunicorn-sync' || base === 'gunicorn-gthread');
}
