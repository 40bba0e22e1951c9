/**
 * Start a server under test, wait until every worker is up, and stop it with its whole group.
 * A server that dies or never answers is reported with its command and the end of its log.
 */
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { listSessionProcesses } from './proc.ts';
import { sleep, spawnTracked, stopGroup } from './processes.ts';
import type { ModelSpec, ProbeResult } from './models.ts';
import { buildTargetArgv, type Target } from './target.ts';

/** A server that failed to start or answer; the message carries command and log tail. */
export class ServerStartError extends Error {
  override name = 'ServerStartError';
}

/** A running server: its session id is its PID (spawned with setsid). */
export interface RunningServer {
  pid: number;
  port: number;
  argv: string[];
  logPath: string;
  /** What the app reported at /info. */
  runtime: Record<string, unknown>;
  stop(): Promise<void>;
}

/** What to start. */
export interface ServerRequest {
  target: Target;
  model: ModelSpec;
  workers: number;
  threads: number;
  serverCpus: readonly number[];
  probe: ProbeResult;
  loopsPerMs: number;
  logDir: string;
  /** How long to wait for the first answer. */
  readyTimeoutMs?: number;
}

/** Ask the kernel for a free loopback port. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Last `lines` lines of a log file, for error messages. */
export function readLogTail(path: string, lines = 20): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Shell-quote argv for display. */
export function formatCommandLine(argv: readonly string[]): string {
  return argv
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

/** Processes a model needs before it is fully up: the master (or supervisor) plus the workers. */
function countExpectedProcesses(model: ModelSpec, workers: number): number {
  if (model.id === 'uvicorn' && workers === 1) return 1; // single process, no supervisor
  return workers + 1;
}

async function fetchInfo(port: number): Promise<Record<string, unknown> | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/info`, {
      signal: AbortSignal.timeout(1000),
    });
    if (!response.ok) return null;
    return (await response.json()) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function describeFailure(what: string, argv: readonly string[], logPath: string): ServerStartError {
  return new ServerStartError(
    `${what}\n  command: ${formatCommandLine(argv)}\n  log: ${logPath}\n  last log lines:\n${readLogTail(
      logPath,
    )
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n')}`,
  );
}

/** Wait for the first answer, failing fast if the process exits. */
async function waitForAnswer(
  child: ChildProcess,
  port: number,
  timeoutMs: number,
): Promise<Record<string, unknown> | 'exited' | 'timeout'> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return 'exited';
    const info = await fetchInfo(port);
    if (info) return info;
    await sleep(100);
  }
  return 'timeout';
}

/** Wait until all workers exist and the count has been stable for a moment (bounded). */
async function waitForWorkers(pid: number, expected: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    const count = listSessionProcesses(pid).length;
    if (count !== last) {
      last = count;
      stableSince = Date.now();
    } else if (count >= expected && Date.now() - stableSince > 500) {
      return;
    }
    await sleep(100);
  }
}

export async function startServer(request: ServerRequest): Promise<RunningServer> {
  const { target, model, workers, threads } = request;
  const port = await findFreePort();
  const args = model.buildArgs({
    python: target.python,
    appDir: target.appDir,
    port,
    workers,
    threads,
    probe: request.probe,
  });
  const argv = buildTargetArgv(target, request.serverCpus, args);
  const logPath = join(request.logDir, `${model.id}-w${workers}-t${threads}-${port}.log`);
  const logFd = openSync(logPath, 'a');
  let child: ChildProcess;
  try {
    child = spawnTracked(argv, {
      stdio: ['ignore', logFd, logFd],
      env: { BENCH_CPU_LOOPS_PER_MS: String(request.loopsPerMs), PYTHONUNBUFFERED: '1' },
    });
  } finally {
    closeSync(logFd);
  }
  const pid = child.pid;
  if (pid === undefined) throw describeFailure(`could not spawn ${model.id}`, argv, logPath);
  const stop = (): Promise<void> => stopGroup(pid);

  const answer = await waitForAnswer(child, port, request.readyTimeoutMs ?? 30_000);
  if (answer === 'exited' || answer === 'timeout') {
    await stop();
    const what =
      answer === 'exited'
        ? `${model.id} exited before answering`
        : `${model.id} did not answer on 127.0.0.1:${port}`;
    throw describeFailure(what, argv, logPath);
  }
  await waitForWorkers(pid, countExpectedProcesses(model, workers), 30_000);
  const runtime = (await fetchInfo(port)) ?? answer;
  return { pid, port, argv, logPath, runtime, stop };
}
