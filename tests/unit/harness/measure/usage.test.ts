import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { CgroupStats } from '../../../../src/bench/cgroup-stats.ts';
import {
  diffGroupCgroups,
  readGroupCgroups,
  readGroupMemory,
  readGroupTicks,
  startGroupSamplers,
  startMemorySampling,
  summarizeGroupUsage,
  type MeasuredGroup,
} from '../../../../harness/measure/usage.ts';
import { parsePidStat } from '../../../../harness/measure/proc.ts';
import { sleep, spawnTracked, stopGroup } from '../../../../harness/system/processes.ts';

const mem = (pssBytes: number, rssBytes: number, processes: number) => ({
  pssBytes,
  rssBytes,
  processes,
});

describe.each([
  {
    name: 'a database with three processes',
    readings: {
      ticks: 150,
      samples: [mem(30e6, 60e6, 3), mem(40e6, 70e6, 3)],
      idle: mem(25e6, 50e6, 3),
      metrics: { peakConnections: 7 },
    },
    usage: {
      cpuCores: 0.5,
      pssBytesMean: 35e6,
      pssBytesMax: 40e6,
      rssBytesMax: 70e6,
      idlePssBytes: 25e6,
      processes: 3,
      metrics: { peakConnections: 7 },
    },
  },
  {
    name: 'a group whose counter went backwards (a process exited)',
    readings: { ticks: -4, samples: [mem(1, 2, 1)], idle: mem(1, 2, 1), metrics: {} },
    usage: {
      cpuCores: 0,
      pssBytesMean: 1,
      pssBytesMax: 1,
      rssBytesMax: 2,
      idlePssBytes: 1,
      processes: 1,
      metrics: {},
    },
  },
])('summarizeGroupUsage: $name', ({ readings, usage }) => {
  it('applies the formulas of the server fields (3 s window, 100 ticks/s)', () => {
    expect(summarizeGroupUsage(readings, 3, 100)).toEqual(usage);
  });
});

// Two real groups: each its own session, as spawnTracked starts them.
const BUSY = 'const end = Date.now() + 400; while (Date.now() < end); setInterval(() => {}, 1000)';
const children = [0, 1].map(() => spawnTracked([process.execPath, '-e', BUSY]));
const [server, db] = children.map((child) => child.pid ?? -1) as [number, number];
const groups: MeasuredGroup[] = [
  { name: 'server', pid: server, cpus: [0] },
  {
    name: 'db',
    pid: db,
    cpus: [1],
    startSampler: () => ({ stop: () => Promise.resolve({ peakConnections: 3 }) }),
  },
];
afterAll(() => Promise.all(groups.map((g) => stopGroup(g.pid))));

describe('reading real groups', () => {
  it('counts CPU ticks and memory per group, each from its own session', async () => {
    let ticks = readGroupTicks(groups);
    while ([...ticks.values()].some((t) => t === 0)) {
      await sleep(50);
      ticks = readGroupTicks(groups);
    }
    expect([...ticks.keys()]).toEqual(['server', 'db']);
    const memory = readGroupMemory(groups);
    for (const name of ['server', 'db']) {
      expect(memory.get(name)?.processes).toBe(1);
      expect(memory.get(name)?.pssBytes).toBeGreaterThan(0);
    }
  });

  it('samples memory until stopped, at least once, and runs the groups own samplers', async () => {
    const sampling = startMemorySampling(groups, 60_000); // no tick in this test: one read at stop
    const samplers = startGroupSamplers(groups);
    const samples = sampling.stop();
    expect(samples.get('db')).toHaveLength(1);
    expect(sampling.stop().get('db')).toHaveLength(1); // stopping again reads nothing more
    expect(await samplers.stop()).toEqual(
      new Map([
        ['server', {}],
        ['db', { peakConnections: 3 }],
      ]),
    );
  });
});

const cpu = (periods: number, throttledPeriods: number, throttledUs: number, usageUs: number) => ({
  cpu: { periods, throttledPeriods, throttledUs, usageUs },
  memory: null,
});

describe.each<{
  name: string;
  before: [string, CgroupStats][];
  after: [string, CgroupStats][];
  windows: [string, CgroupStats][];
}>([
  { name: 'no group in a cgroup', before: [], after: [], windows: [] },
  {
    name: 'the server in a cgroup',
    before: [['server', cpu(10, 2, 5_000, 100_000)]],
    after: [['server', cpu(40, 30, 900_000, 1_600_000)]],
    windows: [['server', cpu(30, 28, 895_000, 1_500_000)]],
  },
  {
    name: 'a group read only at the end (started mid-window) is left out',
    before: [],
    after: [['server', cpu(1, 0, 0, 1)]],
    windows: [],
  },
])('diffGroupCgroups: $name', ({ before, after, windows }) => {
  it('gives what each cgroup counted over the window', () => {
    expect([...diffGroupCgroups(new Map(before), new Map(after))]).toEqual(windows);
  });
});

it('readGroupCgroups reads only the groups that run in a cgroup', () => {
  const reading = cpu(1, 0, 0, 5);
  const read = readGroupCgroups([
    { name: 'server', pid: 1, cpus: [0], readCgroupStats: () => reading },
    { name: 'postgres', pid: 2, cpus: [0] },
  ]);
  expect([...read]).toEqual([['server', reading]]);
});

// A parent that runs a busy child to its end and waits for it, as a postmaster reaps a backend
// that served one connection.
const REAPER = `require('node:child_process').spawnSync(process.execPath, ['-e', ${JSON.stringify(
  'const end = Date.now() + 300; while (Date.now() < end);',
)}]); console.log('reaped'); setInterval(() => {}, 1000)`;

describe('a group that lists its processes', () => {
  it('counts the CPU of children that have exited, which the parent no longer holds as its own', async () => {
    const child = spawnTracked([process.execPath, '-e', REAPER], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const pid = child.pid ?? -1;
    try {
      let out = '';
      child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
      while (!out.includes('reaped')) await sleep(50);
      const listed: MeasuredGroup = { name: 'db', pid, cpus: [0], listProcesses: () => [pid] };
      const stat = parsePidStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      const ownOnly = stat.utimeTicks + stat.stimeTicks;
      expect(readGroupTicks([listed]).get('db')).toBeGreaterThan(ownOnly);
      expect(readGroupMemory([listed]).get('db')).toMatchObject({ processes: 1 });
    } finally {
      await stopGroup(pid);
    }
  });
});
