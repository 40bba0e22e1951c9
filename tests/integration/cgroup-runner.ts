/**
 * A harness-like runner for tests/integration/cgroup.test.ts: it cleans up exactly as
 * harness/bench.ts does (signal handlers and `exit` call killEverythingNow) plus
 * removeEveryCgroupNow, which the lead adds to those paths. Usage:
 *
 *   node cgroup-runner.ts MODE      (MODE: wait | throw | bad-command | crash | probe)
 *
 * It creates a 0.5-CPU, 256 MiB cgroup and starts, through the wrapper, a Python tree that
 * tries to escape: a child in a new session with an empty environment (out of reach of the
 * process-group kill and of the run marker; only the cgroup still holds it), a subprocess, and
 * the busy parent. It prints `READY {"dirs":[...],"pids":[...]}` and then, by MODE: waits to be
 * signalled, throws once a line arrives on stdin (so the test can look first), or dies by
 * SIGKILL without cleaning up (a crash). `bad-command` starts a command that does not exist (a
 * failed start) and throws the same way; `probe` runs the preflight (findCgroupProblem) and
 * prints its message, exit 2.
 */
import type { ChildProcess } from 'node:child_process';
import { killEverythingNow, spawnTracked } from '../../harness/system/processes.ts';
import {
  createCgroup,
  findCgroupProblem,
  removeEveryCgroupNow,
} from '../../harness/system/cgroup.ts';

const PYTHON = '/usr/bin/python3';
const TREE = `
import json, os, subprocess
escapee = os.fork()
if escapee == 0:
    os.setsid()
    os.execve('/bin/sleep', ['sleep', '300'], {})
sleeper = subprocess.Popen(['/bin/sleep', '300'])
print(json.dumps([os.getpid(), escapee, sleeper.pid]), flush=True)
while True:
    pass
`;

function cleanUp(): void {
  killEverythingNow();
  for (const problem of removeEveryCgroupNow()) process.stderr.write(`runner: ${problem}\n`);
}

function installCleanup(): void {
  const abort = (code: number) => () => {
    cleanUp();
    process.exit(code);
  };
  process.on('SIGINT', abort(130));
  process.on('SIGTERM', abort(143));
  process.on('SIGHUP', abort(129));
  process.on('exit', cleanUp);
}

/** Resolve once a line arrives on stdin: the test has looked at the running state. */
function waitForGo(): Promise<void> {
  return new Promise((resolve) => process.stdin.once('data', () => resolve()));
}

function readFirstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const end = text.indexOf('\n');
      if (end >= 0) resolve(text.slice(0, end));
    });
    child.once('exit', (code, signal) => reject(new Error(`exited (${code ?? signal}) early`)));
  });
}

async function main(mode: string): Promise<void> {
  installCleanup();
  const runId = process.env['BENCH_HARNESS_RUN_ID'] ?? 'runner';
  if (mode === 'probe') {
    const problem = findCgroupProblem(runId);
    if (problem) process.stderr.write(`${problem}\n`);
    process.exit(problem ? 2 : 0);
  }
  const cgroup = createCgroup({ runId, label: 'runner', cpus: 0.5, memoryBytes: 256 << 20 });
  if (mode === 'bad-command') {
    const child = spawnTracked(cgroup.wrap(['/nonexistent/server']), { stdio: 'ignore' });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    process.stdout.write(`READY ${JSON.stringify({ dirs: cgroup.dirs, pids: [] })}\n`);
    await waitForGo();
    throw new Error(`server exited with ${String(code)} before answering`);
  }
  const child = spawnTracked(cgroup.wrap([PYTHON, '-c', TREE]), {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pids = JSON.parse(await readFirstLine(child)) as number[];
  process.stdout.write(`READY ${JSON.stringify({ dirs: cgroup.dirs, pids })}\n`);
  if (mode === 'throw') {
    await waitForGo();
    setTimeout(() => {
      throw new Error('an error in the middle of a run');
    });
  }
  if (mode === 'crash') process.kill(process.pid, 'SIGKILL');
  setInterval(() => undefined, 60_000); // wait for a signal
}

await main(process.argv[2] ?? 'wait');
