/**
 * The CPU probe's process: apps/cpu_probe.py in the target Python, pinned to the server CPUs
 * and run at the harness's priority, as the servers are, started once per run. It waits on its
 * input between readings, so it takes no CPU while a window is measured; a reading is one line
 * out and one JSON line back (cpu-probe.ts judges them).
 */
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { CpuProbeBaseline } from '../../src/bench/cpu-probe-schema.ts';
import { describeExit, spawnTracked, stopGroup } from '../system/processes.ts';
import { buildTargetArgv, type Target } from '../system/target.ts';
import {
  CPU_PROBE_PLAN,
  summarizeTrials,
  takeBaseline,
  type CpuProbePlan,
  type CpuSpeed,
} from './cpu-probe.ts';

/** A running probe. */
export interface CpuProbeProcess {
  /** Its pid, the leader of its own session (-1 if it never started). */
  pid: number;
  /** One reading: the median trial's loops per ms of CPU time. Readings run one at a time. */
  read(): Promise<number>;
  /** Stop the process (its input ends; its group is stopped). */
  stop(): Promise<void>;
}

/** What the probe prints per reading. */
const ReadingSchema = z.object({ trials: z.array(z.number()) });

/** Longest a reading may take (it takes tens of ms) before the probe counts as hung. */
const READ_TIMEOUT_MS = 30_000;

/**
 * Ask `child` for a line (write a newline, take the next line it prints). Once it has closed,
 * every question fails with `describeDeath(how it ended)`; a question unanswered in
 * READ_TIMEOUT_MS kills it, so no late answer is taken for a later question.
 */
function askLines(
  child: ChildProcess,
  describeDeath: (how: string) => Error,
): () => Promise<string> {
  const { stdin, stdout } = child;
  if (!stdin || !stdout) throw new Error('the CPU probe was started without pipes');
  // Writing to a probe that died fails with EPIPE; its end is reported by 'close' below.
  stdin.on('error', () => undefined);
  let dead: Error | null = null;
  const waiting: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  createInterface({ input: stdout }).on('line', (line) => waiting.shift()?.resolve(line));
  // 'close', not 'exit': by then everything it printed on stderr has been read.
  const die = (error: Error): void => {
    const reason = dead ?? error;
    dead = reason;
    for (const w of waiting.splice(0)) w.reject(reason);
  };
  child.once('close', (code: number | null, signal: NodeJS.Signals | null) =>
    die(describeDeath(`exited (${describeExit({ code, signal })})`)),
  );
  child.once('error', (error) => die(describeDeath(`could not run (${error.message})`)));
  return () =>
    new Promise<string>((resolve, reject) => {
      if (dead) {
        reject(dead);
        return;
      }
      const timer = setTimeout(() => {
        waiting.splice(0);
        child.kill('SIGKILL');
        reject(describeDeath(`gave no reading in ${READ_TIMEOUT_MS / 1000} s`));
      }, READ_TIMEOUT_MS);
      waiting.push({
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      stdin.write('\n');
    });
}

/** Start apps/cpu_probe.py in `target`, pinned to `cpus`. */
export function startCpuProbeProcess(
  target: Target,
  cpus: readonly number[],
  plan: Pick<CpuProbePlan, 'trials' | 'loopsPerTrial'>,
): CpuProbeProcess {
  const argv = buildTargetArgv(target, cpus, [
    target.python,
    `${target.appDir}/cpu_probe.py`,
    String(plan.trials),
    String(plan.loopsPerTrial),
  ]);
  const child = spawnTracked(argv, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const describeDeath = (how: string): Error => {
    const tail = stderr.trim().split('\n').slice(-8).join('\n');
    return new Error(`the CPU probe ${how}: ${argv.join(' ')}${tail ? `\n${tail}` : ''}`);
  };
  const ask = askLines(child, describeDeath);
  const readOnce = async (): Promise<number> => {
    const line = await ask();
    let parsed;
    try {
      parsed = ReadingSchema.safeParse(JSON.parse(line));
    } catch {
      parsed = null;
    }
    if (!parsed?.success) throw describeDeath(`printed no reading: ${line.slice(0, 200)}`);
    return summarizeTrials(parsed.data.trials);
  };
  let queue: Promise<unknown> = Promise.resolve();
  return {
    pid: child.pid ?? -1,
    read() {
      const next = queue.then(readOnce, readOnce);
      queue = next.catch(() => undefined);
      return next;
    },
    async stop() {
      child.stdin?.end();
      if (child.pid !== undefined) await stopGroup(child.pid, 1000);
    },
  };
}

/** The run's probe, started and with its baseline taken. */
export interface RunCpuProbe {
  /** What each repetition reads around its window. */
  cpuSpeed: CpuSpeed;
  /** The baseline, as the dataset records it (`environment.cpuProbe`, `runs[].cpuProbe`). */
  baseline: CpuProbeBaseline;
  stop(): Promise<void>;
}

/**
 * Start the run's probe pinned to the server CPUs and take its baseline, before any server
 * starts. A probe that cannot start or read is stopped and the error says why.
 */
export async function startRunCpuProbe(
  target: Target,
  cpus: readonly number[],
  plan: CpuProbePlan = CPU_PROBE_PLAN,
): Promise<RunCpuProbe> {
  const probe = startCpuProbeProcess(target, cpus, plan);
  try {
    const baseline = await takeBaseline(() => probe.read(), plan);
    return {
      cpuSpeed: { read: () => probe.read(), baselineLoopsPerMs: baseline.baselineLoopsPerMs },
      baseline,
      stop: () => probe.stop(),
    };
  } catch (error) {
    await probe.stop();
    throw error;
  }
}
