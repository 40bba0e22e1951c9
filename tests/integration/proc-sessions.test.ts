/**
 * readSessionsCpuTicks on real processes: a session whose leader forks a child that burns CPU and
 * exits keeps the child's ticks (the leader's cutime), as a gunicorn arbiter keeps those of a
 * worker recycled or killed within a window.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { readClockTicksPerSecond, readSessionsCpuTicks } from '../../harness/measure/proc.ts';

const BURN_S = 0.4;
const SCRIPT = `
import os, sys, time
pid = os.fork()
if pid == 0:
    end = time.process_time() + ${BURN_S}
    while time.process_time() < end:
        pass
    os._exit(0)
os.waitpid(pid, 0)
print("reaped", flush=True)
time.sleep(30)
`;

let leader: ChildProcess | undefined;
afterEach(() => {
  if (leader?.pid) process.kill(-leader.pid, 'SIGKILL');
});

it("counts the CPU time of a session's exited and reaped children", async () => {
  // detached: the leader calls setsid, so its session id is its pid, as a server's is.
  const child = spawn('python3', ['-c', SCRIPT], {
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  leader = child;
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('reaped') && resolve());
    child.once('exit', (code) => reject(new Error(`python3 exited with ${code} before reaping`)));
  });
  const session = child.pid ?? 0;
  const ticks = readSessionsCpuTicks([session]).get(session) ?? 0;
  // The child burned 0.4 s of CPU and no longer exists; only its parent's count can hold it.
  expect(ticks / readClockTicksPerSecond()).toBeGreaterThanOrEqual(BURN_S * 0.9);
});
