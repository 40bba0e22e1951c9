/**
 * The open-loop parts of a dataset (`schema.ts` adds them as optional fields): a point whose
 * load is sent on a schedule that never waits for answers, at an offered rate, instead of by
 * wrk's closed-loop connections; how its rate was derived from a capacity; and how the
 * recording timed its windows. Units are in field names, as in `schema.ts`.
 */
import { z } from 'zod';

const count = z.number().int().nonnegative();
const nonNegative = z.number().nonnegative();
const latency = nonNegative.nullable();

/** How arrivals are spread in time: evenly (`constant`) or with exponential gaps (`poisson`). */
export const ArrivalSchema = z.enum(['constant', 'poisson']).describe('Open-loop arrivals');

/** Percentiles of one distribution, ms (HDR histogram, 3 significant digits); null: none. */
export const DistributionMsSchema = z.object({
  p50: latency,
  p90: latency,
  p99: latency,
  p999: latency,
  max: latency,
  mean: latency,
});

/**
 * The open-loop generator's own numbers for one repetition. The repetition's common fields
 * keep their meaning for wrk: `durationS` is the window, `requests` the answers that arrived
 * during it and `throughputRps` their rate (what the server delivered over the window, so
 * Little's law bounds it), while `latencyMs` counts from each window request's INTENDED send
 * time, `errors` are the window requests' failures (`read` holds the socket errors),
 * `errorsTotal` every failure and non-2xx answer (`other` included) and `clientCpuCores` is
 * the generator's CPU. The window's own requests answered in time are `completed`.
 */
export const OpenLoopRepetitionSchema = z.object({
  /** Offered rate of the schedule, req/s (the point's `openLoop.rateRps`). */
  rateRps: z.number().positive(),
  /** Seed of the Poisson arrivals (recorded for constant ones too, where it is unused). */
  seed: count,
  /** Warm-up under the same schedule just before the window, seconds (not recorded). */
  warmupS: nonNegative,
  /** A request unanswered this long after its intended send time is a timeout, seconds. */
  timeoutS: z.number().positive(),
  /** Most connections, and so requests outstanding, at once; more wait in the generator. */
  connections: z.number().int().positive(),
  /** Requests whose intended send time fell in the window. */
  scheduled: count,
  /** scheduled / durationS: the rate offered in this window (near `rateRps` for Poisson). */
  offeredRps: nonNegative,
  /** Window requests written to a connection. */
  sent: count,
  /**
   * The window's requests answered (any status) within the timeout, whenever their answer
   * came: what the latency percentiles rest on.
   */
  completed: count,
  /**
   * completed / durationS: the offered requests served in time, per second of window. Every
   * window request is followed to its end, so this is exact, never above `offeredRps`, and equal
   * to it when none failed. Above capacity it is not the server's throughput (`throughputRps`
   * is): requests answered after the window, within the timeout, count too.
   */
  achievedRps: nonNegative,
  /** Failures of the window's requests by kind, as the generator counts them. */
  errors: z.object({
    /** The connection could not be opened. */
    connect: count,
    /** The connection failed after the request was written (reset, closed mid-answer). */
    socket: count,
    /** No complete answer within `timeoutS` of the intended send time. */
    timeout: count,
    /** Any other failure. */
    other: count,
    /** Answered in time with a status outside 200-299 (also counted as completed). */
    non2xx: count,
  }),
  /** Window requests still unanswered (queued in the generator or at the server) as it closed. */
  outstandingAtEnd: count,
  /** Window requests that found every connection busy and waited in the generator. */
  queued: count,
  /** Most requests outstanding at once. */
  maxInFlight: count,
  /** Connections opened during the window (one per request where the server closes them). */
  connectionsOpened: count,
  /** From the actual send (request written) to the answer: what a closed-loop tool reports. */
  serviceMs: DistributionMsSchema,
  /** How late the generator handled the window's arrivals, ms: its own health. */
  sendLagMs: z.object({ p50: nonNegative, p99: nonNegative, max: nonNegative }),
  /**
   * The generator's CPU over the window: user and system seconds, `share` of one core, and
   * `wallS`, the window as the generator saw it open and close (within a millisecond or so of
   * `durationS` unless it was starved of CPU across an edge).
   */
  generatorCpu: z.object({
    userS: nonNegative,
    systemS: nonNegative,
    share: nonNegative,
    wallS: nonNegative,
  }),
  /**
   * The generator fell behind: `sendLagMs.p99` above `settings.openLoop.lateSendLagMs` (the
   * latencies include its own delay), or it saw its window open or close late, so that
   * `generatorCpu.wallS` is more than 10 % off `durationS` (readings over the window, the
   * groups' CPU and its own, then cover another stretch of time). Chart it as suspect.
   */
  generatorLate: z.boolean(),
  /**
   * `generatorCpu.share` above `settings.openLoop.saturatedCpuShare`: the generator used about
   * a whole core and may have measured itself rather than the server.
   */
  generatorSaturated: z.boolean(),
});

/**
 * A capacity that open-loop rates are shares of: one per server configuration and endpoint,
 * derived from the configuration (Little's law) or measured by a closed-loop wrk run.
 */
export const CapacitySchema = z.object({
  /** Unique within the dataset, e.g. `gunicorn-sync-w3-t1/io-50` or `…/io-50/c3`. */
  id: z.string().min(1),
  /** The `servers[].id` it belongs to. */
  serverId: z.string().min(1),
  /** The endpoint and its `ms`, as in a point. */
  endpoint: z.string().min(1),
  endpointMs: nonNegative,
  /** Capacity, req/s. */
  rps: z.number().positive(),
  /**
   * `configuration`: from the configuration alone (Little's law: worker slots x 1000 / ms for
   * a request that holds its slot while it waits); `probe`: the throughput of one closed-loop
   * wrk run at `probe.concurrency` connections at the start of the server configuration;
   * `point`: the median throughput of the closed-loop point `pointId` of the same dataset.
   */
  from: z.enum(['configuration', 'probe', 'point']),
  /** How, for people, e.g. `3 worker slot(s) x 20 req/s (Little's law)`. */
  why: z.string().min(1),
  /** The closed-loop point it was measured by (`from: point`). */
  pointId: z.string().min(1).optional(),
  /** The probe run (`from: probe`). */
  probe: z
    .object({
      /** wrk connections. */
      concurrency: z.number().int().positive(),
      /** When its window started (ISO 8601, UTC). */
      startedAt: z.iso.datetime(),
      /** Its warm-up and window, seconds. */
      warmupS: nonNegative,
      durationS: z.number().positive(),
      /** Answers in the window and their rate: the capacity. */
      requests: count,
      throughputRps: nonNegative,
      /** Its latency percentiles (closed loop), ms. */
      latencyMs: DistributionMsSchema,
      /** Every wrk error. */
      errorsTotal: count,
      /** Server CPU, cores, and other processes' share of the pinned CPUs over the window. */
      serverCpuCores: nonNegative,
      otherCpuShare: z.number().min(0).max(1),
    })
    .optional(),
  /**
   * Shares of this capacity the scenario asked for whose rate was above
   * `settings.openLoop.maxRateRps`, the most the generator sends reliably: not measured.
   */
  sharesBeyondGenerator: z.array(z.number().positive()).default([]),
});

/** An open-loop point's load, and its latency over all its repetitions together. */
export const OpenLoopPointSchema = z.object({
  /** Arrivals of the schedule. */
  arrival: ArrivalSchema,
  /** Offered rate, req/s: `share` x the capacity's `rps`. */
  rateRps: z.number().positive(),
  /** The share of the capacity offered (1 = at capacity). */
  share: z.number().positive(),
  /** The `capacities[].id` the rate is a share of. */
  capacityId: z.string().min(1),
  /** Window requests answered in time over every repetition: what the percentiles rest on. */
  completed: count,
  /**
   * Latency from the intended send time over every repetition's requests together (their HDR
   * histograms added, so exact to 3 significant digits; `max` is the largest exact maximum).
   */
  latencyMs: DistributionMsSchema,
  /** Service time (from the actual send) over every repetition's requests together. */
  serviceMs: DistributionMsSchema,
  /** Repetitions flagged `generatorLate` or `generatorSaturated`. */
  generatorFlagged: count,
});

/** How a recording timed and judged its open-loop points. */
export const OpenLoopSettingsSchema = z.object({
  /** Warm-up under the schedule before each window, seconds. */
  warmupS: nonNegative,
  /** Timeout from the intended send time, seconds (the recording's wrk timeout). */
  timeoutS: z.number().positive(),
  /** The generator's connection cap. */
  connections: z.number().int().positive(),
  /**
   * Each window is long enough that a point's repetitions together expect this many requests
   * (plus three standard deviations for Poisson arrivals), within the floor and the ceiling.
   */
  minPointRequests: count,
  /** Shortest and longest window, seconds. */
  windowFloorS: z.number().positive(),
  windowCeilingS: z.number().positive(),
  /** Every window this long instead (`--open-loop-window`, `--quick`); null: from the rate. */
  windowFixedS: z.number().positive().nullable(),
  /** Highest rate measured; shares above it are skipped (the generator's reliable range). */
  maxRateRps: z.number().positive(),
  /** Send-lag p99 above this flags a repetition `generatorLate`, ms. */
  lateSendLagMs: z.number().positive(),
  /** Generator CPU share above this flags a repetition `generatorSaturated`. */
  saturatedCpuShare: z.number().positive(),
});

export type Arrival = z.infer<typeof ArrivalSchema>;
export type DistributionMs = z.infer<typeof DistributionMsSchema>;
export type OpenLoopRepetition = z.infer<typeof OpenLoopRepetitionSchema>;
export type Capacity = z.infer<typeof CapacitySchema>;
export type OpenLoopPoint = z.infer<typeof OpenLoopPointSchema>;
export type OpenLoopSettings = z.infer<typeof OpenLoopSettingsSchema>;
