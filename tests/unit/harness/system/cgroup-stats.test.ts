import { describe, expect, it } from 'vitest';
import {
  CgroupStatsSchema,
  diffCgroupStats,
  parseCpuStats,
  parseMemoryStats,
} from '../../../../harness/system/cgroup-stats.ts';

// Real file contents from this machine's kernel (6.18, v1) and from the v2 documentation.
const CPU_STAT_V1 = `nr_periods 24
nr_throttled 24
throttled_time 1083823469
nr_bursts 0
burst_time 0
`;
const CPU_STAT_V2 = `usage_usec 546696
user_usec 540000
system_usec 6696
nr_periods 11
nr_throttled 10
throttled_usec 463727
nr_bursts 0
burst_usec 0
`;

describe.each([
  {
    name: 'v1 with cpuacct',
    read: () => parseCpuStats(1, CPU_STAT_V1, '856419640\n'),
    expected: { periods: 24, throttledPeriods: 24, throttledUs: 1_083_823, usageUs: 856_419 },
  },
  {
    name: 'v1 without cpuacct',
    read: () => parseCpuStats(1, CPU_STAT_V1),
    expected: { periods: 24, throttledPeriods: 24, throttledUs: 1_083_823, usageUs: null },
  },
  {
    name: 'v2',
    read: () => parseCpuStats(2, CPU_STAT_V2),
    expected: { periods: 11, throttledPeriods: 10, throttledUs: 463_727, usageUs: 546_696 },
  },
])('parseCpuStats: $name', ({ read, expected }) => {
  it('reads the throttling counters in µs', () => {
    expect(read()).toEqual(expected);
  });
});

it('parseCpuStats names a missing counter', () => {
  expect(() => parseCpuStats(2, 'nr_periods 1\n')).toThrowErrorMatchingInlineSnapshot(
    `[CgroupError: cpu.stat has no nr_throttled line]`,
  );
});

const V1_FILES = {
  limit: '67108864\n',
  usage: '1048576\n',
  maxUsage: '67108864\n',
  failcnt: '125\n',
  oomControl: 'oom_kill_disable 0\nunder_oom 0\noom_kill 1\n',
};
const V2_FILES = {
  max: '67108864\n',
  current: '1048576\n',
  peak: '67104768\n',
  events: 'low 0\nhigh 0\nmax 341\noom 2\noom_kill 1\noom_group_kill 0\n',
};

describe.each([
  {
    name: 'v1 after an OOM kill',
    files: V1_FILES,
    expected: {
      limitBytes: 67_108_864,
      usageBytes: 1_048_576,
      peakBytes: 67_108_864,
      oomKills: 1,
      limitHits: 125,
    },
  },
  {
    name: 'v1 before Linux 4.13 (no oom_kill line)',
    files: { ...V1_FILES, oomControl: 'oom_kill_disable 0\nunder_oom 0\n' },
    expected: {
      limitBytes: 67_108_864,
      usageBytes: 1_048_576,
      peakBytes: 67_108_864,
      oomKills: 0,
      limitHits: 125,
    },
  },
  {
    name: 'v1 without a limit',
    files: { ...V1_FILES, limit: '9223372036854771712\n' },
    expected: {
      limitBytes: null,
      usageBytes: 1_048_576,
      peakBytes: 67_108_864,
      oomKills: 1,
      limitHits: 125,
    },
  },
  {
    name: 'v2 after an OOM kill',
    files: V2_FILES,
    expected: {
      limitBytes: 67_108_864,
      usageBytes: 1_048_576,
      peakBytes: 67_104_768,
      oomKills: 1,
      limitHits: 341,
    },
  },
  {
    name: 'v2 without memory.peak (kernel < 5.19) and without a limit',
    files: { ...V2_FILES, max: 'max\n', peak: null },
    expected: {
      limitBytes: null,
      usageBytes: 1_048_576,
      peakBytes: null,
      oomKills: 1,
      limitHits: 341,
    },
  },
])('parseMemoryStats: $name', ({ files, expected }) => {
  it('reads limit, usage, peak and the OOM and limit counters', () => {
    const stats = parseMemoryStats(files);
    expect(stats).toEqual(expected);
    expect(CgroupStatsSchema.parse({ cpu: null, memory: stats }).memory).toEqual(expected);
  });
});

it('parseMemoryStats names a missing event', () => {
  expect(() =>
    parseMemoryStats({ ...V2_FILES, events: 'max 1\n' }),
  ).toThrowErrorMatchingInlineSnapshot(`[CgroupError: memory.events has no oom_kill line]`);
});

describe('diffCgroupStats', () => {
  const before = {
    cpu: { periods: 10, throttledPeriods: 4, throttledUs: 1000, usageUs: 5000 },
    memory: { limitBytes: 100, usageBytes: 10, peakBytes: 20, oomKills: 1, limitHits: 3 },
  };
  const after = {
    cpu: { periods: 30, throttledPeriods: 19, throttledUs: 9000, usageUs: 15000 },
    memory: { limitBytes: 100, usageBytes: 40, peakBytes: 90, oomKills: 2, limitHits: 10 },
  };
  it('subtracts counters and keeps the latest levels', () => {
    expect(diffCgroupStats(before, after)).toEqual({
      cpu: { periods: 20, throttledPeriods: 15, throttledUs: 8000, usageUs: 10000 },
      memory: { limitBytes: 100, usageBytes: 40, peakBytes: 90, oomKills: 1, limitHits: 7 },
    });
  });
  it('keeps an unknown usage unknown and a missing controller missing', () => {
    const noUsage = { cpu: { ...before.cpu, usageUs: null }, memory: null };
    expect(diffCgroupStats(noUsage, { ...after, memory: null })).toEqual({
      cpu: { periods: 20, throttledPeriods: 15, throttledUs: 8000, usageUs: null },
      memory: null,
    });
  });
});
