/**
 * Integration tests of harness/system/cgroup.ts against the kernel: a CPU quota throttles, a
 * memory limit OOM-kills, every process of the wrapped command is inside, and no cgroup and no
 * process outlives a run however it ends. Needs root and writable cgroups (v1 or v2); without
 * them the tests fail with the CgroupError that says what to mount or which privilege is missing.
 * Nothing asserts speed: the CPU share is bounded by the quota above and, generously, below.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  findMarkedProcesses,
  sleep,
  spawnTracked,
  stopGroup,
} from '../../harness/system/processes.ts';
import { listSessionProcesses } from '../../harness/measure/proc.ts';
import {
  createCgroup,
  diffCgroupStats,
  findStaleCgroups,
  listLiveCgroups,
  removeStaleCgroups,
} from '../../harness/system/cgroup.ts';
import {
  CGROUP_PARENT,
  formatCgroupName,
  parseStartTicks,
} from '../../harness/system/cgroup-files.ts';

const REPO = new URL('../../', import.meta.url).pathname;
const RUNNER = join(REPO, 'tests/integration/cgroup-runner.ts');
const NODE = existsSync(join(REPO, 'node_modules/.bin/node'))
  ? join(REPO, 'node_modules/.bin/node')
  : process.execPath;
const PYTHON = '/usr/bin/python3';
const RUN_ID = `it-${randomUUID()}`;
const LONG = 60_000;

/** Alive and not a zombie (a zombie holds no cgroup and no CPU). */
function isAlive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Everything a stream has written so far, read without consuming (or closing) the stream. */
function collect(stream: NodeJS.ReadableStream | null): () => string {
  let text = '';
  stream?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
}

/** Wait (bounded) until the output matches, and return the match. */
async function waitForOutput(output: () => string, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const match = pattern.exec(output());
    if (match) return match[0];
    if (Date.now() > deadline) throw new Error(`no ${pattern} in: ${output()}`);
    await sleep(50);
  }
}

afterAll(() => {
  // Whatever a failed assertion left behind.
  for (const cgroup of listLiveCgroups()) cgroup.remove();
});

describe('a 0.5-CPU cgroup', () => {
  it(
    'throttles a busy loop to about half a CPU, holds every child, and is removed afterwards',
    async () => {
      const cgroup = createCgroup({ runId: RUN_ID, label: 'busy-loop', cpus: 0.5 });
      expect(cgroup.limits.cpu).toEqual({ quotaUs: 50_000, periodUs: 100_000 });
      // A parent that forks a child and starts a grandchild, then spins for 2 s of wall time.
      const script = `
import json, os, subprocess, time
child = os.fork()
if child == 0:
    subprocess.Popen(['/bin/sleep', '60'])
    time.sleep(60)
    os._exit(0)
print('tree', flush=True)
time.sleep(0.5)
wall0, cpu0 = time.monotonic(), time.process_time()
while time.monotonic() - wall0 < 2:
    pass
print(json.dumps({'wall': time.monotonic() - wall0, 'cpu': time.process_time() - cpu0}), flush=True)
time.sleep(60)
`;
      const child = spawnTracked(cgroup.wrap([PYTHON, '-c', script]), {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const pid = child.pid ?? -1;
      const stdout = collect(child.stdout);
      await waitForOutput(stdout, /tree\n/);
      await sleep(200); // let the grandchild start
      const session = listSessionProcesses(pid).map((p) => p.pid);
      expect(session.length).toBeGreaterThanOrEqual(3);
      expect(cgroup.listPids()).toEqual([...session].sort((a, b) => a - b));

      const before = cgroup.readStats();
      const loop = JSON.parse(await waitForOutput(stdout, /\{.*\}\n/)) as {
        wall: number;
        cpu: number;
      };
      const window = diffCgroupStats(before, cgroup.readStats());
      expect(window.cpu?.throttledPeriods).toBeGreaterThan(0);
      expect(window.cpu?.throttledUs).toBeGreaterThan(0);
      // The quota caps the share at 0.5 (one period of slack); a busy neighbour may push it lower.
      const share = loop.cpu / loop.wall;
      expect(share).toBeLessThan(0.6);
      expect(share).toBeGreaterThan(0.2);

      await stopGroup(pid);
      cgroup.remove();
      for (const dir of cgroup.dirs) expect(existsSync(dir), dir).toBe(false);
      expect(listLiveCgroups()).toEqual([]);
      for (const p of session) expect(isAlive(p), `pid ${p}`).toBe(false);
    },
    LONG,
  );
});

describe('a 64 MiB memory cgroup', () => {
  it(
    'OOM-kills a Python process that allocates past the limit, and says so',
    async () => {
      const limit = 64 << 20;
      const cgroup = createCgroup({ runId: RUN_ID, label: 'oom', memoryBytes: limit });
      const script = `
chunks = []
for _ in range(32):
    chunks.append(bytearray(b'x') * (8 << 20))  # written, so really resident
print('survived', flush=True)
`;
      const child = spawnTracked(cgroup.wrap([PYTHON, '-c', script]), { stdio: 'pipe' });
      let stdout = '';
      child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const [, signal] = (await new Promise((resolve) =>
        child.once('exit', (...args) => resolve(args)),
      )) as [number | null, string | null];
      expect(signal).toBe('SIGKILL');
      expect(stdout).toBe('');

      const memory = cgroup.readStats().memory;
      expect(memory?.limitBytes).toBe(limit);
      expect(memory?.oomKills).toBeGreaterThanOrEqual(1);
      if (cgroup.limits.swapBytes === null) expect(memory?.limitHits).toBeGreaterThan(0);
      if (memory?.peakBytes != null) {
        expect(memory.peakBytes).toBeGreaterThan(limit / 2);
        expect(memory.peakBytes).toBeLessThanOrEqual(limit);
      }
      cgroup.remove();
      for (const dir of cgroup.dirs) expect(existsSync(dir), dir).toBe(false);
    },
    LONG,
  );
});

interface Ready {
  dirs: string[];
  pids: number[];
}

/** Start the runner, wait for READY; `group` gives it its own process group, like a terminal job. */
async function startRunner(mode: string, runId: string, group = false) {
  const child = spawn(NODE, [RUNNER, mode], {
    env: { ...process.env, BENCH_HARNESS_RUN_ID: runId },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: group,
  });
  const stderr = collect(child.stderr);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = await waitForOutput(collect(child.stdout), /READY .*\n/);
  const ready = JSON.parse(line.slice('READY '.length)) as Ready;
  return { child, ready, exited, stderr };
}

async function expectNothingLeft(ready: Ready, runId: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  const left = (): unknown[] => [
    ...ready.dirs.filter((dir) => existsSync(dir)),
    ...ready.pids.filter(isAlive),
    ...findMarkedProcesses(runId),
  ];
  while (left().length > 0 && Date.now() < deadline) await sleep(100);
  expect(left()).toEqual([]);
}

describe.each([
  { how: 'SIGTERM to the runner', mode: 'wait', signal: 'SIGTERM' as const, code: 143 },
  { how: 'Ctrl-C (SIGINT to its group)', mode: 'wait', signal: 'SIGINT' as const, code: 130 },
  { how: 'an uncaught error mid-run', mode: 'throw', signal: null, code: 1 },
  { how: 'a failed start (no such command)', mode: 'bad-command', signal: null, code: 1 },
])('a run ended by $how', ({ mode, signal, code }) => {
  it(
    'leaves no cgroup and no process behind, not even one that left its session and environment',
    async () => {
      const runId = randomUUID();
      const runner = await startRunner(mode, runId, signal === 'SIGINT');
      for (const dir of runner.ready.dirs) expect(existsSync(dir), dir).toBe(true);
      for (const pid of runner.ready.pids) expect(isAlive(pid), `pid ${pid}`).toBe(true);
      if (signal === 'SIGINT') process.kill(-(runner.child.pid ?? 0), signal);
      else if (signal) runner.child.kill(signal);
      else runner.child.stdin.write('go\n');
      expect(await runner.exited, runner.stderr()).toBe(code);
      await expectNothingLeft(runner.ready, runId);
    },
    LONG,
  );
});

describe('leftovers of a crashed run', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of [...made, ...made.map((d) => dirname(d))]) {
      try {
        rmdirSync(dir);
      } catch {
        // Gone already, or the parent still holds another run's cgroup.
      }
    }
  });

  it(
    'are found and removed, processes and all; cgroups of live runs and of others are not touched',
    async () => {
      const runId = randomUUID();
      const runner = await startRunner('crash', runId);
      expect(await runner.exited).toBe(null); // SIGKILLed itself: no cleanup ran
      for (const dir of runner.ready.dirs) expect(existsSync(dir), dir).toBe(true);

      // Beside it: a cgroup of this (live) process, and one the harness did not name.
      const parent = join(runner.ready.dirs[0] ?? '', '..');
      const ownStart = parseStartTicks(readFileSync('/proc/self/stat', 'utf8'));
      const live = join(
        parent,
        formatCgroupName({ runId, pid: process.pid, startTicks: ownStart, label: 'live' }),
      );
      const foreign = join(parent, 'someone-elses');
      for (const dir of [live, foreign]) {
        mkdirSync(dir);
        made.push(dir);
      }

      const stale = findStaleCgroups();
      expect(stale).toEqual(expect.arrayContaining(runner.ready.dirs));
      expect(stale).not.toContain(live);
      expect(stale).not.toContain(foreign);

      const sweep = removeStaleCgroups();
      expect(sweep.removed).toEqual(expect.arrayContaining(runner.ready.dirs));
      expect(sweep.killed).toEqual(expect.arrayContaining(runner.ready.pids));
      await expectNothingLeft(runner.ready, runId);
      expect(existsSync(live) && existsSync(foreign)).toBe(true);
      expect(parent.endsWith(CGROUP_PARENT)).toBe(true);
    },
    LONG,
  );
});

describe('without writable cgroups', () => {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((line) => / - cgroup2? /.test(line))
    .map((line) => line.split(' ')[4] ?? '');

  it('(control) with them, as root, the same preflight passes', () => {
    const result = spawnSync(NODE, [RUNNER, 'probe'], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
  });

  it('a read-only cgroupfs is a clear error that says to mount it read-write', () => {
    // In a private mount namespace, so only this command sees the read-only remount.
    const remount = mounts.map((m) => `mount -o remount,bind,ro ${m}`).join(' && ');
    const result = spawnSync(
      'unshare',
      [
        '--mount',
        '--propagation',
        'private',
        'sh',
        '-c',
        `${remount} && exec "$@"`,
        'sh',
        NODE,
        RUNNER,
        'probe',
      ],
      { encoding: 'utf8' },
    );
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/no writable cgroup hierarchy has them/);
    expect(result.stderr).toMatch(/\(read-only\)/);
    expect(result.stderr).toMatch(/Mount them read-write/);
  });

  it('an unprivileged user is told that it needs root or a delegated subtree', () => {
    // nobody, with CAP_DAC_READ_SEARCH so it can read the checkout wherever it is (e.g. under
    // /root): reading, not writing, so cgroupfs still refuses it.
    const caps = ['--inh-caps=+dac_read_search', '--ambient-caps=+dac_read_search'];
    const result = spawnSync(
      'setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', ...caps, NODE, RUNNER, 'probe'],
      { encoding: 'utf8' },
    );
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/permission denied \(EACCES\)/);
    expect(result.stderr).toMatch(/needs root \(CAP_SYS_ADMIN\) or a cgroup subtree delegated/);
  });
});
