/**
 * Helpers of the harness integration tests: run `npm run bench` for real, find the processes a
 * run started (they carry its marker), and wait for them to be gone.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findMarkedProcesses, sleep } from '../../harness/system/processes.ts';

export const REPO = new URL('../../', import.meta.url).pathname;
const BENCH = join(REPO, 'harness/run/bench.ts');
// The pinned Node 24 (runs .ts directly), even when vitest itself was started by another Node.
const NODE = existsSync(join(REPO, 'node_modules/.bin/node'))
  ? join(REPO, 'node_modules/.bin/node')
  : process.execPath;
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** Per-test limit for a real recording. */
export const LONG = 240_000;

/** Run the harness to completion. */
export function runBench(args: string[]): { status: number | null; stderr: string } {
  const { status, stderr } = runBenchStdout(args);
  return { status, stderr };
}

/** Run the harness to completion, keeping what it printed on stdout too (`--dry-run`, `--help`). */
export function runBenchStdout(args: string[]): {
  status: number | null;
  stdout: string;
  stderr: string;
} {
  const result = spawnSync(NODE, [BENCH, ...args], { cwd: REPO, encoding: 'utf8', timeout: LONG });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** PIDs whose environment holds `entry` (the harness itself carries BENCH_HARNESS_RUN_ID). */
function findProcessesWithEnv(entry: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .filter((name) => {
      try {
        const environ = readFileSync(`/proc/${name}/environ`, 'latin1').split('\0');
        const state = readFileSync(`/proc/${name}/stat`, 'latin1');
        return environ.includes(entry) && !/\) Z /.test(state);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** A process's argv, or [] when it is gone. */
export function readArgv(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

/** A process's environment entries. */
export function readEnviron(pid: number): string[] {
  return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
}

/** The CPUs a process may run on, e.g. `1`. */
export function readCpusAllowed(pid: number): string {
  return (
    /^Cpus_allowed_list:\s+(\S+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? ''
  );
}

/** The folder a file server serves (its `--directory`). */
export function readServedFolder(pid: number): string {
  const argv = readArgv(pid);
  return argv[argv.indexOf('--directory') + 1] ?? '';
}

/** The leader of a run's process group whose argv matches, e.g. the file server's python. */
export function findRunProcess(runId: string, pattern: RegExp): number | undefined {
  return findMarkedProcesses(runId).find((pid) => pattern.test(readArgv(pid).join(' ')));
}

/** A bench started through npm, the way people start it. */
export interface BenchRun {
  runId: string;
  pid: number;
  stderr(): string;
  /** npm's exit code, once npm and the harness have both exited. */
  exited: Promise<number | null>;
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

/**
 * `npm run bench -- ARGS` in its own process group (like a terminal job) when `detached`, with
 * `env` added to the environment (e.g. TMPDIR, where a run makes its temporary folders).
 */
export function startBench(
  args: string[],
  runId: string,
  detached: boolean,
  env: Record<string, string> = {},
): BenchRun {
  const child = spawn(NPM, ['run', 'bench', '--', ...args], {
    cwd: REPO,
    env: { ...process.env, ...env, BENCH_HARNESS_RUN_ID: runId },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached,
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  // 'close', not 'exit': npm may exit before the harness has written its last words to the
  // shared stderr pipe; the pipe closes when the harness (its last writer) is gone too.
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code)),
  );
  return {
    runId,
    pid: child.pid ?? -1,
    stderr: () => stderr,
    exited,
    async waitForStderr(pattern, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(stderr) && Date.now() < deadline) await sleep(100);
    },
  };
}

/** Every process a run left behind, after giving its clean-up a moment (npm may exit first). */
export async function findLeftovers(runId: string): Promise<number[]> {
  const find = (): number[] => [
    ...findMarkedProcesses(runId),
    ...findProcessesWithEnv(`BENCH_HARNESS_RUN_ID=${runId}`),
  ];
  let left = find();
  for (let i = 0; i < 30 && left.length; i++) {
    await sleep(100);
    left = find();
  }
  return left;
}
