/**
 * How long a scenario takes to record, estimated before it starts from its points and the
 * settings: each repetition is its warm-up and window plus the harness's own time around them,
 * each server configuration a start and a stop, each service its start. The constants were
 * measured on the recording machine (2 shared cores); the estimate is printed at the start of
 * every run, and a unit test keeps each database scenario within 20 minutes at the defaults.
 */
import type { ScenarioSpec } from '../scenarios/scenario.ts';
import { describeServer } from './run-task.ts';

/**
 * Seconds around each measured repetition: memory at rest, the drain check after the warm-up,
 * two wrk starts, the samplers and the log (measured on the database scenarios, 2026-12: 0.7 s
 * without a warm-up; the drain check after one adds to it).
 */
export const REPETITION_OVERHEAD_S = 1.5;
/**
 * Seconds from one server configuration's last repetition to the next one's first: the stop
 * (SIGTERM, up to 3 s of grace) and the start until every worker answers (measured on the
 * database scenarios, whose apps import Django or FastAPI and open their pools: 9 to 11 s).
 */
export const SERVER_START_S = 10;

/** The settings an estimate needs. */
export interface EstimateSettings {
  warmupS: number;
  durationS: number;
  repetitions: number;
}

/** What a recording will take. */
export interface Estimate {
  points: number;
  repetitions: number;
  configurations: number;
  seconds: number;
}

/** Estimate one scenario's recording. */
export function estimateScenario(scenario: ScenarioSpec, settings: EstimateSettings): Estimate {
  const repetitions = scenario.points.length * settings.repetitions;
  const configurations = new Set(scenario.points.map(describeServer)).size;
  const services = scenario.services.reduce((sum, s) => sum + (s.estimatedStartS ?? 2), 0);
  const perRepetition = settings.warmupS + settings.durationS + REPETITION_OVERHEAD_S;
  return {
    points: scenario.points.length,
    repetitions,
    configurations,
    seconds: repetitions * perRepetition + configurations * SERVER_START_S + services,
  };
}

/** e.g. `db-pool: 25 points x 3 repetitions on 25 server configurations, about 9 min`. */
export function formatEstimate(id: string, estimate: Estimate, repetitions: number): string {
  const minutes = estimate.seconds / 60;
  const time = minutes < 1 ? `${Math.ceil(estimate.seconds)} s` : `${minutes.toFixed(0)} min`;
  return `${id}: ${estimate.points} points x ${repetitions} repetitions on ${estimate.configurations} server configurations, about ${time}`;
}
