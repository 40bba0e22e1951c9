/**
 * wrk: closed-loop load (each connection sends its next request when the previous answer
 * arrives), pinned to the client CPUs, reporting through report.lua beside this file.
 */
import { fileURLToPath } from 'node:url';
import { runTracked } from '../../system/processes.ts';
import { parseSpreadLine, SPREAD_ENV, type RawSpread } from './spread.ts';

export const REPORT_LUA = fileURLToPath(new URL('./report.lua', import.meta.url));

/** The environment that makes report.lua count responses by status and JSON error kind. */
export const STATUS_ENV = { BENCH_WRK_STATUS: '1' } as const;

/** What report.lua prints, with wrk's own units (microseconds, clock ticks). */
export interface WrkReport {
  requests: number;
  durationUs: number;
  bytes: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  /**
   * null when no answer arrived within --timeout (none completed, or all were timeouts): wrk
   * then reports its histogram's initial extremes.
   */
  latencyUs: {
    min: number;
    max: number;
    mean: number;
    stdev: number;
    p50: number;
    p90: number;
    p99: number;
    p999: number;
  } | null;
  /** wrk's own CPU time in clock ticks, or -1 when /proc/self/stat was unreadable. */
  cpuTicks: number;
  /** Responses per connection and process, when the run counted them (`countSpread`). */
  spread?: RawSpread;
  /** Responses by status (and JSON error kind), when the run counted them (`countStatuses`). */
  statusCounts?: Record<string, number>;
}

/** Options of one wrk run. */
export interface WrkRun {
  url: string;
  connections: number;
  durationS: number;
  timeoutS: number;
  clientCpus: readonly number[];
  /** Count responses per worker process and connection (a Lua call per response: costs wrk CPU). */
  countSpread?: boolean;
  /** Count responses by status and JSON error kind (a Lua call per response: costs wrk CPU). */
  countStatuses?: boolean;
}

/** argv for one run: one wrk thread per client CPU (more threads than CPUs only add switching). */
export function buildWrkArgv(run: WrkRun): string[] {
  if (!Number.isInteger(run.durationS) || run.durationS < 1) {
    throw new Error(`wrk takes whole seconds; got durationS=${run.durationS}`);
  }
  const threads = Math.max(1, Math.min(run.clientCpus.length, run.connections));
  return [
    'taskset',
    '-c',
    run.clientCpus.join(','),
    'wrk',
    '-t',
    String(threads),
    '-c',
    String(run.connections),
    '-d',
    `${run.durationS}s`,
    '--timeout',
    `${run.timeoutS}s`,
    '-s',
    REPORT_LUA,
    run.url,
  ];
}

/** Pull the WRK_JSON line out of wrk's stdout and check its shape. */
export function parseWrkReport(stdout: string): WrkReport {
  const line = stdout.split('\n').find((l) => l.startsWith('WRK_JSON '));
  if (!line)
    throw new Error(
      `wrk printed no WRK_JSON line (is harness/measure/wrk/report.lua loaded?); output was: ${JSON.stringify(stdout.slice(0, 200))}`,
    );
  let data: unknown;
  try {
    data = JSON.parse(line.slice('WRK_JSON '.length));
  } catch (error) {
    throw new Error(`wrk's WRK_JSON line is not JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const report = data as WrkReport;
  if (!report.errors || !report.latencyUs) throw new Error('wrk report lacks errors or latencyUs');
  // wrk leaves answers slower than --timeout out of its latency histogram (counting them as
  // timeouts), so the histogram can be empty even when requests completed; its min is then
  // still the UINT64_MAX it started from, which %d prints as a negative number.
  const l = report.latencyUs;
  if (report.requests === 0 || l.min < 0 || l.min > l.max) report.latencyUs = null;
  const numbers: Array<[string, unknown]> = [
    ['requests', report.requests],
    ['durationUs', report.durationUs],
    ...Object.entries(report.errors).map(([k, v]): [string, unknown] => [`errors.${k}`, v]),
    ...Object.entries(report.latencyUs ?? {}).map(([k, v]): [string, unknown] => [
      `latencyUs.${k}`,
      v,
    ]),
    ...Object.entries(report.statusCounts ?? {}).map(([k, v]): [string, unknown] => [
      `statusCounts.${k}`,
      v,
    ]),
  ];
  for (const [name, value] of numbers) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new Error(
        `wrk report field ${name} is not a non-negative number: ${JSON.stringify(value)}`,
      );
    }
  }
  if (report.durationUs <= 0) throw new Error('wrk report has a zero duration');
  const spread = parseSpreadLine(stdout);
  return spread ? { ...report, spread } : report;
}

/** The environment that switches on the counts a run asks for (each costs wrk CPU). */
export function buildWrkEnv(
  run: Pick<WrkRun, 'countSpread' | 'countStatuses'>,
): Record<string, string> {
  return { ...(run.countSpread ? SPREAD_ENV : {}), ...(run.countStatuses ? STATUS_ENV : {}) };
}

/** Run wrk to completion; resolves with its report or rejects with its stderr. */
export async function runWrk(run: WrkRun): Promise<WrkReport> {
  const argv = buildWrkArgv(run);
  const { code, signal, stdout, stderr } = await runTracked(argv, buildWrkEnv(run));
  if (code !== 0)
    throw new Error(`wrk exited with ${signal ?? code}: ${argv.join(' ')}\n${stderr.trim()}`);
  const report = parseWrkReport(stdout);
  if (run.countSpread && !report.spread)
    throw new Error(`wrk printed no WRK_SPREAD line although asked to count: ${argv.join(' ')}`);
  if (run.countStatuses && !report.statusCounts)
    throw new Error(`wrk reported no statusCounts although asked to count: ${argv.join(' ')}`);
  return report;
}
