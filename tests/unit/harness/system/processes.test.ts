import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  describeExit,
  findMarkedProcesses,
  killEverythingNow,
  registerCleanup,
  runTracked,
  spawnTracked,
  watchExit,
} from '../../../../harness/system/processes.ts';

describe.each([
  { script: "process.stdout.write('out'); process.stderr.write('err')", code: 0 },
  // process.exitCode, not process.exit(): exit() may drop what is still queued for the pipe.
  { script: "process.stdout.write('x'.repeat(200000)); process.exitCode = 3", code: 3 },
])('runTracked($script)', ({ script, code }) => {
  it('collects the whole output and the exit code', async () => {
    const result = await runTracked([process.execPath, '-e', script]);
    expect(result.code).toBe(code);
    expect(result.stdout.length).toBe(code === 0 ? 3 : 200000);
    if (code === 0) expect(result.stderr).toBe('err');
  });
});

describe.each([
  { exit: { code: 1, signal: null }, text: 'exit code 1' },
  { exit: { code: null, signal: 'SIGKILL' as const }, text: 'signal SIGKILL' },
])('describeExit($exit)', ({ exit, text }) => {
  it(`says ${text}`, () => expect(describeExit(exit)).toBe(text));
});

describe('killEverythingNow', () => {
  it('kills every tracked group and runs the clean-ups still registered', async () => {
    const child = spawnTracked([process.execPath, '-e', 'setInterval(() => {}, 1000)']);
    const exited = watchExit(child);
    const ran: string[] = [];
    registerCleanup(() => ran.push('data dir'));
    const unregister = registerCleanup(() => ran.push('removed by its group'));
    unregister();

    killEverythingNow();

    await expect(exited).resolves.toEqual({ code: null, signal: 'SIGKILL' });
    expect(ran).toEqual(['data dir']);
    expect(findMarkedProcesses()).toEqual([]);
    killEverythingNow();
    expect(ran).toEqual(['data dir']); // each clean-up runs once
  });
});

describe('registerCleanup(..., "before-kill")', () => {
  it('runs while the processes still live, before the other clean-ups', async () => {
    const child = spawnTracked([process.execPath, '-e', 'setInterval(() => {}, 1000)']);
    const exited = watchExit(child);
    const pid = child.pid ?? -1;
    // Killed but not yet reaped, a process is a zombie: it holds nothing.
    const isAlive = (): boolean => {
      try {
        return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'latin1'));
      } catch {
        return false;
      }
    };
    const ran: string[] = [];
    registerCleanup(() => ran.push('after'));
    registerCleanup(() => ran.push(`before, alive: ${isAlive()}`), 'before-kill');

    killEverythingNow();

    await exited;
    expect(ran).toEqual(['before, alive: true', 'after']);
  });
});
