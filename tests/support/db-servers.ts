/**
 * Start the database apps (harness/apps) under real servers for the integration tests, on the
 * host's Python or inside a rootfs (a private copy of the apps, removed afterwards).
 */
import { closeSync, cpSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { join, relative } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { spawnTracked, sleep, stopGroup } from '../../harness/system/processes.ts';
import { findFreePort, formatCommandLine, readLogTail } from '../../harness/system/group.ts';

const APPS = new URL('../../harness/apps/', import.meta.url).pathname;

/** Where apps run: the host's /usr/bin/python3 or the rootfs's. */
export interface AppTarget {
  rootfs: string | null;
  /** The apps directory as the target sees it. */
  appDir: string;
  /** Remove the private copy (rootfs only). */
  remove(): void;
}

export function createAppTarget(rootfs: string | null): AppTarget {
  if (!rootfs) return { rootfs, appDir: APPS.replace(/\/$/, ''), remove: () => undefined };
  const copy = mkdtempSync(join(rootfs, 'tmp', 'worker-models-apps-test-'));
  cpSync(APPS, copy, { recursive: true, filter: (src) => !src.includes('__pycache__') });
  return {
    rootfs,
    appDir: `/${relative(rootfs, copy)}`,
    remove: () => rmSync(copy, { recursive: true, force: true }),
  };
}

/** A server kind: the argv after the Python, given the entry point and port. */
export type ServerKind =
  | 'gunicorn-sync'
  | 'gunicorn-gthread'
  | 'gunicorn-gevent'
  | 'gunicorn-uvicorn-worker'
  | 'gunicorn-asgi'
  | 'uvicorn';

/** argv of one server with one worker process (one pool, so concurrency inside it is visible). */
export function buildServerArgv(
  target: AppTarget,
  kind: ServerKind,
  entry: string,
  port: number,
): string[] {
  const python = '/usr/bin/python3';
  const gunicorn = (workerClass: string, extra: string[] = []): string[] => [
    python,
    '-m',
    'gunicorn',
    '--bind',
    `127.0.0.1:${port}`,
    '--workers',
    '1',
    '--worker-class',
    workerClass,
    ...extra,
    '--chdir',
    target.appDir,
    '--log-level',
    'warning',
    entry,
  ];
  const argv = {
    'gunicorn-sync': () => gunicorn('sync'),
    'gunicorn-gthread': () => gunicorn('gthread', ['--threads', '4']),
    'gunicorn-gevent': () => gunicorn('gevent'),
    'gunicorn-uvicorn-worker': () => gunicorn('uvicorn.workers.UvicornWorker'),
    'gunicorn-asgi': () => gunicorn('asgi'),
    uvicorn: () => [
      python,
      '-m',
      'uvicorn',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--app-dir',
      target.appDir,
      '--no-access-log',
      '--log-level',
      'warning',
      entry,
    ],
  }[kind]();
  return target.rootfs ? ['chroot', target.rootfs, ...argv] : argv;
}

/** A running app server. */
export interface AppServer {
  /** Session id of the server's process tree (spawned with setsid). */
  pid: number;
  url: string;
  info: Record<string, unknown>;
  stop(): Promise<void>;
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Start a server and wait (bounded) until /info answers; fail with its log tail otherwise. */
export async function startAppServer(
  target: AppTarget,
  kind: ServerKind,
  entry: string,
  env: Record<string, string>,
  logDir: string,
): Promise<AppServer> {
  const port = await findFreePort();
  const argv = buildServerArgv(target, kind, entry, port);
  const logPath = join(logDir, `${kind}-${entry.replace(/[^\w]/g, '_')}-${port}.log`);
  const fd = openSync(logPath, 'a');
  let child: ChildProcess;
  try {
    child = spawnTracked(argv, {
      stdio: ['ignore', fd, fd],
      env: { ...env, PYTHONUNBUFFERED: '1' },
    });
  } finally {
    closeSync(fd);
  }
  const pid = child.pid;
  const stop = async (): Promise<void> => {
    if (pid !== undefined) await stopGroup(pid);
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !hasExited(child)) {
    try {
      const answer = await get(`${url}/info`);
      if (answer.status === 200) {
        const info = JSON.parse(answer.body) as Record<string, unknown>;
        return { pid: pid ?? 0, url, info, stop };
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await stop();
  throw new Error(
    `${kind} ${entry} did not answer /info\n  command: ${formatCommandLine(argv)}\n${readLogTail(logPath)}`,
  );
}

/**
 * One GET on a connection of its own, closed afterwards (no keep-alive, so stopping a server
 * never waits for idle connections): status, body text and how long it took.
 */
export function get(url: string): Promise<{ status: number; body: string; elapsedMs: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = httpGet(url, { agent: false, timeout: 30_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body, elapsedMs: performance.now() - started }),
      );
    });
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url} within 30 s`)));
    request.on('error', reject);
  });
}
