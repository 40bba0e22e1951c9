/**
 * How long a scenario takes to record, from its points, services and settings alone: every
 * window is a warm-up, the measured window, the wait until the server has worked off the
 * warm-up's backlog (estimated from Little's law) and some bookkeeping; every server start costs
 * some seconds more, and every service its start once. The framework-less apps' constants were
 * fitted to the committed recordings' timestamps (bench-data/README.md); the database apps'
 * were measured on tiny runs of the database scenarios in the sid root (2026-12, 2 shared cores).
 * An open-loop point's rate is measured at run time, so it is estimated from its capacity rule
 * (`estimateRps`), and its window from that rate. Retries and waits for a quiet machine are not
 * counted, so a noisy machine takes longer.
 */
import { holdsSlotWhileWaiting } from '../../src/bench/endpoints.ts';
import { countSlots } from '../../src/bench/little.ts';
import type { OpenLoopSettings } from '../../src/bench/schema.ts';
import type { PointSpec, ScenarioSettings, ScenarioSpec } from '../scenarios/scenario.ts';
import {
  computeWindowS,
  describeCapacity,
  isOpenLoop,
  toReferencePoint,
  type OpenPointSpec,
} from './open-loop-plan.ts';
import { describePoint, describeServer } from './run-task.ts';
import { resolveScenarioSettings } from './settings.ts';

/** Bookkeeping per window (memory at rest, reading /proc, starting wrk), seconds. */
export const WINDOW_OVERHEAD_S = 0.2;
/**
 * The same for a database app's window, its drain check included (measured as a whole on the
 * database scenarios: 0.7 s without a warm-up, about 1.5 s with the drain check after one): the
 * database's processes and its sampler (peak connections from pg_stat_activity) are read too.
 */
export const DB_WINDOW_OVERHEAD_S = 1.5;
/** Starting a framework-less app's server until every worker answers, and stopping it, seconds. */
export const SERVER_START_S = 3;
/**
 * The same for a database app, which imports Django or FastAPI and opens its pool in every
 * worker before it answers: 9 to 11 s from the last repetition of one configuration to the
 * first of the next.
 */
export const DB_SERVER_START_S = 10;
/** A service whose spec gives no `estimatedStartS` starts and stops in this long, seconds. */
const SERVICE_START_S = 2;
/** Slow clients connect this long before the warm-up (run-task.ts). */
const SLOW_CLIENT_SETTLE_S = 1;
/** The harness waits at most this long for a backlog to drain (repetition.ts). */
const DRAIN_LIMIT_S = 60;
/**
 * Per open-loop repetition beyond warm-up and window: the drain check, the generator's start
 * (Node loading undici, zod and hdr-histogram-js; about 0.5 s of CPU) and the readings.
 */
export const OPEN_OVERHEAD_S = 1;
/**
 * At or above capacity, the generator waits up to its timeout for the window's last requests,
 * and the next repetition waits for the server to work off what was given up.
 */
const OVERLOAD_DRAIN_S = 2;

/**
 * Whether a point's windows get a warm-up: not under a memory limit, where the server may die
 * and starts its window at once (run-task.ts).
 */
function warmsUp(p: PointSpec): boolean {
  return (p.limits?.memoryBytes ?? null) === null;
}

/** The rate an open-loop point is expected to offer, req/s (from its rule's guess if measured). */
function estimateRate(point: OpenPointSpec): number {
  const rule = point.openLoop.capacity;
  return point.openLoop.share * (rule.from === 'configuration' ? rule.rps : rule.estimateRps);
}

/**
 * Seconds of one open-loop point's repetitions (none for a rate beyond the generator, which is
 * skipped), for `repetitions` windows from the rate.
 */
function estimateOpenLoopS(
  point: OpenPointSpec,
  repetitions: number,
  open: OpenLoopSettings,
): number {
  const rate = estimateRate(point);
  if (rate > open.maxRateRps) return 0;
  const windowS = computeWindowS(rate, point.openLoop.arrival, repetitions, open);
  const drainS = point.openLoop.share >= 1 ? open.timeoutS + OVERLOAD_DRAIN_S : 0;
  const warmupS = warmsUp(point) ? open.warmupS : 0;
  return repetitions * (OPEN_OVERHEAD_S + warmupS + windowS + drainS);
}

/**
 * Seconds a server needs after wrk stops to finish what wrk left in flight: `concurrency`
 * requests on however many run at once (worker slots for a request that holds one, the server
 * CPUs for `cpu`), at least one request's time. Nothing for a request that takes no time. (A
 * database app's drain is in DB_WINDOW_OVERHEAD_S, measured with it.)
 */
export function estimateDrainS(point: PointSpec, serverCpuCount: number): number {
  const ms = point.endpointMs;
  if (ms <= 0 || point.slowClients > 0) return 0;
  const inParallel = holdsSlotWhileWaiting(point.model, point.endpoint, point.dbAccess)
    ? countSlots(point)
    : point.endpoint === 'cpu'
      ? serverCpuCount
      : point.concurrency;
  return Math.min(DRAIN_LIMIT_S, (Math.max(1, point.concurrency / inParallel) * ms) / 1000);
}

/**
 * Whether a point's server imports a framework (Flask, Django, FastAPI; with a database or
 * without), which the framework apps' constants were measured with; the plain apps, leaking or
 * not, start as fast as the committed recordings'.
 */
function loadsFramework(p: PointSpec): boolean {
  return p.app !== undefined && p.app !== 'plain' && p.app !== 'plain-leak';
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
  scenario: Pick<ScenarioSpec, 'points' | 'services'>,
  settings: Required<ScenarioSettings>,
  serverCpuCount: number,
  openLoop?: OpenLoopSettings,
): Estimate {
  const { services } = scenario;
  const open = scenario.points.filter(isOpenLoop);
  const points = scenario.points.filter((p) => !isOpenLoop(p));
  const configurations = [...new Map(scenario.points.map((p) => [describeServer(p), p])).values()];
  const perStart = settings.repetitions;
  const windowS = (p: PointSpec): number =>
    (warmsUp(p) ? settings.warmupS : 0) +
    settings.durationS +
    (!loadsFramework(p)
      ? WINDOW_OVERHEAD_S + estimateDrainS(p, serverCpuCount)
      : DB_WINDOW_OVERHEAD_S) +
    (p.slowClients > 0 ? SLOW_CLIENT_SETTLE_S : 0);
  const startS = (p: PointSpec): number => (loadsFramework(p) ? DB_SERVER_START_S : SERVER_START_S);
  if (open.length > 0 && !openLoop) throw new Error('open-loop points need settings.openLoop');
  // One closed-loop run per distinct probe rule, at the start of its configuration.
  const probes = new Map<string, PointSpec>();
  for (const p of open) {
    const rule = p.openLoop.capacity;
    if (rule.from === 'probe')
      probes.set(describeCapacity(describeServer(p), p), toReferencePoint(p, rule.concurrency));
  }
  const seconds =
    points.reduce((sum, p) => sum + windowS(p), 0) * perStart * settings.serverStarts +
    (openLoop ? open.reduce((sum, p) => sum + estimateOpenLoopS(p, perStart, openLoop), 0) : 0) +
    [...probes.values()].reduce((sum, p) => sum + windowS(p), 0) +
    configurations.reduce((sum, p) => sum + startS(p), 0) * settings.serverStarts +
    services.reduce((sum, s) => sum + (s.estimatedStartS ?? SERVICE_START_S), 0);
  return {
    windows: (points.length + open.length) * perStart * settings.serverStarts + probes.size,
    serverStarts: configurations.length * settings.serverStarts,
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
  /** The services' names, in start order. */
  services: readonly string[];
  estimate: Estimate;
  /** How open-loop points are timed, when the scenario has any. */
  openLoop?: OpenLoopSettings;
}

/** An open-loop scenario's timing for the listing: warm-up and windows from each rate. */
function describeOpenTiming(open: OpenLoopSettings): string {
  const windows =
    open.windowFixedS === null
      ? `${open.windowFloorS}-${open.windowCeilingS} s windows from each rate`
      : `${open.windowFixedS} s windows`;
  return `; open loop: ${open.warmupS} s warm-up + ${windows}`;
}

/** A point as the listing shows it; an open-loop one with its expected rate and window. */
function describePlannedPoint(p: PointSpec, repetitions: number, open?: OpenLoopSettings): string {
  if (!isOpenLoop(p) || !open) return `  ${describePoint(p)}`;
  const rate = estimateRate(p);
  const what =
    rate > open.maxRateRps
      ? `beyond the generator's ${open.maxRateRps} req/s: skipped`
      : `${computeWindowS(rate, p.openLoop.arrival, repetitions, open).toFixed(1)} s windows`;
  return `  ${describePoint(p)} (about ${rate.toFixed(0)} req/s, ${what})`;
}

/** The `--dry-run` listing: each scenario, its settings, points and estimate, and the total. */
export function formatPlan(plan: readonly PlannedScenario[], listPoints: boolean): string {
  const lines: string[] = [];
  for (const s of plan) {
    const { warmupS, durationS, repetitions, serverStarts } = s.settings;
    const starts = serverStarts > 1 ? ` x ${serverStarts} server starts` : '';
    const services = s.services.length ? ` beside ${s.services.join(', ')}` : '';
    const open = s.openLoop ? describeOpenTiming(s.openLoop) : '';
    lines.push(
      `${s.id}: ${s.points.length} points x ${repetitions} repetitions${starts}${services}, ${warmupS} s warm-up + ${durationS} s windows${open}: ${s.estimate.windows} windows, ${s.estimate.serverStarts} server starts, about ${formatMinutes(s.estimate.seconds)}`,
    );
    if (listPoints)
      for (const p of s.points) lines.push(describePlannedPoint(p, repetitions, s.openLoop));
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
  openLoop?: OpenLoopSettings,
): PlannedScenario[] {
  return scenarios.map((s) => {
    const settings = resolveScenarioSettings(s.settings, flags, quick);
    return {
      id: s.id,
      title: s.title,
      settings,
      points: s.points,
      services: s.services.map((g) => g.name),
      estimate: estimateScenario(s, settings, serverCpuCount, openLoop),
      ...(openLoop && s.points.some(isOpenLoop) ? { openLoop } : {}),
    };
  });
}
