/**
 * startPostgres's failures on a real machine (Debian 12's postgresql-15): each names its cause,
 * and none leaves a process or a directory behind. Also what Ctrl-C leaves: nothing.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findMarkedProcesses, sleep } from '../../harness/system/processes.ts';
import {
  PostgresError,
  startPostgres,
  type PostgresOptions,
} from '../../harness/system/postgres.ts';

const REPO = new URL('../../', import.meta.url).pathname;
const NODE = existsSync(join(REPO, 'node_modules/.bin/node'))
  ? join(REPO, 'node_modules/.bin/node')
  : process.execPath;
const LONG = 60_000;

// A directory the postgres user can traverse, so only the case under test can fail.
const tempRoot = mkdtempSync(join(tmpdir(), 'pg-it-'));
chmodSync(tempRoot, 0o755);
let busy: Server;
let busyPort = 0;
beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', () => resolve()));
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(() => {
  busy.close();
  rmSync(tempRoot, { recursive: true, force: true });
});

describe.each<{ name: string; options: () => Partial<PostgresOptions>; message: RegExp }>([
  {
    name: 'missing binaries',
    options: () => ({ binDir: '/nonexistent/bin' }),
    message:
      /^PostgreSQL programs missing on this machine: \/nonexistent\/bin\/postgres, .*Install them: apt-get install -y postgresql/,
  },
  {
    name: 'a taken port',
    options: () => ({ port: busyPort }),
    message: /^port \d+ on 127\.0\.0\.1 is already in use/,
  },
  {
    name: 'a failed initdb',
    options: () => ({ locale: 'xx_XX' }),
    message:
      /^initdb failed \(exit 1\)\n {2}command: .*initdb .*\n {2}last log lines:\n[^]*invalid locale name "xx_XX"/,
  },
  {
    name: 'a server that exits at start',
    options: () => ({ settings: { shared_buffers: 'lots' } }),
    message:
      /^postgres exited \(code 1\) before it was ready\n[^]*invalid value for parameter "shared_buffers": "lots"/,
  },
  {
    name: 'a server that is not ready in time',
    options: () => ({ readyTimeoutMs: 0 }),
    message: /^PostgreSQL did not become ready on 127\.0\.0\.1:\d+ within 0 s\n {2}command: /,
  },
])('startPostgres with $name', ({ options, message }) => {
  it(
    'fails with a message naming the cause and leaves nothing behind',
    async () => {
      const error = await startPostgres({ cpus: [0], rows: 10, tempRoot, ...options() }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PostgresError);
      expect((error as Error).message).toMatch(message);
      expect(findMarkedProcesses()).toEqual([]);
      expect(readdirSync(tempRoot)).toEqual([]);
    },
    LONG,
  );
});

describe('Ctrl-C while a database runs', () => {
  it(
    'leaves no postgres process and no directory',
    async () => {
      const runId = randomUUID();
      const child = spawn(
        NODE,
        [join(REPO, 'tests/integration/fixtures/hold-postgres.ts'), tempRoot],
        {
          env: { ...process.env, BENCH_HARNESS_RUN_ID: runId },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let stdout = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      const exited = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => resolve(code)),
      );
      const deadline = Date.now() + 45_000;
      while (!/^ready \d+/.test(stdout) && Date.now() < deadline && child.exitCode === null)
        await sleep(100);
      const [, pid] = /^ready (\d+)/.exec(stdout) ?? [];
      expect(pid, stdout).toBeDefined();
      expect(findMarkedProcesses(runId)).toContain(Number(pid));
      expect(readdirSync(tempRoot)).toHaveLength(1);

      child.kill('SIGINT');
      expect(await exited).toBe(130);
      let left = findMarkedProcesses(runId);
      for (let i = 0; i < 50 && left.length; i++) {
        await sleep(100);
        left = findMarkedProcesses(runId);
      }
      expect(left).toEqual([]);
      expect(readdirSync(tempRoot)).toEqual([]);
    },
    LONG,
  );
});
