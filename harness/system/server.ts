/**
 * The server under test as a process group: start one model in one configuration, wait until
 * every worker is up, and stop it with its whole group. A server that dies or never answers is
 * reported with its command and the end of its log.
 */
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { ServerLimits, ServerOptions, WorkersRule } from '../../src/bench/schema.ts';
import { startChurnSampler } from '../measure/process-churn.ts';
import { listSessionProcesses } from '../measure/proc.ts';
import type { Cgroup } from './cgroup.ts';
import {
  buildContainerArgv,
  createLimitsCgroup,
  probeContainerView,
  recordContainerArgv,
  type ContainerView,
} from './container.ts';
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
import { registerCleanup, sleep, spawnTracked, stopGroup, watchExit } from './processes.ts';
import { applyServerOptions } from './server-options.ts';
import { findWorkersRuleProblem } from './workers-rules.ts';

/** The name of the server under test among the groups. */
export const SERVER_GROUP = 'server';

/** A running server: the group, the port it answers on and what its app reported at /info. */
export interface RunningServer extends RunningGroup {
  port: number;
  runtime: Record<string, unknown>;
  /** The cgroup its limits were written to, as the dataset records it; null without limits. */
  cgroup: { version: 1 | 2; cpuQuotaUs: number | null; cpuPeriodUs: number | null } | null;
  /** Whether its session leader has exited (an outcome only when `exitIsOutcome`). */
  hasExited(): boolean;
}

/** One server configuration. */
export interface ServerConfig {
  model: ModelSpec;
  workers: number;
  threads: number;
  probe: ProbeResult;
  loopsPerMs: number;
  /**
   * The app's entry point (a database app's, or findAppEntry's for the other apps); unset, the
   * model's plain app (see ServerParams.app).
   */
  app?: string | undefined;
  /** Environment for the app besides what the services export (DB_POOL_SIZE, ...). */
  env?: Readonly<Record<string, string>> | undefined;
  /** Variables to set from a service's export, e.g. `{ DATABASE_URL: 'PGBOUNCER_DATABASE_URL' }`. */
  envFromExports?: Readonly<Record<string, string>> | undefined;
  /** How long to wait for the first answer. */
  readyTimeoutMs?: number;
  /** Server settings beyond workers and threads; absent: the server's defaults. */
  options?: ServerOptions | undefined;
  /**
   * Run it as a container would (container.ts): in a cgroup with these limits, /proc and /sys
   * mounted. Under a memory limit its exit is an outcome to measure (the OOM killer may take the
   * whole server), not a crash; the recorder starts it again, as a container's restart policy
   * would.
   */
  limits?: ServerLimits | undefined;
  /** How the worker count was chosen; checked against what Python sees in the container. */
  workersRule?: WorkersRule | undefined;
}

/** Processes a model needs before it is fully up: the master (or supervisor) plus the workers. */
function countExpectedProcesses(model: ModelSpec, workers: number): number {
  if (model.id === 'uvicorn' && workers === 1) return 1; // single process, no supervisor
  if (model.id === 'daphne') return 1; // one process, no workers option
  return workers + 1;
}

let cgroupCount = 0;

/** The server's cgroup when its point has limits, removed by `stop` and by Ctrl-C. */
function createServerCgroup(limits: ServerLimits | undefined): {
  cgroup: Cgroup | null;
  remove(): void;
} {
  if (!limits) return { cgroup: null, remove: () => {} };
  cgroupCount += 1;
  const cgroup = createLimitsCgroup(limits, `server-${cgroupCount}`);
  const unregister = registerCleanup(() => cgroup.remove());
  return {
    cgroup,
    remove: () => {
      cgroup.remove();
      unregister();
    },
  };
}

/** What Python sees in the container, checked against the point's workers rule. */
async function inspectContainer(
  config: ServerConfig,
  context: GroupContext,
  cgroup: Cgroup | null,
): Promise<ContainerView | null> {
  if (!config.limits) return null;
  const view = await probeContainerView(context.target, context.cpus, config.limits, cgroup);
  if (config.workersRule) {
    const problem = findWorkersRuleProblem(
      config.model,
      {
        workers: config.workers,
        threads: config.threads,
        workersRule: config.workersRule,
        limits: config.limits,
      },
      view,
      context.cpus.length,
    );
    if (problem) throw new GroupStartError(problem);
  }
  return view;
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
  const args = applyServerOptions(
    model,
    model.buildArgs({
      python: target.python,
      appDir: target.appDir,
      port,
      workers,
      threads,
      probe,
      app: config.app,
    }),
    { options: config.options, appDir: target.appDir },
  );
  const limits = createServerCgroup(config.limits);
  let containerView: ContainerView | null;
  try {
    containerView = await inspectContainer(config, context, limits.cgroup);
  } catch (error) {
    limits.remove();
    throw error;
  }
  const argv = buildContainerArgv(target, context.cpus, args, config.limits, limits.cgroup);
  const recordedArgv = recordContainerArgv(argv, limits.cgroup);
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
  } catch (error) {
    limits.remove();
    throw error;
  } finally {
    closeSync(logFd);
  }
  const pid = child.pid;
  const fail = (what: string): GroupStartError =>
    new GroupStartError(describeWithLog(what, argv, logPath));
  if (pid === undefined) {
    limits.remove();
    throw fail(`could not spawn ${model.id}`);
  }
  const exited = watchExit(child);
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const stop = async (): Promise<void> => {
    await stopGroup(pid);
    limits.remove();
  };

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
  const { cgroup } = limits;
  return {
    pid,
    port,
    // `{port}` replaces the ephemeral port so the recorded command is the same on every run.
    argv: recordedArgv.map((a) => a.replace(String(port), '{port}')),
    logPath,
    versions: { python: probe.python.version },
    facts: {},
    exports: {},
    runtime: containerView ? { ...runtime, containerView } : runtime,
    cgroup: cgroup && {
      version: cgroup.version,
      cpuQuotaUs: cgroup.limits.cpu?.quotaUs ?? null,
      cpuPeriodUs: cgroup.limits.cpu?.periodUs ?? null,
    },
    ...(cgroup && {
      readCgroupStats: () => cgroup.readStats(),
      startSampler: () => startChurnSampler(pid),
    }),
    exitIsOutcome: (config.limits?.memoryBytes ?? null) !== null,
    hasExited: () => hasExited,
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
