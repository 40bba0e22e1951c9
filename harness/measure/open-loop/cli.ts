/**
 * The open-loop generator as its own process, so it can be pinned to the client CPU (like wrk)
 * and its CPU measured: prints one JSON report line on stdout (see report.ts) and exits.
 * Exit codes: 0 report printed, 2 bad command line, 1 the run failed, 3 the watchdog fired.
 *
 *   node harness/measure/open-loop/cli.ts --url http://127.0.0.1:8000/hello --rate 500 \
 *     --duration 5 [--warmup 1] [--timeout 2] [--connections 256] [--arrival poisson --seed 7]
 */
import { writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateOpenLoop, type GeneratorHooks } from './generator.ts';
import { parseOpenLoopOptions, type OpenLoopOptions } from './options.ts';

export const USAGE = `Usage: node harness/measure/open-loop/cli.ts --url URL --rate RPS --duration S [flags]

Sends GET requests to URL (loopback only) on a fixed schedule that never waits for answers,
and prints one JSON line: latency from each request's intended send time, and more.

  --url URL            http://127.x.x.x:PORT/PATH or http://[::1]:PORT/PATH
  --rate RPS           offered requests per second (> 0)
  --duration S         measured window, seconds (> 0, fractions allowed)
  --warmup S           load before the window, not recorded (default 1)
  --timeout S          give up a request S seconds after its intended send time (default 2)
  --connections N      most connections, and so requests outstanding, at once (default 256)
  --arrival KIND       constant (default) or poisson
  --seed N             seed of the Poisson arrivals (default 1)
  --events-fd N        write "window-open" and "window-close" lines to file descriptor N
                       as the measured window opens and closes (for a caller's own readings)
  --help               show this help
`;

/** Flags whose value is a number, and the option each one sets. */
const NUMERIC_FLAGS = {
  rate: 'rateRps',
  duration: 'durationS',
  warmup: 'warmupS',
  timeout: 'timeoutS',
  connections: 'connections',
  seed: 'seed',
} as const;

/** A decimal number, or an error naming the flag (Number('') would be a silent 0). */
function readNumber(flag: string, text: string): number {
  if (!/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text.trim())) {
    throw new Error(`--${flag} must be a number, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

/** What the command line asks for: the run's options, and where to report the window's edges. */
export interface CliRequest {
  options: OpenLoopOptions;
  /** File descriptor for "window-open" / "window-close" lines; null for none. */
  eventsFd: number | null;
}

/** Options from argv; null when --help was asked for. */
export function parseCliOptions(argv: readonly string[]): CliRequest | null {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      url: { type: 'string' },
      arrival: { type: 'string' },
      'events-fd': { type: 'string' },
      help: { type: 'boolean' },
      ...Object.fromEntries(Object.keys(NUMERIC_FLAGS).map((f) => [f, { type: 'string' }])),
    },
  });
  if (values.help) return null;
  const fdText = values['events-fd'];
  if (fdText !== undefined && !/^\d+$/.test(fdText)) {
    throw new Error(`--events-fd must be a file descriptor number, got ${JSON.stringify(fdText)}`);
  }
  const input: Record<string, unknown> = { url: values.url, arrival: values.arrival };
  for (const [flag, option] of Object.entries(NUMERIC_FLAGS)) {
    const text = (values as Record<string, unknown>)[flag];
    if (typeof text === 'string') input[option] = readNumber(flag, text);
  }
  if (input['arrival'] === undefined) delete input['arrival'];
  return {
    options: parseOpenLoopOptions(input),
    eventsFd: fdText === undefined ? null : Number(fdText),
  };
}

/** Hooks that write the window's edges to `fd` (synchronously, so the line leaves at once). */
function reportWindowEdges(fd: number | null): GeneratorHooks {
  if (fd === null) return {};
  return {
    onWindowOpen: () => writeSync(fd, 'window-open\n'),
    onWindowClose: () => writeSync(fd, 'window-close\n'),
  };
}

async function main(): Promise<void> {
  let request: CliRequest | null;
  try {
    request = parseCliOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`open-loop: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (!request) {
    process.stdout.write(USAGE);
    return;
  }
  const { options } = request;
  // The engine ends by itself about `timeout` after the window; this is a last resort that
  // makes "never hangs" hold even if something in it does not.
  const budgetMs = (options.warmupS + options.durationS + options.timeoutS) * 1000 + 10_000;
  setTimeout(() => {
    process.stderr.write(`open-loop: still running ${budgetMs} ms after start; giving up\n`);
    process.exit(3);
  }, budgetMs).unref();
  // undici creates an Error for every connection it closes (one per request against gunicorn's
  // sync worker); capturing their stacks cost about a tenth of the generator's CPU there.
  Error.stackTraceLimit = 0;
  try {
    const report = await generateOpenLoop(options, reportWindowEdges(request.eventsFd));
    process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0));
  } catch (error) {
    process.stderr.write(`open-loop: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  }
}

if (import.meta.main) await main();
