/**
 * Integration tests of the benchmark harness against real servers (Debian 12's gunicorn and
 * uvicorn for /usr/bin/python3, and wrk). CI installs them with apt (see .ci/run).
 * Nothing here asserts wall-clock speed: only physics (Little's law), absence of errors, and
 * that an interrupted run leaves no process and no changed file behind.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataset } from '../../harness/lib/dataset-io.ts';
import { findMarkedProcesses, sleep } from '../../harness/lib/processes.ts';
import { findSanityProblems } from '../../harness/lib/sanity.ts';

const REPO = new URL('../../', import.meta.url).pathname;
const BENCH = join(REPO, 'harness/bench.ts');
// The pinned Node 24 (runs .ts directly), even when vitest itself was started by another Node.
const NODE = existsSync(join(REPO, 'node_modules/.bin/node'))
  ? join(REPO, 'node_modules/.bin/node')
  : process.execPath;
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const LONG = 240_000;

/** PIDs whose environment holds `entry` (the harness itself carries BENCH_HARNESS_RUN_ID). */
function findProcessesWithEnv(entry: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .filter((name) => {
      try {
        const environ = readFileSync(`/proc/${name}/environ`, 'latin1').split('\0');
        const state = readFileSync(`/proc/${name}/stat`, 'latin1');
        return environ.includes(entry) && !/\) Z /.test(state);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function runBench(args: string[]): { status: number | null; stderr: string } {
  const result = spawnSync(NODE, [BENCH, ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: LONG,
  });
  return { status: result.status, stderr: result.stderr };
}

describe('npm run bench -- --quick (real servers)', () => {
  it(
    'records a valid, physically sane dataset with no errors',
    () => {
      const out = mkdtempSync(join(tmpdir(), 'bench-it-'));
      const { status, stderr } = runBench([
        '--quick',
        '--out',
        out,
        '--python',
        '/usr/bin/python3',
      ]);
      expect(status, stderr).toBe(0);
      const dataset = readDataset(join(out, 'quick.json'));

      expect(dataset.settings.quick).toBe(true);
      expect(dataset.environment.packages['gunicorn']).toBeTruthy();
      expect(dataset.points.length).toBeGreaterThanOrEqual(4);
      expect(findSanityProblems(dataset)).toEqual([]);
      for (const point of dataset.points) {
        expect(point.repetitions).toHaveLength(dataset.settings.repetitions);
        for (const rep of point.repetitions) {
          expect(rep.throughputRps, point.id).toBeGreaterThan(0);
          expect(rep.errorsTotal, point.id).toBe(0);
          expect(rep.pssBytesMax, point.id).toBeGreaterThan(0);
          expect(rep.pssBytesMax, point.id).toBeLessThanOrEqual(rep.rssBytesMax);
        }
      }
      // One sync worker holds each io request for 50 ms: at most 20 req/s, whatever the load.
      const oneSyncWorker = dataset.points.find(
        (p) => p.model === 'gunicorn-sync' && p.workers === 1 && p.endpoint === 'io',
      );
      expect(oneSyncWorker).toBeDefined();
      for (const rep of oneSyncWorker?.repetitions ?? []) {
        expect(rep.throughputRps).toBeLessThanOrEqual(20 * 1.05);
        expect(rep.latencyMs.p50).toBeGreaterThanOrEqual(49);
      }
      // The recorded commands name the servers that ran.
      expect(dataset.servers.map((s) => s.commandLine).join('\n')).toMatch(
        /-m gunicorn .*--worker-class sync/,
      );
      expect(readdirSync(out)).toEqual(['quick.json']);
    },
    LONG,
  );
});

// Two ways a run gets interrupted: `kill PID` on npm alone, and Ctrl-C, which the terminal
// sends as SIGINT to the whole foreground process group.
describe.each([
  {
    how: 'SIGTERM to npm only',
    signal: 'SIGTERM' as const,
    group: false,
    said: /(SIGTERM|parent process exited)/,
  },
  {
    how: 'SIGINT to the process group (Ctrl-C)',
    signal: 'SIGINT' as const,
    group: true,
    said: /SIGINT/,
  },
])('interrupting npm run bench: $how', ({ signal, group, said }) => {
  it(
    'mid-run leaves no server, worker or wrk behind and no dataset changed',
    async () => {
      const out = mkdtempSync(join(tmpdir(), 'bench-it-abort-'));
      const existing = join(out, 'quick.json');
      writeFileSync(existing, '{"sentinel": "an older dataset"}\n');
      const before = statSync(existing).mtimeMs;
      const runId = randomUUID();

      const child = spawn(NPM, ['run', 'bench', '--', '--quick', '--out', out], {
        cwd: REPO,
        env: { ...process.env, BENCH_HARNESS_RUN_ID: runId },
        stdio: ['ignore', 'ignore', 'pipe'],
        detached: group, // its own process group, like a terminal job
      });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));

      // Wait until a server and (soon) wrk are running: after the first measured repetition.
      const deadline = Date.now() + 120_000;
      while (!/\[quick 1\//.test(stderr) && Date.now() < deadline) await sleep(100);
      expect(stderr).toMatch(/\[quick 1\//);
      expect(findMarkedProcesses(runId).length).toBeGreaterThan(0);

      if (group && child.pid !== undefined) process.kill(-child.pid, signal);
      else child.kill(signal);
      await exited;
      // npm may exit before the harness has finished cleaning up; give it a moment.
      const findLeftovers = (): number[] => [
        ...findMarkedProcesses(runId),
        ...findProcessesWithEnv(`BENCH_HARNESS_RUN_ID=${runId}`),
      ];
      let left = findLeftovers();
      for (let i = 0; i < 30 && left.length; i++) {
        await sleep(100);
        left = findLeftovers();
      }
      expect(left).toEqual([]);
      expect(readFileSync(existing, 'utf8')).toBe('{"sentinel": "an older dataset"}\n');
      expect(statSync(existing).mtimeMs).toBe(before);
      expect(readdirSync(out)).toEqual(['quick.json']);
      expect(stderr).toMatch(said);
      expect(stderr).toMatch(/stopped every server and wrk; existing datasets are untouched/);
    },
    LONG,
  );
});

describe.each([
  {
    name: 'a bad flag',
    args: ['--duration', 'soon'],
    status: 2,
    message: '--duration must be a whole number >= 1, got "soon"',
  },
  {
    name: 'a missing Python',
    args: ['--quick', '--python', '/nonexistent/bin/python'],
    status: 1,
    message: 'python /nonexistent/bin/python not found',
  },
  {
    name: 'a missing rootfs',
    args: ['--quick', '--rootfs', '/nonexistent-rootfs'],
    status: 1,
    message:
      'rootfs /nonexistent-rootfs does not exist: sh harness/env/prepare-sid.sh /nonexistent-rootfs',
  },
])('npm run bench with $name', ({ args, status, message }) => {
  it('fails fast with a message that says what to do', () => {
    const result = runBench(args);
    expect(result.status).toBe(status);
    expect(result.stderr).toContain(message);
  });
});
