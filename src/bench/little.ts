/**
 * Little's law bounds on throughput: N requests in service at once, each taking `ms`, complete
 * at most N x 1000 / ms per second. Computed from an experiment's parameters, never from its
 * measurements; the harness's sanity checks and the charts' dashed lines both use them.
 */
import { holdsDbConnectionFor, holdsSlotWhileWaiting } from './endpoints.ts';
import { toBaseModel } from './model-family.ts';
import type { BenchPoint } from './schema.ts';

/** Requests per second that `slots` requests in service at once allow when each takes `ms`. */
export function computeLittleBound(slots: number, ms: number): number {
  return (slots * 1000) / ms;
}

/** One bound and why it applies. */
export interface ThroughputBound {
  /**
   * What is in service at once: closed-loop connections, worker slots, server CPUs, or the
   * database connections the app's processes hold (processes x pool size).
   */
  by: 'connections' | 'slots' | 'server-cpus' | 'db-connections';
  /** req/s. */
  limit: number;
  /** e.g. `3 worker slot(s) x 20 req/s`. */
  why: string;
}

/** Worker slots of a point: processes x threads. */
export function countSlots(point: Pick<BenchPoint, 'workers' | 'threads' | 'model'>): number {
  return point.workers * (toBaseModel(point.model) === 'gunicorn-gthread' ? point.threads : 1);
}

/**
 * Database connections the app can hold at once: processes (workers) x connections per process
 * (`poolSize`); null when the point does not say (no database, or a connection per request).
 */
export function countDbConnections(
  point: Pick<BenchPoint, 'workers' | 'poolSize' | 'dbConnections'>,
): number | null {
  if (point.poolSize === undefined || point.dbConnections === 'per-request') return null;
  return point.workers * point.poolSize;
}

/** Every bound that applies to a point (none for an endpoint that takes no time). */
export function listThroughputBounds(point: BenchPoint, serverCpuCount: number): ThroughputBound[] {
  const ms = point.endpointMs;
  if (ms <= 0) return [];
  const perSlot = computeLittleBound(1, ms);
  // Closed loop: every connection waits at least `ms` per request.
  const bounds: ThroughputBound[] = [
    {
      by: 'connections',
      limit: computeLittleBound(point.concurrency, ms),
      why: `${point.concurrency} connections x ${perSlot} req/s`,
    },
  ];
  if (holdsSlotWhileWaiting(point.model, point.endpoint, point.dbAccess)) {
    const slots = countSlots(point);
    bounds.push({
      by: 'slots',
      limit: computeLittleBound(slots, ms),
      why: `${slots} worker slot(s) x ${perSlot} req/s`,
    });
  }
  const connections = countDbConnections(point);
  if (connections !== null && holdsDbConnectionFor(point.endpoint, ms) !== null) {
    // Each request holds one of them for the whole query (pg_sleep inside it).
    bounds.push({
      by: 'db-connections',
      limit: computeLittleBound(connections, ms),
      why: `${point.workers} process(es) x ${point.poolSize} database connection(s) x ${perSlot} req/s`,
    });
  }
  if (point.endpoint === 'cpu') {
    bounds.push({
      by: 'server-cpus',
      limit: computeLittleBound(serverCpuCount, ms),
      why: `${serverCpuCount} server CPU(s) x ${perSlot} req/s`,
    });
  }
  return bounds;
}

/** The tightest bound on a point's throughput, or null when none applies. */
export function computeThroughputBound(
  point: BenchPoint,
  serverCpuCount: number,
): ThroughputBound | null {
  return listThroughputBounds(point, serverCpuCount).reduce<ThroughputBound | null>(
    (tightest, bound) => (tightest === null || bound.limit < tightest.limit ? bound : tightest),
    null,
  );
}
