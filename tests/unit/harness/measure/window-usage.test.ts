/**
 * summarizeWindowUsage is what wrk's and the open-loop generator's repetitions share: the
 * readings around a window, a server cgroup's counters included, from two snapshots.
 */
import { describe, expect, it } from 'vitest';
import type { CgroupStats } from '../../../../src/bench/cgroup-stats.ts';
import {
  summarizeWindowUsage,
  type MeasureSettings,
  type Snapshot,
} from '../../../../harness/measure/repetition.ts';

const SETTINGS: MeasureSettings = {
  warmupS: 1,
  durationS: 2,
  wrkTimeoutS: 2,
  memorySampleIntervalMs: 100,
  serverCpus: [0],
  clientCpus: [1],
  clockTicksPerSecond: 100,
};

const TICKS = { busy: 0, total: 0, niced: 0, steal: 0, irq: 0, idle: 0 };

/** A cgroup reading: `periods` CFS periods so far, `throttled` of them throttled, `oomKills`. */
const cgroup = (periods: number, throttled: number, oomKills: number): CgroupStats => ({
  cpu: { periods, throttledPeriods: throttled, throttledUs: throttled * 1000, usageUs: null },
  memory: { limitBytes: 2 ** 28, usageBytes: 2 ** 27, peakBytes: null, oomKills, limitHits: 0 },
});

/** A snapshot at `atMs` with the server's ticks and cgroup reading (none: not in a cgroup). */
function snapshot(atMs: number, serverTicks: number, server?: CgroupStats): Snapshot {
  return {
    atMs,
    pinned: { busy: serverTicks, total: atMs / 5, niced: 0 },
    server: { cpu: { ...TICKS, busy: serverTicks, total: atMs / 10 }, threads: new Map() },
    client: { total: atMs / 10, idle: atMs / 20 },
    groupTicks: new Map([['server', serverTicks]]),
    harnessMicros: 0,
    serverRunDelayNs: 0,
    cgroups: server ? new Map([['server', server]]) : new Map(),
  };
}

const SYSTEM = {
  groups: [{ name: 'server', pid: 1, cpus: [0] }],
  server: 'server',
  port: 1,
};
const MEMORY = { pssBytes: 2 ** 24, rssBytes: 2 ** 25, processes: 2 };

describe.each([
  { name: 'outside a cgroup', before: undefined, after: undefined, expected: undefined },
  {
    name: 'in a cgroup',
    before: cgroup(100, 10, 1),
    after: cgroup(120, 15, 3),
    // Counters over the window; limit and usage as of its end.
    expected: cgroup(20, 5, 2),
  },
])('summarizeWindowUsage $name', ({ before, after, expected }) => {
  const usage = summarizeWindowUsage(
    SYSTEM,
    {
      before: snapshot(0, 0, before),
      after: snapshot(2000, 150, after),
      samples: new Map([['server', [MEMORY]]]),
      metrics: new Map(),
    },
    new Map([['server', MEMORY]]),
    SETTINGS,
    { clientTicks: 20, clientCpuCores: 0.1 },
  );

  it('reads the server and the load generator over the window', () => {
    expect(usage).toMatchObject({
      serverCpuCores: 0.75,
      clientCpuCores: 0.1,
      pssBytesMax: 2 ** 24,
      serverProcesses: 2,
      clientSaturated: false,
    });
  });

  it(`records ${expected ? 'what the cgroup counted' : 'no cgroup'}, in the repetition and its server group`, () => {
    expect(usage.cgroup).toEqual(expected);
    expect(usage.groups?.['server']?.cgroup).toEqual(expected);
  });
});
