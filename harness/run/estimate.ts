/**
 * How long a scenario takes to record, from its settings alone: every window is a warm-up, the
 * measured window, the wait until the server has worked off the warm-up's backlog (estimated
 * from Little's law) and some bookkeeping; every server start costs a few seconds more. The
 * constants were fitted to the committed recordings' timestamps (bench-data/README.md).
 */
import { holdsSlotWhileWaiting } from '../../src/bench/endpoints.ts';
import { countSlots } from '../../src/bench/little.ts';
import type { PointSpec, ScenarioSettings, ScenarioSpec } from '../scenarios/scenario.ts';
import { describePoint, describeServer } from './run-task.ts';
import { resolveScenarioSettings } from './settings.ts';

/** Bookkeeping per window (memory at rest, reading /proc, starting wrk), seconds. */
export const WINDOW_OVERHEAD_S = 0.2;
/** Starting a server until every worker answers, and stopping it, seconds. */
export const SERVER_START_S = 3;
/** Slow clients connect this long before the warm-up (run-task.ts). */
const SLOW_CLIENT_SETTLE_S = 1;
/** The harness waits at most this long for a backlog to drain (repetition.ts). */
const DRAIN_LIMIT_S = 60;

/**
 * Seconds a server needs after wrk stops to finish what wrk left in flight: `concurrency`
 * requests on however many run at once (worker slots for a request that holds one, the server
 * CPUs for `cpu`), at least one request's time. Nothing for a request that takes no time.
 */
export function estimateDrainS(point: PointSpec, serverCpuCount: number): number {
  const ms = point.endpointMs;
  if (ms <= 0 || point.slowClients > 0) return 0;
  const inParallel = holdsSlotWhileWaiting(point.model, point.endpoint)
    ? countSlots(point)
    : point.endpoint === 'cpu'
      ? serverCpuCount
      : point.concurrency;
  return Math.min(DRAIN_LIMIT_S, (Math.max(1, point.concurrency / inParallel) * ms) / 1000);
}

/** One scenario's estimate. */
export interface Estimate {
  /** Measured windows (points x repetitions x server starts). */
  windows: number;
  /** Server starts (configurations x starts). */
  serverStarts: number;
  seconds: number;
}

/** Estimate one scenario's recording time. */
export function estimateScenario(
  points: readonly PointSpec[],
  settings: Required<ScenarioSettings>,
  serverCpuCount: number,
): Estimate {
  const configurations = new Set(points.map(describeServer)).size;
  const perStart = settings.repetitions;
  const windowS = (p: PointSpec): number =>
    settings.warmupS +
    settings.durationS +
    WINDOW_OVERHEAD_S +
    estimateDrainS(p, serverCpuCount) +
    (p.slowClients > 0 ? SLOW_CLIENT_SETTLE_S : 0);
  const seconds =
    points.reduce((sum, p) => sum + windowS(p), 0) * perStart * settings.serverStarts +
    configurations * settings.serverStarts * SERVER_START_S;
  return {
    windows: points.length * perStart * settings.serverStarts,
    serverStarts: configurations * settings.serverStarts,
    seconds,
  };
}

/** `12.3 min`. */
export function formatMinutes(seconds: number): string {
  return `${(seconds / 60).toFixed(1)} min`;
}

/** One scenario as `--dry-run` lists it. */
export interface PlannedScenario {
  id: string;
  title: string;
  settings: Required<ScenarioSettings>;
  points: readonly PointSpec[];
  estimate: Estimate;
}

/** The `--dry-run` listing: each scenario, its settings, points and estimate, and the total. */
export function formatPlan(plan: readonly PlannedScenario[], listPoints: boolean): string {
  const lines: string[] = [];
  for (const s of plan) {
    const { warmupS, durationS, repetitions, serverStarts } = s.settings;
    const starts = serverStarts > 1 ? ` x ${serverStarts} server starts` : '';
    lines.push(
      `${s.id}: ${s.points.length} points x ${repetitions} repetitions${starts}, ${warmupS} s warm-up + ${durationS} s windows: ${s.estimate.windows} windows, ${s.estimate.serverStarts} server starts, about ${formatMinutes(s.estimate.seconds)}`,
    );
    if (listPoints) for (const p of s.points) lines.push(`  ${describePoint(p)}`);
  }
  const total = plan.reduce((sum, s) => sum + s.estimate.seconds, 0);
  lines.push(`total: about ${formatMinutes(total)} (${plan.length} scenarios)`);
  return `${lines.join('\n')}\n`;
}

/** Each scenario with the settings it records with and its estimate. */
export function planScenarios(
  scenarios: readonly ScenarioSpec[],
  flags: ScenarioSettings,
  quick: boolean,
  serverCpuCount: number,
): PlannedScenario[] {
  return scenarios.map((s) => {
    const settings = resolveScenarioSettings(s.settings, flags, quick);
    return {
      id: s.id,
      title: s.title,
      settings,
      points: s.points,
      estimate: estimateScenario(s.points, settings, serverCpuCount),
    };
  });
}
