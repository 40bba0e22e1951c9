/**
 * Run the open-loop generator as its own process, pinned to the client CPUs like wrk, with the
 * Node that runs the harness: `runOpenLoop` is to open-loop load what `runWrk` is to closed.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnTracked, stopGroup } from '../../system/processes.ts';
import {
  parseOpenLoopOptions,
  type OpenLoopOptions,
  type OpenLoopOptionsInput,
} from './options.ts';
import { parseOpenLoopReport, type OpenLoopReport } from './report.ts';

export const OPEN_LOOP_CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

/** Options of one run, plus where the generator runs. */
export type OpenLoopRun = OpenLoopOptionsInput & {
  /** CPUs the generator is pinned to (taskset), e.g. the harness's client CPUs. */
  clientCpus: readonly number[];
  /** Node that runs cli.ts (default: the one running this code, the project's Node 24). */
  nodePath?: string;
};

/** Observers of a run's measured window, e.g. to read CPU and memory over exactly that window. */
export interface WindowHooks {
  /** Called as the generator's measured window opens (its warm-up is over). */
  onWindowOpen?: () => void;
  /** Called as the window closes, before the window's last answers are waited for. */
  onWindowClose?: () => void;
}

/** The child's file descriptor that carries the window's edges (stdin, stdout, stderr, this). */
const EVENTS_FD = 3;

/**
 * Node's compile cache for the generator's startup: it loads undici, zod and hdr-histogram-js
 * before every run (most of a second of CPU on a busy machine), outside the measured window
 * but not outside the recording's time.
 */
const COMPILE_CACHE = join(tmpdir(), 'worker-models-open-loop-compile-cache');

/** Startup and shutdown allowance on top of warm-up + window + timeout. */
const SLACK_MS = 15_000;

/** The checked generator options of a run, and where it runs. */
function readRun(run: OpenLoopRun): {
  o: OpenLoopOptions;
  clientCpus: readonly number[];
  nodePath: string;
} {
  const { clientCpus, nodePath = process.execPath, ...input } = run;
  if (clientCpus.length === 0 || !clientCpus.every((c) => Number.isInteger(c) && c >= 0)) {
    throw new Error(`clientCpus must list CPU numbers; got ${JSON.stringify(clientCpus)}`);
  }
  return { o: parseOpenLoopOptions(input), clientCpus, nodePath };
}

/** argv of one run, options checked first so a bad one fails before anything starts. */
export function buildOpenLoopArgv(run: OpenLoopRun): string[] {
  const { o, clientCpus, nodePath } = readRun(run);
  return [
    'taskset',
    '-c',
    clientCpus.join(','),
    nodePath,
    OPEN_LOOP_CLI,
    '--url',
    o.url,
    '--rate',
    String(o.rateRps),
    '--duration',
    String(o.durationS),
    '--warmup',
    String(o.warmupS),
    '--timeout',
    String(o.timeoutS),
    '--connections',
    String(o.connections),
    '--arrival',
    o.arrival,
    '--seed',
    String(o.seed),
    '--events-fd',
    String(EVENTS_FD),
  ];
}

/** Calls the run's window hooks for each line the generator writes on its events descriptor. */
function followWindowEdges(hooks: WindowHooks): (chunk: Buffer) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line === 'window-open') hooks.onWindowOpen?.();
      else if (line === 'window-close') hooks.onWindowClose?.();
    }
  };
}

/**
 * Run one open-loop load to completion; resolves with its checked report, or rejects with the
 * generator's stderr. The generator stops by itself; if it has not exited `SLACK_MS` after it
 * should have, its process group is killed and the promise rejects.
 */
export function runOpenLoop(run: OpenLoopRun, hooks: WindowHooks = {}): Promise<OpenLoopReport> {
  const argv = buildOpenLoopArgv(run);
  const { o } = readRun(run);
  const limitMs = (o.warmupS + o.durationS + o.timeoutS) * 1000 + SLACK_MS;
  return new Promise((resolve, reject) => {
    const child = spawnTracked(argv, {
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      env: { NODE_COMPILE_CACHE: COMPILE_CACHE },
    });
    let stdout = '';
    let stderr = '';
    let overdue = false;
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdio[EVENTS_FD]?.on('data', followWindowEdges(hooks));
    const watchdog = setTimeout(() => {
      overdue = true;
      if (child.pid !== undefined) void stopGroup(child.pid, 1000);
    }, limitMs);
    child.on('error', (error) => {
      clearTimeout(watchdog);
      reject(error);
    });
    // 'close', not 'exit': every pipe (the report, the window's edges) has been read by then.
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      if (overdue) {
        reject(
          new Error(
            `open-loop generator still running after ${limitMs} ms; killed: ${argv.join(' ')}`,
          ),
        );
      } else if (code !== 0) {
        reject(
          new Error(
            `open-loop generator exited with ${signal ?? code}: ${argv.join(' ')}\n${stderr.trim()}`,
          ),
        );
      } else {
        try {
          resolve(parseOpenLoopReport(stdout));
        } catch (error) {
          reject(error);
        }
      }
    });
  });
}
