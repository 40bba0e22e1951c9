/**
 * Options of one open-loop run, checked once (by the CLI and by `runOpenLoop` before it spawns
 * anything), so a bad value fails with a message naming the option, not halfway through a run.
 */
import { isIPv4 } from 'node:net';
import { z } from 'zod';

/** Highest rate the generator accepts; far above what one Node process can send (see README). */
export const MAX_RATE_RPS = 100_000;

/** How requests are spread in time. */
export const ArrivalSchema = z
  .enum(['constant', 'poisson'])
  .describe('constant: evenly spaced; poisson: exponential gaps from a seeded generator');

/** What is wrong with a value that is not a finite number. */
const numberError =
  (what: string) =>
  ({ input }: { input: unknown }): string => {
    if (input === undefined) return `${what} is required`;
    return typeof input === 'number' ? `${what} must be finite` : `${what} must be a number`;
  };

const positive = (what: string) =>
  z
    .number({ error: numberError(what) })
    .refine(Number.isFinite, `${what} must be finite`)
    .refine((v) => v > 0, `${what} must be > 0`);

/** One open-loop run. Durations are seconds and need not be whole, unlike wrk's. */
export const OpenLoopOptionsSchema = z.strictObject({
  /** http:// URL on 127.0.0.0/8 or [::1]; nothing else is ever a target. */
  url: z
    .string({
      error: (issue) => (issue.input === undefined ? 'url is required' : 'url must be a string'),
    })
    .check((ctx) => {
      const problem = findUrlProblem(ctx.value);
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    }),
  /** Offered rate, requests per second. */
  rateRps: positive('rateRps').refine(
    (v) => v <= MAX_RATE_RPS,
    `rateRps must be at most ${MAX_RATE_RPS}`,
  ),
  /** Measured window, seconds. */
  durationS: positive('durationS').refine((v) => v <= 3600, 'durationS must be at most 3600'),
  /** Load before the window, not recorded (connections opened, caches and JITs warm), seconds. */
  warmupS: z
    .number({ error: numberError('warmupS') })
    .refine((v) => Number.isFinite(v) && v >= 0 && v <= 600, 'warmupS must be in [0, 600]')
    .default(1),
  /**
   * A request not answered this long after its intended send time is a timeout: it is given up
   * (its connection closed) and left out of the latency percentiles, like wrk's --timeout.
   */
  timeoutS: positive('timeoutS')
    .refine((v) => v <= 60, 'timeoutS must be at most 60')
    .default(2),
  /**
   * Most connections open at once, which is also the most requests outstanding (no
   * pipelining). Requests due beyond it wait in the generator, and that wait counts in their
   * latency.
   */
  connections: z
    .number({ error: numberError('connections') })
    .int('connections must be a whole number')
    .min(1, 'connections must be at least 1')
    .max(10_000, 'connections must be at most 10000')
    .default(256),
  arrival: ArrivalSchema.default('constant'),
  /** Seed of the Poisson arrivals (ignored for constant); the same seed gives the same gaps. */
  seed: z
    .number({ error: numberError('seed') })
    .int('seed must be a whole number')
    .min(0, 'seed must be >= 0')
    .max(2 ** 31 - 1, 'seed must be < 2^31')
    .default(1),
});

/** Checked options with every default filled in. */
export type OpenLoopOptions = z.output<typeof OpenLoopOptionsSchema>;
/** What a caller passes: defaults may be left out. */
export type OpenLoopOptionsInput = z.input<typeof OpenLoopOptionsSchema>;

/** Why `url` may not be a target, or null when it may. */
export function findUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `url is not a URL: ${JSON.stringify(url)}`;
  }
  if (parsed.protocol !== 'http:') return `url must be http://, got ${parsed.protocol}//`;
  const host = parsed.hostname;
  // Literal addresses only: a name (even "localhost") goes through the resolver, which could
  // map it anywhere.
  const loopback = host === '[::1]' || (isIPv4(host) && host.startsWith('127.'));
  if (!loopback) {
    return `url must target loopback (127.0.0.0/8 or [::1]) by address; got host ${JSON.stringify(host)}`;
  }
  return null;
}

/** Check options; the error lists every bad one on its own line, each naming the option. */
export function parseOpenLoopOptions(input: unknown): OpenLoopOptions {
  const result = OpenLoopOptionsSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    return name && !issue.message.startsWith(name) ? `${name}: ${issue.message}` : issue.message;
  });
  throw new Error(`bad open-loop options:\n  ${problems.join('\n  ')}`);
}
