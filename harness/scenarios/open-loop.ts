/**
 * Latency against the offered rate: every Gunicorn and Uvicorn model on `io` and `cpu` under
 * open-loop load (a schedule that never waits for answers), from 10 % to 150 % of its capacity,
 * dense around it.
 */
import { CPU_MS, holdsSlotWhileWaiting, IO_MS, toEndpointWork } from '../../src/bench/endpoints.ts';
import { computeLittleBound, countSlots } from '../../src/bench/little.ts';
import type { Arrival, Endpoint } from '../../src/bench/schema.ts';
import { OPEN_LOOP_CONNECTIONS } from '../run/open-loop-plan.ts';
import type { ModelSpec } from '../system/models.ts';
import { DAPHNE, HYPERCORN } from '../system/other-servers.ts';
import {
  selectMainModels,
  withDefaults,
  type CapacityRule,
  type PointSpec,
  type ScenarioContext,
  type ScenarioDefinition,
} from './scenario.ts';

/**
 * Shares of each model's capacity offered: the flat part (10 %, 50 %), the approach to the
 * knee where Poisson arrivals already queue (75 %, 90 %), the capacity, and overload (150 %).
 * Six, not more: 6 models x 2 endpoints x 3 repetitions must record within 20 minutes
 * (`npm run bench` prints the estimate), and most of that time is warm-ups and the low rates'
 * long windows on cpu.
 */
export const SHARES = [0.1, 0.5, 0.75, 0.9, 1, 1.5];

/**
 * Hypercorn and Daphne (issue 15 added them to the sweeps and the memory scenario) are left
 * out: with them the grid would take about 25 minutes, beyond the 20 it must record in.
 */
const LEFT_OUT: readonly string[] = [HYPERCORN.id, DAPHNE.id];

/** The models this scenario measures: the main ones, but Hypercorn and Daphne. */
export const selectOpenLoopModels = (ctx: ScenarioContext): readonly ModelSpec[] =>
  selectMainModels(ctx).filter((m) => !LEFT_OUT.includes(m.id));

/**
 * Poisson arrivals: users who arrive independently of each other, so requests bunch up by
 * chance as real traffic does, and queues form before 100 % (evenly spaced arrivals would
 * show no queue at all until the capacity is passed).
 */
const ARRIVAL: Arrival = 'poisson';

/** An endpoint under open-loop load, and how its capacity is measured where it must be. */
interface OpenLoopEndpoint {
  endpoint: Endpoint;
  endpointMs: number;
  /** wrk connections of the closed-loop probe: enough to keep the server saturated. */
  probeConcurrency(serverCpuCount: number): number;
  /**
   * A guess of a probed capacity for the start-of-run time estimate only (the committed
   * sweep datasets' highest throughputs, 2026-11-26); the grid uses what the probe measures.
   */
  estimateRps(model: ModelSpec): number;
}

/** The endpoints, in recording order. Adding `db` is one entry here. */
const ENDPOINTS: readonly OpenLoopEndpoint[] = [
  {
    endpoint: 'io',
    endpointMs: IO_MS,
    // The open loop's own connection cap: a probe sees the server with as many at once.
    probeConcurrency: () => OPEN_LOOP_CONNECTIONS,
    estimateRps: (model) => (model.id === 'gunicorn-gevent' ? 7000 : 14_000),
  },
  {
    endpoint: 'cpu',
    endpointMs: CPU_MS,
    // A few requests per CPU keep every CPU busy without the contention of hundreds.
    probeConcurrency: (cpus) => 4 * cpus,
    estimateRps: () => 160,
  },
];

/**
 * Where a model's capacity on an endpoint comes from. From the configuration where Little's
 * law gives it: a request that waits a fixed time while holding its worker slot (sync and
 * gthread on `io`) completes at most slots x 1000 / ms per second, and the wait dwarfs the
 * rest (sweep-io measured 58 of sync's 60 req/s). Everywhere else from a probe: on `cpu`
 * the bound of cores x 1000 / ms leaves out parsing and framework time (sweep-cpu measured 105
 * to 177 of 200 req/s), and an event loop or greenlets on `io` are bounded by the CPU only.
 */
export function chooseCapacityRule(
  model: ModelSpec,
  point: Pick<PointSpec, 'model' | 'workers' | 'threads'>,
  e: OpenLoopEndpoint,
  serverCpuCount: number,
): CapacityRule {
  const work = toEndpointWork(e.endpoint, e.endpointMs);
  if (work && work.cpuMs === 0 && work.ioMs > 0 && holdsSlotWhileWaiting(model.id, e.endpoint)) {
    const slots = countSlots(point);
    return {
      from: 'configuration',
      rps: computeLittleBound(slots, work.ioMs),
      why: `${slots} worker slot(s) x ${computeLittleBound(1, work.ioMs)} req/s: Little's law for a request that holds its slot for ${work.ioMs} ms`,
    };
  }
  return {
    from: 'probe',
    concurrency: e.probeConcurrency(serverCpuCount),
    estimateRps: e.estimateRps(model),
  };
}

/** One model's open-loop points on one endpoint: `shares` of its capacity. */
export function buildOpenLoopGrid(
  model: ModelSpec,
  ctx: ScenarioContext,
  e: OpenLoopEndpoint,
  shares: readonly number[],
  arrival: Arrival,
): PointSpec[] {
  const base = withDefaults(model, ctx, {
    endpoint: e.endpoint,
    endpointMs: e.endpointMs,
    concurrency: OPEN_LOOP_CONNECTIONS,
  });
  const capacity = chooseCapacityRule(model, base, e, ctx.serverCpuCount);
  return shares.map((share) => ({ ...base, openLoop: { arrival, share, capacity } }));
}

export const scenario: ScenarioDefinition = {
  id: 'open-loop',
  description: `Every Gunicorn and Uvicorn model at its default worker count on io (${IO_MS} ms wait) and cpu (${CPU_MS} ms of pure Python) under open-loop load: requests arrive on a Poisson schedule that never waits for answers, at ${SHARES.map((s) => `${s * 100} %`).join(', ')} of the model's capacity on that endpoint, and every latency counts from the request's intended send time (no coordinated omission). Capacity comes from the configuration where Little's law gives it (sync and gthread on io: worker slots x ${1000 / IO_MS} req/s) and otherwise from a closed-loop wrk probe at the start of each server configuration (capacities[] records each, with its probe). Rates above what the generator sends reliably are not measured (capacities[].sharesBeyondGenerator). Each window is long enough that a point's percentiles rest on 500 requests over its repetitions where the window ceiling allows.`,
  build: (ctx) =>
    ENDPOINTS.flatMap((e) =>
      selectOpenLoopModels(ctx).flatMap((model) =>
        buildOpenLoopGrid(model, ctx, e, SHARES, ARRIVAL),
      ),
    ),
};
