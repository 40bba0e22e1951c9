/**
 * Was the load generator the bottleneck? wrk runs one thread per client CPU (never more threads
 * than connections), each on one core; it shares those CPUs with the harness and, in the
 * database scenarios, with PostgreSQL. A repetition whose wrk threads or client CPUs were
 * (nearly) saturated may have measured the client, not the server: the harness logs it, and
 * charts can mark it. Read from a repetition's recorded fields only.
 */
import type { BenchPoint, BenchRepetition } from './schema.ts';

/** Busy share of one core per wrk thread, or of the client CPUs, from which a window is suspect. */
export const CLIENT_SATURATION_SHARE = 0.9;

/** wrk's threads for a point: one per client CPU, never more than its connections. */
export function countWrkThreads(clientCpuCount: number, concurrency: number): number {
  return Math.max(1, Math.min(clientCpuCount, concurrency));
}

/**
 * The load generator of a point and its threads: wrk's, or the open-loop generator (one Node
 * process, whose event loop runs on one core).
 */
export function describeLoadGenerator(
  point: Pick<BenchPoint, 'concurrency'> & { openLoop?: unknown },
  clientCpuCount: number,
): { name: string; threads: number } {
  return point.openLoop
    ? { name: 'the open-loop generator', threads: 1 }
    : { name: 'wrk', threads: countWrkThreads(clientCpuCount, point.concurrency) };
}

/** Why a repetition's load generator may have been saturated, or null when it had room. */
export function findClientSaturation(
  repetition: Pick<BenchRepetition, 'clientCpuCores' | 'clientCpuBusyShare'>,
  wrkThreads: number,
  generator = 'wrk',
): string | null {
  const perThread = repetition.clientCpuCores / wrkThreads;
  if (perThread >= CLIENT_SATURATION_SHARE)
    return `${generator} used ${(perThread * 100).toFixed(0)}% of each of its ${wrkThreads} thread(s)' cores`;
  const busy = repetition.clientCpuBusyShare;
  if (busy !== undefined && busy >= CLIENT_SATURATION_SHARE)
    return `the client CPUs were ${(busy * 100).toFixed(0)}% busy (${generator} ${repetition.clientCpuCores.toFixed(2)} cores, the rest the harness, services placed there or other work)`;
  return null;
}
