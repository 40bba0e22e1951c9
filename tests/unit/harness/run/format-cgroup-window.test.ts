import { describe, expect, it } from 'vitest';
import { formatCgroupWindow } from '../../../../harness/run/record.ts';

const usage = (metrics: Record<string, number>) => ({
  server: {
    cpuCores: 0.5,
    pssBytesMean: 1,
    pssBytesMax: 1,
    rssBytesMax: 1,
    idlePssBytes: 1,
    processes: 2,
    metrics,
  },
});

describe.each([
  { name: 'no cgroup', rep: { groups: usage({}) }, line: '' },
  {
    name: 'a quota that throttled',
    rep: {
      cgroup: {
        cpu: { periods: 30, throttledPeriods: 28, throttledUs: 1_234_000, usageUs: 1 },
        memory: null,
      },
      groups: usage({ processesStarted: 0, processesExited: 0, leaderExited: 0 }),
    },
    line: '; throttled 28/30 periods 1234 ms, processes +0 -0',
  },
  {
    name: 'a cgroup without a quota',
    rep: {
      cgroup: {
        cpu: { periods: 0, throttledPeriods: 0, throttledUs: 0, usageUs: 5 },
        memory: null,
      },
      groups: usage({ processesStarted: 0, processesExited: 0, leaderExited: 0 }),
    },
    line: '; processes +0 -0',
  },
  {
    name: 'a memory limit that ended the server',
    rep: {
      cgroup: {
        cpu: null,
        memory: { limitBytes: 1, usageBytes: 0, peakBytes: 1, oomKills: 1, limitHits: 9 },
      },
      groups: usage({ processesStarted: 0, processesExited: 2, leaderExited: 1 }),
    },
    line: '; oom kills 1, processes +0 -2, server gone',
  },
])('formatCgroupWindow: $name', ({ rep, line }) => {
  it(`says "${line}"`, () => expect(formatCgroupWindow(rep)).toBe(line));
});
