import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The first Python on PATH (`python3`, then `python`), or null when there is none. */
export function findPython(): string | null {
  for (const candidate of ['python3', 'python']) {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // Try the next name.
    }
  }
  return null;
}

/** Python on this machine, looked up once (null: the Python tests are skipped). */
export const python = findPython();

const demosDir = fileURLToPath(new URL('../../src/demos/', import.meta.url));
// The runner's helpers that demo code imports (`timeline`), as the page's runner installs them.
const runnerDir = fileURLToPath(new URL('../../src/pyodide/', import.meta.url));

/**
 * Runs CPython in `src/demos` as a demo sees Python: with the runner's helper modules on the
 * path. Returns stdout; throws with stderr in the message when Python fails.
 */
export function runDemoPython(
  args: readonly string[],
  options: { input?: string; timeout?: number } = {},
): string {
  return execFileSync(python ?? 'python3', args, {
    cwd: demosDir,
    env: { ...process.env, PYTHONPATH: runnerDir },
    encoding: 'utf8',
    stdio: 'pipe',
    timeout: options.timeout ?? 60_000,
    ...(options.input !== undefined && { input: options.input }),
  });
}

/**
 * Loads worker-simulator.py (its own run prints to a discarded buffer) and calls one of its
 * functions (`simulate`, or `simulate_open` for the open loop; the first argv) per case.
 */
const simulateEach = [
  'import contextlib, io, json, runpy, sys',
  'with contextlib.redirect_stdout(io.StringIO()):',
  '    demo = runpy.run_path("worker-simulator.py", init_globals={"PARAMS": {"timeline": "none"}})',
  'print(json.dumps([demo[sys.argv[1]](**case) for case in json.loads(sys.stdin.read())]))',
].join('\n');

/**
 * The simulator's predictions for each case (keyword arguments of `simulate`, or of
 * `simulate_open` with `fn: 'simulate_open'`), in one process.
 */
export function runSimulator<T>(
  cases: readonly object[],
  timeout = 60_000,
  fn: 'simulate' | 'simulate_open' = 'simulate',
): T[] {
  return JSON.parse(
    runDemoPython(['-c', simulateEach, fn], { input: JSON.stringify(cases), timeout }),
  ) as T[];
}
