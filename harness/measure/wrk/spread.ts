/**
 * How a window's responses spread over worker processes and client connections: read from the
 * `WRK_SPREAD` line report.lua prints when BENCH_WRK_SPREAD=1, summarized per process and per
 * connection (`SpreadSchema`).
 */
import type { Spread } from '../../../src/bench/schema.ts';
import { computeQuantiles } from '../../../src/bench/stats.ts';

/** What report.lua prints: per client connection, its responses and the pid that sent them. */
export interface RawSpread {
  connections: Array<[requests: number, pid: string]>;
  untagged: number;
}

/** The environment that makes report.lua count the spread. */
export const SPREAD_ENV = { BENCH_WRK_SPREAD: '1' } as const;

/** The WRK_SPREAD line of wrk's output, checked; null when wrk printed none. */
export function parseSpreadLine(stdout: string): RawSpread | null {
  const line = stdout.split('\n').find((l) => l.startsWith('WRK_SPREAD '));
  if (!line) return null;
  let data: unknown;
  try {
    data = JSON.parse(line.slice('WRK_SPREAD '.length));
  } catch (error) {
    throw new Error(`wrk's WRK_SPREAD line is not JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const raw = data as Partial<RawSpread>;
  const valid =
    Array.isArray(raw.connections) &&
    raw.connections.every(
      (c) =>
        Array.isArray(c) &&
        Number.isInteger(c[0]) &&
        c[0] > 0 &&
        typeof c[1] === 'string' &&
        /^\d+$/.test(c[1]),
    ) &&
    Number.isInteger(raw.untagged) &&
    (raw.untagged ?? -1) >= 0;
  if (!valid)
    throw new Error(
      `wrk's WRK_SPREAD line lacks [requests, "pid"] pairs or an untagged count: ${line.slice(0, 200)}`,
    );
  return raw as RawSpread;
}

/** Responses per process and per connection; `concurrency` is how many connections wrk kept. */
export function summarizeSpread(raw: RawSpread, concurrency: number): Spread {
  const byPid = new Map<string, number[]>();
  for (const [requests, pid] of raw.connections)
    byPid.set(pid, [...(byPid.get(pid) ?? []), requests]);
  const processes: Spread['processes'] = {};
  for (const [pid, counts] of [...byPid].sort(([a], [b]) => Number(a) - Number(b)))
    processes[pid] = {
      requests: counts.reduce((a, b) => a + b, 0),
      connections: counts.length,
      requestsPerConnection: computeQuantiles(counts),
    };
  const seen = raw.connections.length;
  return {
    processes,
    connectionsSeen: seen,
    connectionsWithoutResponse: Math.max(0, concurrency - seen),
    requestsPerConnection: computeQuantiles(raw.connections.map(([requests]) => requests)),
    untagged: raw.untagged,
  };
}
