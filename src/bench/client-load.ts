/**
 * Was the load generator the bottleneck? wrk runs one thread per client CPU (never more threads
 * than connections), each on one core; it shares those CPUs with the harness and, in the
 * database scenarios, with PostgreSQL. A repetition whose wrk threads or client CPUs were
 * (nearly) saturated may have measured the client, not the server: the harness logs it, and
 * charts can mark it. Read from a repetition's recorded fields only.
 */
import type { BenchRepetition } from './schema.ts';

/** Busy share of one core per wrk thread, or of the client CPUs, from which a window is suspect. */
export const CLIENT_SATURATION_SHARE = 0.9;

/** wrk's threads for a point: one per client CPU, never more than its connections. */
export function countWrkThreads(clientCpuCount: number, concurrency: number): number {
  return Math.max(1, Math.min(clientCpuCount, concurrency));
}

/** Why a repetition's load generator may have been saturated, or null when it had room. */
export function findClientSaturation(
  repetition: Pick<BenchRepetition, 'clientCpuCores' | 'clientCpuBusyShare'>,
  wrkThreads: number,
): string | null {
  const perThread = repetition.clientCpuCores / wrkThreads;
  if (perThread >= CLIENT_SATURATION_SHARE)
    return `wrk used ${(perThread * 100).toFixed(0)}% of each of its ${wrkThreads} thread(s)' cores`;
  const busy = repetition.clientCpuBusyShare;
  if (busy !== undefined && busy >= CLIENT_SATURATION_SHARE)
    return `the client CPUs were ${(busy * 100).toFixed(0)}% busy (wrk ${repetition.clientCpuCores.toFixed(2)} cores, the rest the harness, services placed there or other work)`;
  return null;
}
