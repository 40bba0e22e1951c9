/**
 * A stand-in service: Python's `http.server` serving an empty folder on loopback. No app uses
 * it; the quick-services scenario starts it beside the server under test so that the tests run a
 * second real process group through everything a database will go through: start and readiness
 * in order, an exported address in the server's environment, CPU, PSS and its own sampler per
 * repetition, removal of what it created, and a crash.
 */
import { closeSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { readThreadCount } from '../measure/proc.ts';
import {
  describeWithLog,
  findFreePort,
  GroupStartError,
  waitForReady,
  type GroupContext,
  type GroupSampler,
  type GroupSpec,
  type Placement,
  type RunningGroup,
} from './group.ts';
import { registerCleanup, spawnTracked, stopGroup, watchExit } from './processes.ts';
import { buildTargetArgv, makeTargetTempDir } from './target.ts';

/** The variable that carries its address to the groups started after it. */
export const FILE_SERVER_URL_VAR = 'BENCH_FILE_SERVER_URL';

/** How often its sampler counts threads (http.server runs one thread per connection). */
const SAMPLE_MS = 100;

/** Its `Server` header names its own version and Python's: `SimpleHTTP/0.6 Python/3.11.2`. */
export function parseServerHeader(header: string): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const [, name, version] of header.matchAll(/(\w+)\/(\S+)/g))
    if (name && version)
      versions[name === 'SimpleHTTP' ? 'http.server' : name.toLowerCase()] = version;
  return versions;
}

async function fetchServerHeader(url: string): Promise<string | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok ? (response.headers.get('server') ?? '') : null;
  } catch {
    return null;
  }
}

/** Peak thread count of the server process over one window. */
function samplePeakThreads(pid: number): GroupSampler {
  let peak = readThreadCount(pid) ?? 0;
  const timer = setInterval(() => (peak = Math.max(peak, readThreadCount(pid) ?? 0)), SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      return Promise.resolve({ peakThreads: peak });
    },
  };
}

async function startFileServer(context: GroupContext): Promise<RunningGroup> {
  const { target } = context;
  const port = await findFreePort();
  const dir = makeTargetTempDir(target, 'bench-file-server-');
  const removeDir = (): void => rmSync(dir.hostPath, { recursive: true, force: true });
  const unregister = registerCleanup(removeDir);
  const args = [target.python, '-m', 'http.server', '--bind', '127.0.0.1'];
  const argv = buildTargetArgv(target, context.cpus, [
    ...args,
    '--directory',
    dir.targetPath,
    String(port),
  ]);
  const logPath = join(context.logDir, `file-server-${port}.log`);
  const logFd = openSync(logPath, 'a');
  let child: ChildProcess;
  try {
    child = spawnTracked(argv, { stdio: ['ignore', logFd, logFd] });
  } finally {
    closeSync(logFd);
  }
  const pid = child.pid;
  const exited = watchExit(child);
  const stop = async (): Promise<void> => {
    if (pid !== undefined) await stopGroup(pid);
    removeDir();
    unregister();
  };
  const fail = async (what: string): Promise<never> => {
    await stop();
    throw new GroupStartError(describeWithLog(what, argv, logPath));
  };
  if (pid === undefined) return fail('could not spawn the file server');

  const url = `http://127.0.0.1:${port}/`;
  const header = await waitForReady(child, () => fetchServerHeader(url), 10_000);
  if (header === 'exited') return fail('the file server exited before answering');
  if (header === 'timeout') return fail(`the file server did not answer on ${url}`);
  return {
    pid,
    argv: buildTargetArgv(target, context.cpus, [...args, '--directory', '{dir}', '{port}']),
    logPath,
    versions: parseServerHeader(header),
    facts: { bind: '127.0.0.1' },
    exports: { [FILE_SERVER_URL_VAR]: url },
    startSampler: () => samplePeakThreads(pid),
    exited,
    stop,
  };
}

/** The stand-in service, pinned to the server or the client CPUs. */
export function fileServerGroup(options: { placement: Placement }): GroupSpec {
  return {
    name: 'file-server',
    role: 'service',
    placement: options.placement,
    start: startFileServer,
  };
}
