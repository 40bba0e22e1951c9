/**
 * Run real servers inside the Debian sid root (harness/env/prepare-sid.sh), the way the harness
 * does (`chroot ROOT python3 ...`), for integration tests that need current releases: gunicorn's
 * `asgi` worker and Python 3.14's `python -m asyncio ps` do not exist on Debian 12.
 *
 * Every server is its own process group (spawnTracked), stopped as a whole by `stop()`, and the
 * files a test copies into the root live in one temporary directory that `remove()` deletes.
 */
import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { listSessionProcesses } from '../../harness/measure/proc.ts';
import { sleep, spawnTracked, stopGroup } from '../../harness/system/processes.ts';

const DEFAULT_SID_ROOT = '/var/cache/worker-models/sid';

/** The sid root's path (WORKER_MODELS_SID, else the harness default); throws if it is missing. */
export function requireSidRoot(): string {
  const root = process.env['WORKER_MODELS_SID'] ?? DEFAULT_SID_ROOT;
  if (!existsSync(join(root, 'usr/bin/python3'))) {
    throw new Error(
      `No Debian sid root at ${root} (no usr/bin/python3 there). These tests run gunicorn, ` +
        `uvicorn and Python 3.14 from it: run \`sh harness/env/prepare-sid.sh ${root}\` as root ` +
        `first, or point WORKER_MODELS_SID at an existing root.`,
    );
  }
  return root;
}

/** Test files copied into the root: `dir` is their path as the chroot sees it. */
export interface CopiedFiles {
  dir: string;
  remove: () => void;
}

/** Copy a fixture directory into a fresh temporary directory under ROOT/tmp. */
export function copyIntoRoot(root: string, fixtureDir: string): CopiedFiles {
  const hostDir = mkdtempSync(join(root, 'tmp', 'worker-models-test-'));
  cpSync(fixtureDir, hostDir, { recursive: true });
  return {
    dir: hostDir.slice(root.length),
    remove: () => rmSync(hostDir, { recursive: true, force: true }),
  };
}

/** A server started in the root, with everything it printed so far. */
export interface RootServer {
  pid: number;
  output: () => string;
  /** Stop the whole process group: SIGTERM, then SIGKILL. */
  stop: () => Promise<void>;
}

export interface StartOptions {
  /** Working directory inside the root (where the fixture modules are). */
  cwd: string;
  env?: Record<string, string>;
  /**
   * Start in a private mount namespace with /proc mounted inside the root, as a container has:
   * tools that read another process (`python -m asyncio ps`) need /proc/PID/maps. The mount
   * disappears with the namespace, so the shared root is never changed.
   */
  withProc?: boolean;
}

/** Start `argv` (as the root sees it) in ROOT; every wrapper execs, so `pid` is the server's. */
export function startInRoot(
  root: string,
  argv: readonly string[],
  options: StartOptions,
): RootServer {
  const inRoot = ['chroot', root, 'sh', '-c', 'cd "$0" && exec "$@"', options.cwd, ...argv];
  const command = options.withProc
    ? [
        'unshare',
        '--mount',
        '--propagation',
        'private',
        '--',
        'sh',
        '-c',
        'mount -t proc proc "$0/proc" && exec "$@"',
        root,
        ...inRoot,
      ]
    : inRoot;
  const child = spawnTracked(command, {
    env: options.env ?? {},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${command.join(' ')}`);
  let text = '';
  collect(child, (chunk) => (text += chunk));
  const pid = child.pid;
  return { pid, output: () => text, stop: () => stopGroup(pid) };
}

function collect(child: ChildProcess, add: (chunk: string) => void): void {
  child.stdout?.on('data', (chunk: Buffer) => add(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => add(chunk.toString()));
}

/** Wait until the server's output matches `pattern`; fail with the output after `timeoutMs`. */
export async function waitForOutput(
  server: RootServer,
  pattern: RegExp,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(server.output())) {
    if (Date.now() > deadline) {
      throw new Error(
        `no ${pattern} in the server's output after ${timeoutMs} ms:\n${server.output()}`,
      );
    }
    await sleep(100);
  }
}

/** PIDs of the processes whose parent is `pid` (gunicorn's workers, for its master). */
export function findChildren(pid: number): number[] {
  return listSessionProcesses(pid)
    .filter((p) => p.ppid === pid)
    .map((p) => p.pid);
}

/** Wait until the gunicorn master `pid` has `count` workers. */
export async function waitForWorkers(
  pid: number,
  count = 1,
  timeoutMs = 30_000,
): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const workers = findChildren(pid);
    if (workers.length >= count) return workers;
    if (Date.now() > deadline)
      throw new Error(`gunicorn ${pid} has no worker after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** The outcome of one HTTP GET: its status, or the error that ended it (a cut connection). */
export type GetOutcome = { status: number } | { error: string };

/** GET a loopback URL without keep-alive; resolves (never rejects) when the exchange ends. */
export function get(url: string): Promise<GetOutcome> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      res.on('error', (error) => resolve({ error: error.message }));
    });
    req.on('error', (error) => resolve({ error: error.message }));
    req.end();
  });
}

/** Poll `url` until the server answers at all (any status). */
export async function waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!('status' in (await get(url)))) {
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await sleep(100);
  }
}
