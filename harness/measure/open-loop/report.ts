/**
 * What the open-loop generator prints: one JSON line on stdout, checked here by shape and by the
 * counts that must add up, so a broken run fails when it is recorded.
 */
import { z } from 'zod';
import { OpenLoopOptionsSchema } from './options.ts';

const ms = z.number().nonnegative();
const count = z.number().int().nonnegative();

/** Percentiles of one distribution, in ms (µs resolution, HDR histogram, 3 significant digits). */
export const DistributionMsSchema = z.strictObject({
  p50: ms,
  p90: ms,
  p99: ms,
  p999: ms,
  max: ms,
  mean: ms,
});
export type DistributionMs = z.infer<typeof DistributionMsSchema>;

/** Requests of the window that did not complete, by why; plus completed ones with a non-2xx. */
export const OpenLoopErrorsSchema = z.strictObject({
  /** The connection could not be opened (refused, reset or timed out before the request). */
  connect: count,
  /** The connection failed after the request was written (reset, closed mid-answer). */
  socket: count,
  /** No complete answer within `timeoutS` of the intended send time. */
  timeout: count,
  /** Any other failure (e.g. an unparsable answer). */
  other: count,
  /** Completed with a status outside 200-299 (these also count in `completed`). */
  non2xx: count,
});

/** One run. "Window requests" are those whose intended send time falls in the window. */
export const OpenLoopReportSchema = z.strictObject({
  /** The options the run used, defaults filled in. */
  settings: OpenLoopOptionsSchema,
  /** Window requests: how many the schedule offered. */
  scheduled: count,
  /** scheduled / durationS. Equals rateRps for constant arrivals, near it for Poisson. */
  offeredRps: ms,
  /** Window requests written to a connection (the rest failed to connect or timed out first). */
  sent: count,
  /** Window requests answered completely within the timeout (any status). */
  completed: count,
  /**
   * Answers (any status) that arrived during the window, warm-up requests included and window
   * requests answered after it left out: what the server delivered over the window, which a
   * backlog carried over from the warm-up inflates. For diagnosis; the rate is `achievedRps`.
   */
  completedInWindow: count,
  /**
   * completed / durationS: the window's requests answered in time, per second of window. Each
   * window request is followed to its end (the run waits for every one), so this is exact and
   * never above `offeredRps`; equal to it when every request was answered in time.
   */
  achievedRps: ms,
  errors: OpenLoopErrorsSchema,
  /** Window requests still unanswered (queued or in flight) when the window ended. */
  outstandingAtEnd: count,
  /** Window requests that found every connection busy and waited in the generator. */
  queued: count,
  /** Most requests outstanding at once (warm-up included); at most `connections`. */
  maxInFlight: count,
  /** Connections opened during the window (one per request when the server closes them). */
  connectionsOpened: count,
  /** From the intended send time to the end of the answer: what a user arriving then waits. */
  latencyMs: DistributionMsSchema.nullable(),
  /** From the actual send (request written) to the end of the answer: what wrk would report. */
  serviceMs: DistributionMsSchema.nullable(),
  /** How late the generator handled each window request's arrival: its own health. */
  sendLagMs: z.strictObject({ p50: ms, p99: ms, max: ms }),
  /**
   * `latencyMs` and `serviceMs` as HdrHistogram's compressed base64 (µs values, 3 significant
   * digits), so the runs of a point can be added exactly; null when nothing completed.
   */
  histograms: z.strictObject({ latency: z.string().nullable(), service: z.string().nullable() }),
  /** The generator's own CPU time during the window (all its threads). */
  cpu: z.strictObject({
    userS: ms,
    systemS: ms,
    /**
     * (user + system) / the window's wall time (`wallS`, or `durationS` if longer): share of one
     * core; near 1 means the generator saturated.
     */
    share: ms,
    /**
     * The window's wall time as the engine saw it, from the tick that opened it to the tick
     * that closed it: the window's length within a millisecond or so, unless the generator
     * was starved of CPU across an edge (then its readings of the window mean little).
     */
    wallS: ms,
  }),
});
export type OpenLoopReport = z.infer<typeof OpenLoopReportSchema>;

/** Counts that must agree in any real run; each broken one is described. */
export function findReportInconsistencies(report: OpenLoopReport): string[] {
  const { errors: e } = report;
  const problems: string[] = [];
  const settled = report.completed + e.connect + e.socket + e.timeout + e.other;
  if (settled !== report.scheduled) {
    problems.push(
      `completed + connect + socket + timeout + other errors = ${settled}, but scheduled = ${report.scheduled}`,
    );
  }
  if (report.sent > report.scheduled) problems.push('sent exceeds scheduled');
  if (report.completed > report.sent) problems.push('completed exceeds sent');
  if (e.non2xx > report.completed) problems.push('non2xx exceeds completed');
  if (report.outstandingAtEnd > report.scheduled)
    problems.push('outstandingAtEnd exceeds scheduled');
  if (report.maxInFlight > report.settings.connections)
    problems.push('maxInFlight exceeds connections');
  if ((report.latencyMs === null) !== (report.completed === 0)) {
    problems.push('latencyMs must be null exactly when nothing completed');
  }
  if ((report.serviceMs === null) !== (report.completed === 0)) {
    problems.push('serviceMs must be null exactly when nothing completed');
  }
  const { latency, service } = report.histograms;
  if ((latency === null || service === null) !== (report.completed === 0)) {
    problems.push('histograms must be null exactly when nothing completed');
  }
  const achieved = report.completed / report.settings.durationS;
  if (Math.abs(report.achievedRps - achieved) > 1e-9 * Math.max(1, achieved)) {
    problems.push(`achievedRps ${report.achievedRps} is not completed / durationS = ${achieved}`);
  }
  return problems;
}

/** Read the generator's stdout: exactly one non-empty line, a JSON report that adds up. */
export function parseOpenLoopReport(stdout: string): OpenLoopReport {
  const lines = stdout.split('\n').filter((line) => line.trim() !== '');
  if (lines.length !== 1) {
    throw new Error(
      `open-loop generator must print exactly one report line, printed ${lines.length}: ${JSON.stringify(stdout.slice(0, 200))}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(lines[0] ?? '');
  } catch (error) {
    throw new Error(`open-loop report is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const result = OpenLoopReportSchema.safeParse(data);
  if (!result.success) {
    const fields = result.error.issues.map(
      (i) => `${i.path.join('.') || '(report)'}: ${i.message}`,
    );
    throw new Error(`open-loop report has bad fields:\n  ${fields.join('\n  ')}`);
  }
  const problems = findReportInconsistencies(result.data);
  if (problems.length > 0) {
    throw new Error(`open-loop report does not add up:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}
