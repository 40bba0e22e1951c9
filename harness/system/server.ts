/**
 * The server under test as a process group: start one model in one configuration, wait until
 * every worker is up, and stop it with its whole group. A server that dies or never answers is
 * reported with its command and the end of its log.
 */
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { listSessionProcesses } from '../measure/proc.ts';
import {
  describeWithLog,
  findFreePort,
  GroupStartError,
  waitForReady,
  type GroupContext,
  type GroupSpec,
  type RunningGroup,
} from './group.ts';
import type { ModelSpec, ProbeResult } from './models.ts';
import { sleep, spawnTracked, stopGroup, watchExit } from './processes.ts';
import { buildTargetArgv } from './target.ts';

/** The name of the server under test among the groups. */
export const SERVER_GROUP = 'server';

/** A running server: the group, the port it answers on and what its app reported at /info. */
export interface RunningServer extends RunningGroup {
  port: number;
  runtime: Record<string, unknown>;
}

/** One server configuration. */
export interface ServerConfig {
  model: ModelSpec;
  workers: number;
  threads: number;
  probe: ProbeResult;
  loopsPerMs: number;
  /** The app's entry point; unset, the model's plain app (see ServerParams.app). */
  app?: string | undefined;
  /** Environment for the app besides what the services export (DB_POOL_SIZE, ...). */
  env?: Readonly<Record<string, string>> | undefined;
  /** Variables to set from a service's export, e.g. `{ DATABASE_URL: 'PGBOUNCER_DATABASE_URL' }`. */
  envFromExports?: Readonly<Record<string, string>> | undefined;
  /** How long to wait for the first answer. */
  readyTimeoutMs?: number;
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

async function startServer(config: ServerConfig, context: GroupContext): Promise<RunningServer> {
  const { model, workers, threads, probe } = config;
  const { target } = context;
  const fromExports = Object.fromEntries(
    Object.entries(config.envFromExports ?? {}).map(([name, source]) => {
      const value = context.env[source];
      if (value === undefined)
        throw new GroupStartError(
          `the server needs ${source} (for ${name}), which no service exports`,
        );
      return [name, value];
    }),
  );
  const port = await findFreePort();
  const args = model.buildArgs({
    python: target.python,
    appDir: target.appDir,
    port,
    workers,
    threads,
    probe,
    app: config.app,
  });
  const argv = buildTargetArgv(target, context.cpus, args);
  const appName = config.app ? `${config.app.split(':')[0]}-` : '';
  const logPath = join(context.logDir, `${appName}${model.id}-w${workers}-t${threads}-${port}.log`);
  const logFd = openSync(logPath, 'a');
  let child: ChildProcess;
  try {
    child = spawnTracked(argv, {
      stdio: ['ignore', logFd, logFd],
      env: {
        ...context.env,
        ...config.env,
        ...fromExports,
        BENCH_CPU_LOOPS_PER_MS: String(config.loopsPerMs),
        PYTHONUNBUFFERED: '1',
      },
    });
  } finally {
    closeSync(logFd);
  }
  const pid = child.pid;
  const fail = (what: string): GroupStartError =>
    new GroupStartError(describeWithLog(what, argv, logPath));
  if (pid === undefined) throw fail(`could not spawn ${model.id}`);
  const exited = watchExit(child);
  const stop = (): Promise<void> => stopGroup(pid);

  const answer = await waitForReady(child, () => fetchInfo(port), config.readyTimeoutMs ?? 30_000);
  if (answer === 'exited' || answer === 'timeout') {
    await stop();
    throw fail(
      answer === 'exited'
        ? `${model.id} exited before answering`
        : `${model.id} did not answer on 127.0.0.1:${port}`,
    );
  }
  await waitForWorkers(pid, countExpectedProcesses(model, workers), 30_000);
  const runtime = (await fetchInfo(port)) ?? answer;
  return {
    pid,
    port,
    // `{port}` replaces the ephemeral port so the recorded command is the same on every run.
    argv: argv.map((a) => a.replace(String(port), '{port}')),
    logPath,
    versions: { python: probe.python.version },
    facts: {},
    exports: {},
    runtime,
    exited,
    stop,
  };
}

/** The server under test in one configuration, pinned to the server CPUs. */
export function serverGroup(config: ServerConfig): GroupSpec<RunningServer> {
  return {
    name: SERVER_GROUP,
    role: 'server',
    placement: 'server',
    start: (context) => startServer(config, context),
  };
}
