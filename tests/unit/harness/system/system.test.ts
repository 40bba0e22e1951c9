import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GroupStartError,
  type GroupContext,
  type GroupSpec,
  type Placement,
  type RunningGroup,
} from '../../../../harness/system/group.ts';
import {
  findMarkedProcesses,
  spawnTracked,
  stopGroup,
  watchExit,
} from '../../../../harness/system/processes.ts';
import { createSystem, GroupCrashError } from '../../../../harness/system/system.ts';
import { createTarget } from '../../../../harness/system/target.ts';

/** What the fake groups saw and did, in order. */
type Journal = string[];

/** A group that is one real, idle Node process; it notes its start context and its stop. */
function makeGroup(
  name: string,
  placement: Placement,
  journal: Journal,
  exports: Record<string, string> = {},
): GroupSpec & { seen: GroupContext[] } {
  const seen: GroupContext[] = [];
  return {
    name,
    role: name === 'server' ? 'server' : 'service',
    placement,
    seen,
    start(context): Promise<RunningGroup> {
      seen.push(context);
      journal.push(`start ${name}`);
      const child = spawnTracked([process.execPath, '-e', 'setInterval(() => {}, 1000)']);
      const pid = child.pid ?? -1;
      return Promise.resolve({
        pid,
        argv: ['node', name],
        logPath: null,
        versions: {},
        facts: {},
        exports,
        exited: watchExit(child),
        stop: async () => {
          journal.push(`stop ${name}`);
          await stopGroup(pid);
        },
      });
    },
  };
}

const failing: GroupSpec = {
  name: 'broken',
  role: 'service',
  placement: 'client',
  start: () => Promise.reject(new GroupStartError('broken did not answer')),
};

function makeSystem() {
  return createSystem({
    target: createTarget(undefined, undefined),
    serverCpus: [0],
    clientCpus: [1],
    logDir: mkdtempSync(join(tmpdir(), 'system-test-')),
  });
}

describe('createSystem', () => {
  it('starts groups in order, pinned as they ask, each with the exports of those before', async () => {
    const journal: Journal = [];
    const db = makeGroup('db', 'client', journal, { DATABASE_URL: 'postgresql://db' });
    const pooler = makeGroup('pooler', 'client', journal, { DATABASE_URL: 'postgresql://pool' });
    const server = makeGroup('server', 'server', journal);
    const system = makeSystem();
    for (const spec of [db, pooler, server]) await system.start(spec);
    await system.stopAll();

    expect(db.seen[0]).toMatchObject({ cpus: [1], env: {} });
    expect(pooler.seen[0]).toMatchObject({ cpus: [1], env: { DATABASE_URL: 'postgresql://db' } });
    expect(server.seen[0]).toMatchObject({
      cpus: [0],
      env: { DATABASE_URL: 'postgresql://pool' },
    });
    expect(journal).toEqual([
      'start db',
      'start pooler',
      'start server',
      'stop server',
      'stop pooler',
      'stop db',
    ]);
    expect(findMarkedProcesses()).toEqual([]);
  });

  it('names the group that exits during the run and starts no more work', async () => {
    const system = makeSystem();
    await system.start(makeGroup('db', 'client', []));
    const server = await system.start(makeGroup('server', 'server', []));
    const work = system.guard(() => new Promise(() => {})); // a measurement that never ends
    process.kill(server.pid, 'SIGKILL');

    await expect(work).rejects.toThrow(GroupCrashError);
    await expect(work).rejects.toThrow(
      `the server group (pid ${server.pid}) exited during the run (signal SIGKILL)`,
    );
    let started = false;
    await expect(system.guard(() => Promise.resolve((started = true)))).rejects.toThrow(
      GroupCrashError,
    );
    expect(started).toBe(false);
    await system.stopAll();
    expect(findMarkedProcesses()).toEqual([]);
  });

  it('takes a group stopped on purpose for no crash', async () => {
    const system = makeSystem();
    const server = await system.start(makeGroup('server', 'server', []));
    await system.stop(server);
    await server.exited;
    await expect(system.guard(() => Promise.resolve('measured'))).resolves.toBe('measured');
    expect(system.groups).toEqual([]);
  });

  it('leaves the groups started before a failed start to stopAll', async () => {
    const journal: Journal = [];
    const system = makeSystem();
    await system.start(makeGroup('db', 'client', journal));
    await expect(system.start(failing)).rejects.toThrow('broken did not answer');
    expect(system.groups.map((g) => g.name)).toEqual(['db']);
    await system.stopAll();
    expect(journal).toEqual(['start db', 'stop db']);
    expect(findMarkedProcesses()).toEqual([]);
  });

  it('refuses a second group of the same name', async () => {
    const system = makeSystem();
    await system.start(makeGroup('db', 'client', []));
    await expect(system.start(makeGroup('db', 'client', []))).rejects.toThrow(
      'a group named db is already running',
    );
    await system.stopAll();
  });
});
