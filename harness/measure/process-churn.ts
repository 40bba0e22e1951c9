/**
 * Processes that start and exit in a group during a measured window: worker restarts (after
 * max_requests, or an OOM kill the master answers with a new worker) and a server that dies
 * outright. Sampled from the group's session in /proc, so a process that lives shorter than one
 * interval can be missed; counts are lower bounds.
 */
import type { GroupSampler } from '../system/group.ts';
import { listSessionProcesses } from './proc.ts';

/** How often the session's PIDs are listed. */
const INTERVAL_MS = 100;

/** PIDs that started and exited between the first and every later listing. */
export interface Churn {
  started: Set<number>;
  exited: Set<number>;
}

/** Fold one listing of PIDs into the churn since `initial` (pure, for the tests). */
export function addListing(
  churn: Churn,
  initial: ReadonlySet<number>,
  previous: ReadonlySet<number>,
  now: ReadonlySet<number>,
): void {
  for (const pid of now) if (!initial.has(pid)) churn.started.add(pid);
  for (const pid of previous) if (!now.has(pid)) churn.exited.add(pid);
}

/**
 * A sampler of a group's process churn: `processesStarted`, `processesExited` and
 * `leaderExited` (1 when the session leader, the server's master, was gone by the end).
 */
export function startChurnSampler(sessionId: number): GroupSampler {
  const list = (): Set<number> => new Set(listSessionProcesses(sessionId).map((p) => p.pid));
  const initial = list();
  const churn: Churn = { started: new Set(), exited: new Set() };
  let previous = initial;
  const take = (): void => {
    const now = list();
    addListing(churn, initial, previous, now);
    previous = now;
  };
  const timer = setInterval(take, INTERVAL_MS);
  let result: Promise<Record<string, number>> | null = null;
  return {
    stop: () =>
      (result ??= Promise.resolve().then(() => {
        clearInterval(timer);
        take();
        return {
          processesStarted: churn.started.size,
          processesExited: churn.exited.size,
          leaderExited: previous.has(sessionId) ? 0 : 1,
        };
      })),
  };
}
