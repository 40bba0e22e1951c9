/**
 * What gets logged when gunicorn's arbiter aborts a worker whose heartbeat stopped (WORKER
 * TIMEOUT), for the sync worker and both ASGI worker classes, on real servers in the Debian sid
 * root (gunicorn 26, uvicorn 0.53; Debian 12's gunicorn has no `asgi` worker).
 *
 * Each case blocks the worker in `legacy_report` for longer than `timeout` and looks for that
 * function in the output. The sync worker logs the traceback by itself (gunicorn 22+). With the
 * `worker_abort` hook (abort_hook.conf.py), neither ASGI worker logs anything: the uvicorn worker
 * resets SIGABRT to its default action, and the `asgi` worker handles it on the event loop, which
 * is the thing that is blocked. faulthandler's handlers (diagnostics.conf.py) log the stack for
 * both. Backs content/gunicorn-asgi.mdx and content/finding-blocking-calls.mdx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../harness/system/group.ts';
import { BLOCKING_CALLS_FIXTURES, BLOCKING_FRAME } from '../support/blocking-calls.ts';
import {
  copyIntoRoot,
  get,
  requireSidRoot,
  startInRoot,
  waitForHttp,
  waitForOutput,
  type CopiedFiles,
} from '../support/sid-root.ts';

const LONG = 90_000;

let root: string;
let files: CopiedFiles | undefined;

beforeAll(() => {
  root = requireSidRoot();
  files = copyIntoRoot(root, BLOCKING_CALLS_FIXTURES);
});
afterAll(() => files?.remove());

describe.each([
  {
    workerClass: 'sync',
    app: 'blocking_wsgi:app',
    config: null,
    stackLogged: true,
    // Gunicorn 22+: the SIGABRT handler raises SystemExit in the view, and the worker logs it
    // as "Error handling request" with its traceback (handle_error in workers/base.py).
    ending: /Error handling request/,
  },
  {
    workerClass: 'uvicorn.workers.UvicornWorker',
    app: 'blocking_app:app',
    config: 'abort_hook.conf.py',
    stackLogged: false,
    // init_signals reset SIGABRT to SIG_DFL: the kernel ends the process, no Python runs.
    ending: /Worker \(pid:\d+\) was sent SIGABRT!/,
  },
  {
    workerClass: 'asgi',
    app: 'blocking_app:app',
    config: 'abort_hook.conf.py',
    stackLogged: false,
    // The loop's SIGABRT callback never runs; the arbiter's next pass sends SIGKILL.
    ending: /Worker \(pid:\d+\) was sent SIGKILL!/,
  },
  {
    workerClass: 'uvicorn.workers.UvicornWorker',
    app: 'blocking_app:app',
    config: 'diagnostics.conf.py',
    stackLogged: true,
    ending: /Worker \(pid:\d+\) was sent SIGABRT!/,
  },
  {
    workerClass: 'asgi',
    app: 'blocking_app:app',
    config: 'diagnostics.conf.py',
    stackLogged: true,
    ending: /Worker \(pid:\d+\) was sent SIGKILL!/,
  },
  {
    workerClass: 'asgi',
    app: 'blocking_app:app',
    config: 'diagnostics.conf.py',
    env: { PYTHONFAULTHANDLER: '1' },
    stackLogged: true,
    // faulthandler.disable() restored the SIGABRT handler from before start-up: the default.
    ending: /Worker \(pid:\d+\) was sent SIGABRT!/,
  },
])('gunicorn -k $workerClass, config $config, env $env, worker blocked past timeout', (c) => {
  it(
    c.stackLogged ? 'logs the stack of the blocking call' : 'logs no stack at all',
    async () => {
      const port = await findFreePort();
      const server = startInRoot(
        root,
        [
          '/usr/bin/python3',
          '-m',
          'gunicorn',
          ...(c.config ? ['--config', c.config] : []),
          '--worker-class',
          c.workerClass,
          '--workers',
          '1',
          '--timeout',
          '2',
          '--no-control-socket',
          '--bind',
          `127.0.0.1:${port}`,
          c.app,
        ],
        { cwd: files?.dir ?? '/', ...(c.env ? { env: c.env } : {}) },
      );
      try {
        // The WSGI app blocks every request, so probe with a short one.
        await waitForHttp(`http://127.0.0.1:${port}/block?s=0`);
        const outcome = await get(`http://127.0.0.1:${port}/block?s=60`);
        expect(outcome, 'the blocked request must not complete').not.toEqual({ status: 200 });
        await waitForOutput(server, /WORKER TIMEOUT/);
        await waitForOutput(server, c.ending);
        // The replacement worker boots after the old one is gone, whatever was dumped is out.
        await waitForOutput(server, /Booting worker with pid: \d+[\s\S]*Booting worker/);
        if (c.stackLogged) expect(server.output()).toMatch(BLOCKING_FRAME);
        else expect(server.output()).not.toMatch(BLOCKING_FRAME);
      } finally {
        await server.stop();
      }
    },
    LONG,
  );
});
