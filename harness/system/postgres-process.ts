/**
 * The postmaster as a process: is its port free, is it ready, and how it is stopped.
 *
 * PostgreSQL's shutdown modes are signals to the postmaster
 * (https://www.postgresql.org/docs/current/server-shutdown.html): SIGINT is "fast" (clients'
 * transactions are aborted and their backends exit, then the server shuts down normally),
 * SIGQUIT "immediate" (every process quits at once). The docs advise against SIGKILL, which
 * keeps the postmaster from cleaning up shared memory; it is the last resort here.
 */
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { parsePidStat } from '../measure/proc.ts';
import { sleep, spawnTracked } from './processes.ts';
import { formatCommandLine, readLogTail } from './group.ts';
import { buildPostgresEnv } from './psql.ts';
import { PostgresError } from './postgres-install.ts';
import { parsePostmasterPid } from './postgres-config.ts';

/** Fail with a clear message when a port the user chose is taken on 127.0.0.1. */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new PostgresError(
          error.code === 'EADDRINUSE'
            ? `port ${port} on 127.0.0.1 is already in use: choose another port, or none to get a free one`
            : `cannot use port ${port} on 127.0.0.1: ${error.message}`,
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function readPidFile(path: string): ReturnType<typeof parsePostmasterPid> {
  try {
    return parsePostmasterPid(readFileSync(path, 'utf8'));
  } catch {
    return null; // not written yet
  }
}

/**
 * Wait until postmaster.pid says "ready" for our port (PostgreSQL >= 10 writes the status
 * there when it accepts connections), failing fast if the process exits, bounded in time.
 */
export async function waitForReady(
  postmaster: ChildProcess,
  pidFile: string,
  port: number,
  options: { timeoutMs: number; describe: () => string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (hasExited(postmaster)) {
      const how = postmaster.signalCode ?? `code ${postmaster.exitCode}`;
      throw new PostgresError(`postgres exited (${how}) before it was ready${options.describe()}`);
    }
    const state = readPidFile(pidFile);
    if (state?.status === 'ready' && state.port === port && state.pid === postmaster.pid) return;
    if (Date.now() >= deadline) {
      throw new PostgresError(
        `PostgreSQL did not become ready on 127.0.0.1:${port} within ${options.timeoutMs / 1000} s${options.describe()}`,
      );
    }
    await sleep(50);
  }
}

/** The postmaster and its direct children (backends, auxiliary processes), by PID. */
export function listPostgresProcesses(postmasterPid: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = parsePidStat(readFileSync(`/proc/${name}/stat`, 'latin1'));
      if (stat.pid === postmasterPid || stat.ppid === postmasterPid) pids.push(stat.pid);
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Whether a process still runs (a zombie does not: it waits only to be reaped). */
function isRunning(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return false;
  }
}

/**
 * For signal handlers, synchronously: immediate shutdown (SIGQUIT), waited for up to `graceMs`
 * (it takes milliseconds), then SIGKILL for the postmaster and its children. Waiting matters:
 * a postmaster still shutting down writes into the directory the caller is about to remove.
 */
export function killPostmasterNow(pid: number, graceMs = 5000): void {
  const children = listPostgresProcesses(pid).filter((p) => p !== pid);
  signal(pid, 'SIGQUIT');
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + graceMs;
  while (isRunning(pid) && Date.now() < deadline) Atomics.wait(pause, 0, 0, 10);
  if (!isRunning(pid)) return;
  signal(pid, 'SIGKILL');
  for (const child of children) signal(child, 'SIGKILL');
}

/**
 * Fast shutdown, waited for (bounded); then immediate; then SIGKILL of the postmaster and its
 * children. The postmaster exits only after its children, so its exit means none is left.
 */
export async function stopPostmaster(postmaster: ChildProcess, graceMs = 15_000): Promise<void> {
  const pid = postmaster.pid;
  if (pid === undefined) return;
  const exited = new Promise<void>((resolve) => {
    if (hasExited(postmaster)) resolve();
    else postmaster.once('exit', () => resolve());
  });
  const waitFor = (ms: number): Promise<boolean> =>
    Promise.race([exited.then(() => true), sleep(ms).then(() => false)]);
  if (!hasExited(postmaster)) {
    signal(pid, 'SIGINT');
    if (!(await waitFor(graceMs))) {
      signal(pid, 'SIGQUIT');
      if (!(await waitFor(5000))) {
        // A killed postmaster cannot stop its children, and they are reparented when it dies.
        const children = listPostgresProcesses(pid).filter((p) => p !== pid);
        signal(pid, 'SIGKILL');
        for (const child of children) signal(child, 'SIGKILL');
      }
    }
  }
  await exited;
}

/** Spawn a PostgreSQL program (tracked, in its own group) with its output in `logPath`. */
export function spawnLogged(argv: string[], logPath: string): ChildProcess {
  const fd = openSync(logPath, 'a');
  try {
    return spawnTracked(argv, { stdio: ['ignore', fd, fd], env: buildPostgresEnv() });
  } finally {
    closeSync(fd);
  }
}

/** Run initdb; on failure throw with its command and the end of its log. */
export async function runInitdb(argv: string[], logPath: string): Promise<void> {
  const child = spawnLogged(argv, logPath);
  const code = await new Promise<number | string>((resolve) => {
    child.on('error', (error) => resolve(error.message));
    child.on('exit', (exitCode, signal) => resolve(exitCode ?? signal ?? 'unknown'));
  });
  if (code !== 0) {
    throw new PostgresError(
      `initdb failed (${typeof code === 'number' ? `exit ${code}` : code})\n  command: ${formatCommandLine(argv)}\n  last log lines:\n${indent(readLogTail(logPath))}`,
    );
  }
}

/** The end of a log, indented for an error message. */
export function indent(text: string): string {
  return (text.trim() ? text : '(the log is empty)')
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
