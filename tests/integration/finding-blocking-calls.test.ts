/**
 * Each tool that content/finding-blocking-calls.mdx recommends, run against a live server in the
 * Debian sid root (uvicorn 0.53, gunicorn 26, Python 3.14) while a request is stuck in a known
 * function: `legacy_report` blocks the event loop, `slow_query` awaits. Each case asserts what
 * the tool's output names, and a control case shows that the assertion can fail. The last
 * resort, gunicorn's `timeout`, is covered by gunicorn-timeout-stacks.test.ts.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../../harness/system/processes.ts';
import { findFreePort } from '../../harness/system/group.ts';
import { BLOCKING_CALLS_FIXTURES, BLOCKING_FRAME } from '../support/blocking-calls.ts';
import {
  copyIntoRoot,
  get,
  requireSidRoot,
  startInRoot,
  waitForHttp,
  waitForOutput,
  waitForWorkers,
  type CopiedFiles,
  type RootServer,
} from '../support/sid-root.ts';

const LONG = 90_000;
const BLOCKING_STARTED = /legacy_report: blocking the loop/;

let root: string;
let files: CopiedFiles | undefined;

beforeAll(() => {
  root = requireSidRoot();
  files = copyIntoRoot(root, BLOCKING_CALLS_FIXTURES);
});
afterAll(() => files?.remove());

/** Start `python3 -m <module> ...args` in the root, on a free port, and wait until it answers. */
async function startServer(
  args: (port: number) => string[],
  options: { env?: Record<string, string>; withProc?: boolean } = {},
): Promise<{ server: RootServer; url: string }> {
  const port = await findFreePort();
  const server = startInRoot(root, ['/usr/bin/python3', '-m', ...args(port)], {
    cwd: files?.dir ?? '/',
    ...options,
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/await?s=0`);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { server, url };
}

/**
 * Run a command in the server's mount namespace and root directory, as `docker exec` would in
 * a container: the tools read /proc/PID/maps and the interpreter's files as the server sees them.
 */
async function runInServerRoot(pid: number, argv: string[]): Promise<string> {
  const nsenter = [`--target=${pid}`, '--mount', '--root', '--wd=/', '--', ...argv];
  const { stdout } = await promisify(execFile)('nsenter', nsenter, { timeout: 30_000 });
  return stdout;
}

const uvicorn = (loop: string) => (port: number) => [
  'uvicorn',
  '--loop',
  loop,
  '--port',
  String(port),
  'blocking_app:app',
];

const gunicorn =
  (workerClass: string, extra: string[] = []) =>
  (port: number) => [
    'gunicorn',
    ...extra,
    '--worker-class',
    workerClass,
    '--workers',
    '1',
    '--no-control-socket',
    '--bind',
    `127.0.0.1:${port}`,
    'blocking_app:app',
  ];

describe.each([
  { server: 'uvicorn', args: uvicorn('auto'), watchdog: '1', stackLogged: true },
  { server: 'gunicorn -k asgi', args: gunicorn('asgi'), watchdog: '1', stackLogged: true },
  {
    server: 'gunicorn -k uvicorn.workers.UvicornWorker',
    args: gunicorn('uvicorn.workers.UvicornWorker'),
    watchdog: '1',
    stackLogged: true,
  },
  { server: 'uvicorn', args: uvicorn('auto'), watchdog: null, stackLogged: false },
])('a faulthandler loop watchdog (LOOP_WATCHDOG_SECONDS=$watchdog) on $server', (c) => {
  it(
    c.stackLogged
      ? 'writes the blocking call to stderr while the loop is blocked'
      : 'without it, nothing names the blocking call',
    async () => {
      const env: Record<string, string> = c.watchdog ? { LOOP_WATCHDOG_SECONDS: c.watchdog } : {};
      const { server, url } = await startServer(c.args, { env });
      try {
        expect(await get(`${url}/block?s=3`)).toEqual({ status: 200 });
        if (c.stackLogged) await waitForOutput(server, BLOCKING_FRAME, 10_000);
        else expect(server.output()).not.toMatch(BLOCKING_FRAME);
      } finally {
        await server.stop();
      }
    },
    LONG,
  );
});

describe.each([
  { config: 'diagnostics.conf.py', stackLogged: true },
  { config: null, stackLogged: false },
])('kill -USR2 to an asgi worker (config $config)', (c) => {
  it(
    c.stackLogged
      ? 'dumps the stacks and the worker carries on'
      : 'without faulthandler.register, USR2 kills the worker',
    async () => {
      const config = c.config ? ['--config', c.config] : [];
      const { server, url } = await startServer(gunicorn('asgi', config));
      try {
        const [worker] = await waitForWorkers(server.pid);
        if (worker === undefined) throw new Error('gunicorn started no worker');
        const answer = get(`${url}/block?s=3`);
        await waitForOutput(server, BLOCKING_STARTED);
        process.kill(worker, 'SIGUSR2');
        if (c.stackLogged) {
          await waitForOutput(server, BLOCKING_FRAME);
          expect(await answer).toEqual({ status: 200 });
        } else {
          expect(await answer).not.toEqual({ status: 200 });
          await waitForOutput(server, /Worker \(pid:\d+\) was sent SIGUSR2!/);
          expect(server.output()).not.toMatch(BLOCKING_FRAME);
        }
      } finally {
        await server.stop();
      }
    },
    LONG,
  );
});

describe.each(['ps', 'pstree'])('python -m asyncio %s PID on a live uvicorn', (command) => {
  it(
    'names the coroutine a stuck request awaits, but not the call that blocks the loop',
    async () => {
      // The tool reads /proc/PID/maps, so the server runs with /proc mounted, as in a container,
      // and the tool runs in the server's mount namespace and root (nsenter), with its Python.
      const { server, url } = await startServer(uvicorn('auto'), { withProc: true });
      try {
        // One request waits in slow_query, then another blocks the loop in legacy_report.
        void get(`${url}/await?s=60`);
        await waitForOutput(server, /slow_query: waiting 60/);
        void get(`${url}/block?s=60`);
        await waitForOutput(server, BLOCKING_STARTED);
        const stdout = await runInServerRoot(server.pid, [
          '/usr/bin/python3',
          '-m',
          'asyncio',
          command,
          String(server.pid),
        ]);
        expect(stdout).toMatch(/\bslow_query\b/);
        expect(stdout).toMatch(/RequestResponseCycle\.run_asgi/);
        expect(stdout).not.toMatch(/legacy_report/);
      } finally {
        await server.stop();
      }
    },
    LONG,
  );
});

describe('sys.remote_exec into a uvicorn blocked in time.sleep', () => {
  it(
    'runs the injected stack dump only after the blocking call has returned',
    async () => {
      const { server, url } = await startServer(uvicorn('auto'), { withProc: true });
      try {
        let answered = false;
        const answer = get(`${url}/block?s=8`).finally(() => (answered = true));
        await waitForOutput(server, BLOCKING_STARTED);
        const script = `${files?.dir ?? ''}/dump_stacks.py`;
        await runInServerRoot(server.pid, [
          '/usr/bin/python3',
          '-c',
          `import sys; sys.remote_exec(${server.pid}, ${JSON.stringify(script)})`,
        ]);
        // Not a speed limit: the call blocks for 8 s, and the dump must not come while it does.
        await sleep(2_000);
        expect(answered, 'the blocking request is still running').toBe(false);
        expect(server.output()).not.toMatch(BLOCKING_FRAME);
        expect(await answer).toEqual({ status: 200 });
        await waitForOutput(server, BLOCKING_FRAME);
      } finally {
        await server.stop();
      }
    },
    LONG,
  );
});

describe.each([
  { loop: 'asyncio', debug: true },
  { loop: 'uvloop', debug: true },
  { loop: 'asyncio', debug: false },
])('asyncio debug mode (PYTHONASYNCIODEBUG: $debug), uvicorn --loop $loop', (c) => {
  it(
    c.debug
      ? 'warns after the fact which task held the loop and for how long, not where'
      : 'without debug mode, says nothing',
    async () => {
      const env: Record<string, string> = c.debug ? { PYTHONASYNCIODEBUG: '1' } : {};
      const { server, url } = await startServer(uvicorn(c.loop), { env });
      try {
        expect(await get(`${url}/block?s=0.3`)).toEqual({ status: 200 });
        await waitForOutput(server, /"GET \/block\?s=0\.3 HTTP\/1\.1" 200/);
        const warning =
          /Executing <Task .*coro=<RequestResponseCycle\.run_asgi\(\).* took \d+\.\d+ seconds/;
        if (c.debug) await waitForOutput(server, warning);
        else expect(server.output()).not.toMatch(/Executing <Task/);
        expect(server.output()).not.toMatch(BLOCKING_FRAME);
      } finally {
        await server.stop();
      }
    },
    LONG,
  );
});
