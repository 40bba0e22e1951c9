/**
 * What ends an old worker after a `HUP` when a request outlives `graceful_timeout`, for each
 * worker class, on real gunicorn 26 servers in the Debian sid root.
 *
 * The arbiter's reload() waits up to graceful_timeout for the old workers and then returns; it
 * never sends SIGKILL (only stop(), on TERM, does). So the bound is each worker class's own:
 * gevent and the asgi worker stop by themselves after graceful_timeout; sync, gthread and the
 * Uvicorn worker keep going until the heartbeat check (`timeout`) aborts them, unless Uvicorn's
 * own timeout_graceful_shutdown is set. The assertions read gunicorn's log lines, not the clock.
 * Backs content/prefork-sync.mdx, content/gunicorn-asgi.mdx and content/glossary.mdx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../../harness/system/processes.ts';
import { findFreePort } from '../../harness/system/group.ts';
import { BLOCKING_CALLS_FIXTURES } from '../support/blocking-calls.ts';
import {
  copyIntoRoot,
  findChildren,
  get,
  requireSidRoot,
  startInRoot,
  waitForHttp,
  waitForOutput,
  waitForWorkers,
  type CopiedFiles,
} from '../support/sid-root.ts';

const LONG = 90_000;
/** One worker class and what should end its old worker. */
interface Case {
  workerClass: string;
  app: string;
  path: string;
  /** What the app prints once the long request is running. */
  started: RegExp;
  endedBy: 'timeout' | 'itself';
  /** A log line that shows how the old worker ended. */
  says: RegExp;
  /** For ASGI apps: whether the old worker's lifespan shutdown ran. */
  lifespanRan?: boolean;
}

const WSGI = { app: 'blocking_wsgi:app', path: '/block', started: /legacy_report: blocking/ };
const ASGI = { app: 'blocking_app:app', path: '/await', started: /slow_query: waiting 20/ };

let root: string;
let files: CopiedFiles | undefined;

beforeAll(() => {
  root = requireSidRoot();
  files = copyIntoRoot(root, BLOCKING_CALLS_FIXTURES);
});
afterAll(() => files?.remove());

describe.each<Case>([
  // No limit of its own, and no heartbeat while it runs a request.
  { workerClass: 'sync', ...WSGI, endedBy: 'timeout', says: /WORKER TIMEOUT/ },
  // Its own wait ends after graceful_timeout, but the process waits for the busy thread at exit.
  { workerClass: 'gthread', ...WSGI, endedBy: 'timeout', says: /WORKER TIMEOUT/ },
  { workerClass: 'gevent', ...WSGI, endedBy: 'itself', says: /Worker graceful timeout/ },
  {
    workerClass: 'asgi',
    ...ASGI,
    endedBy: 'itself',
    says: /Forcing close of 1 connections/,
    lifespanRan: true,
  },
  {
    workerClass: 'uvicorn.workers.UvicornWorker',
    ...ASGI,
    endedBy: 'timeout',
    says: /WORKER TIMEOUT/,
    lifespanRan: false,
  },
  {
    workerClass: 'bounded_worker.BoundedUvicornWorker',
    ...ASGI,
    endedBy: 'itself',
    says: /timeout graceful shutdown exceeded/,
    lifespanRan: true,
  },
])('HUP with a request longer than graceful_timeout, -k $workerClass', (c) => {
  it(
    `the old worker is ended by ${c.endedBy === 'timeout' ? 'the heartbeat timeout' : 'itself'}`,
    async () => {
      const port = await findFreePort();
      const url = `http://127.0.0.1:${port}`;
      const server = startInRoot(
        root,
        [
          '/usr/bin/python3',
          '-m',
          'gunicorn',
          '--worker-class',
          c.workerClass,
          '--workers',
          '1',
          '--graceful-timeout',
          '2',
          '--timeout',
          '6',
          '--no-control-socket',
          '--bind',
          `127.0.0.1:${port}`,
          c.app,
        ],
        { cwd: files?.dir ?? '/' },
      );
      try {
        await waitForHttp(`${url}${c.path}?s=0`);
        const [old] = await waitForWorkers(server.pid);
        if (old === undefined) throw new Error('gunicorn started no worker');
        const answer = get(`${url}${c.path}?s=20`);
        await waitForOutput(server, c.started);
        process.kill(server.pid, 'SIGHUP');
        expect(await answer, 'the long request is cut').not.toEqual({ status: 200 });
        const deadline = Date.now() + 40_000;
        while (findChildren(server.pid).includes(old)) {
          if (Date.now() > deadline)
            throw new Error(`old worker ${old} still running:\n${server.output()}`);
          await sleep(100);
        }

        // The log may still be on its way through the pipe when the process is gone.
        await waitForOutput(server, c.says, 10_000);
        if (c.lifespanRan === true) await waitForOutput(server, /lifespan: shutdown ran/, 10_000);
        // Only the old worker has shut down so far, and it can print nothing more.
        if (c.lifespanRan === false) expect(server.output()).not.toMatch(/lifespan: shutdown ran/);
        const timedOut = new RegExp(`WORKER TIMEOUT \\(pid:${old}\\)`);
        if (c.endedBy === 'timeout') {
          await waitForOutput(server, timedOut, 10_000);
        } else {
          expect(server.output()).not.toMatch(timedOut);
          // Nothing else killed it either: reload() itself never sends SIGKILL.
          expect(server.output()).not.toMatch(/was sent SIGKILL/);
        }
      } finally {
        await server.stop();
      }
    },
    LONG,
  );
});
