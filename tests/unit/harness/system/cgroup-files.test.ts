import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatCgroupName,
  formatCpuMax,
  parseCgroupMounts,
  parseCgroupName,
  parseKeyedValues,
  parseLimitBytes,
  parseStartTicks,
  toCpuQuota,
  wrapArgv,
} from '../../../../harness/system/cgroup-files.ts';

describe.each([
  { cpus: 0.5, periodUs: undefined, quotaUs: 50_000, periodOut: 100_000, cpuMax: '50000 100000' },
  { cpus: 1, periodUs: undefined, quotaUs: 100_000, periodOut: 100_000, cpuMax: '100000 100000' },
  { cpus: 2.5, periodUs: 50_000, quotaUs: 125_000, periodOut: 50_000, cpuMax: '125000 50000' },
  // Kubernetes' smallest useful limit, 10m, is exactly the kernel's 1 ms minimum quota.
  { cpus: 0.01, periodUs: undefined, quotaUs: 1_000, periodOut: 100_000, cpuMax: '1000 100000' },
  { cpus: null, periodUs: undefined, quotaUs: null, periodOut: 100_000, cpuMax: 'max 100000' },
])('toCpuQuota($cpus CPUs, period $periodUs)', ({ cpus, periodUs, quotaUs, periodOut, cpuMax }) => {
  it('is quota = CPUs x period, as docker --cpus and a Kubernetes limit write it', () => {
    const quota = toCpuQuota(cpus, periodUs);
    expect(quota).toEqual({ quotaUs, periodUs: periodOut });
    expect(formatCpuMax(quota)).toBe(cpuMax);
  });
});

describe('toCpuQuota rejects what the kernel would', () => {
  it.each([
    { cpus: 0, periodUs: 100_000 },
    { cpus: -1, periodUs: 100_000 },
    { cpus: Number.NaN, periodUs: 100_000 },
    { cpus: 0.005, periodUs: 100_000 },
    { cpus: 1, periodUs: 500 },
    { cpus: 1, periodUs: 2_000_000 },
  ])('$cpus CPUs per $periodUs µs', ({ cpus, periodUs }) => {
    expect(() => toCpuQuota(cpus, periodUs)).toThrow(/CPU/);
  });
  it('says why', () => {
    expect(() => toCpuQuota(0.005)).toThrowErrorMatchingInlineSnapshot(
      `[CgroupError: CPU limit 0.005 gives a quota of 500 µs per 100000 µs; the kernel's minimum is 1000 µs]`,
    );
    expect(() => toCpuQuota(0)).toThrowErrorMatchingInlineSnapshot(
      `[CgroupError: CPU limit 0 is not a positive number of CPUs]`,
    );
    expect(() => toCpuQuota(1, 2_000_000)).toThrowErrorMatchingInlineSnapshot(
      `[CgroupError: CPU period 2000000 µs is outside the kernel's range of 1000..1000000 µs]`,
    );
  });
});

// This machine (Debian 12 in a VM, cgroup v1 controllers plus an empty unified mount), a
// systemd host on pure v2, and a container with a read-only cgroupfs.
const HYBRID = `22 1 0:21 / /sys rw,nosuid - sysfs sysfs rw
30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
32 30 0:29 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
`;
const V2 = `25 19 0:22 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n`;
const READ_ONLY = `600 590 0:30 / /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup rw\n`;
const COMOUNTED = `33 25 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid - cgroup cgroup rw,cpu,cpuacct\n`;
const ESCAPED = `33 25 0:29 / /mnt/my\\040cgroups rw - cgroup cgroup rw,memory\n`;

describe.each([
  {
    name: 'hybrid v1 (this machine)',
    text: HYBRID,
    expected: [
      { version: 1, mountPoint: '/sys/fs/cgroup/cpu', controllers: ['cpu'], readOnly: false },
      {
        version: 1,
        mountPoint: '/sys/fs/cgroup/cpuacct',
        controllers: ['cpuacct'],
        readOnly: false,
      },
      { version: 1, mountPoint: '/sys/fs/cgroup/memory', controllers: ['memory'], readOnly: false },
      { version: 1, mountPoint: '/sys/fs/cgroup/systemd', controllers: [], readOnly: false },
      { version: 2, mountPoint: '/sys/fs/cgroup/unified', controllers: [], readOnly: false },
    ],
  },
  {
    name: 'pure v2',
    text: V2,
    expected: [{ version: 2, mountPoint: '/sys/fs/cgroup', controllers: [], readOnly: false }],
  },
  {
    name: 'read-only container mount',
    text: READ_ONLY,
    expected: [{ version: 2, mountPoint: '/sys/fs/cgroup', controllers: [], readOnly: true }],
  },
  {
    name: 'cpu and cpuacct mounted together',
    text: COMOUNTED,
    expected: [
      {
        version: 1,
        mountPoint: '/sys/fs/cgroup/cpu,cpuacct',
        controllers: ['cpu', 'cpuacct'],
        readOnly: false,
      },
    ],
  },
  {
    name: 'a mount point with a space',
    text: ESCAPED,
    expected: [
      { version: 1, mountPoint: '/mnt/my cgroups', controllers: ['memory'], readOnly: false },
    ],
  },
  { name: 'no cgroups', text: `22 1 0:21 / /sys rw - sysfs sysfs rw\n`, expected: [] },
])('parseCgroupMounts: $name', ({ text, expected }) => {
  it('finds each hierarchy, its controllers and whether it is writable', () => {
    expect(parseCgroupMounts(text)).toEqual(expected);
  });
});

describe('parseKeyedValues', () => {
  it('reads "key value" lines and skips the rest', () => {
    expect(
      Object.fromEntries(parseKeyedValues('nr_periods 21\nnr_throttled 19\n\ngarbage\n')),
    ).toEqual({ nr_periods: 21, nr_throttled: 19 });
  });
});

describe.each([
  { text: '67108864\n', expected: 67_108_864 },
  { text: 'max\n', expected: null },
  { text: '9223372036854771712\n', expected: null }, // v1's "no limit"
])('parseLimitBytes($text)', ({ text, expected }) => {
  it('reads bytes, and no limit as null', () => {
    expect(parseLimitBytes(text)).toBe(expected);
  });
});

it('parseLimitBytes names what it could not read', () => {
  expect(() => parseLimitBytes('lots')).toThrowErrorMatchingInlineSnapshot(
    `[CgroupError: not a byte count: "lots"]`,
  );
});

describe.each([
  { comm: 'node', expected: 139202 },
  { comm: 'a) b (c', expected: 139202 },
])('parseStartTicks (comm $comm)', ({ comm, expected }) => {
  it('reads field 22 after the last parenthesis', () => {
    const stat = `4498 (${comm}) S 4400 4498 4400 0 -1 4194560 500 0 0 0 12 3 0 0 20 0 11 0 139202 1000 200\n`;
    expect(parseStartTicks(stat)).toBe(expected);
  });
});

const OWNER = {
  runId: '1f2e3d4c-aaaa-4bbb-8ccc-123456789abc',
  pid: 4498,
  startTicks: 139202,
  label: 'server',
};

describe('cgroup names', () => {
  it('carry run id, harness pid and start time, and read back', () => {
    const name = formatCgroupName(OWNER);
    expect(name).toBe('run-1f2e3d4c-aaaa-4bbb-8ccc-123456789abc_pid-4498-139202_server');
    expect(parseCgroupName(name)).toEqual(OWNER);
  });
  it.each([
    'docker',
    'system.slice',
    'run-x_pid-1_server',
    'run-x_pid-1-2_Server',
    'run-x_pid-a-2_s',
  ])('a name the harness does not make (%s) is not ours', (name) => {
    expect(parseCgroupName(name)).toBeNull();
  });
  it('refuse labels and run ids that would make an ambiguous name', () => {
    expect(() =>
      formatCgroupName({ ...OWNER, label: 'My Server' }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[CgroupError: cgroup label "My Server" must be kebab-case (a-z, 0-9, -), at most 63 characters]`,
    );
    expect(() => formatCgroupName({ ...OWNER, runId: 'a_b' })).toThrowErrorMatchingInlineSnapshot(
      `[CgroupError: run id "a_b" must be 1-64 letters, digits or dashes]`,
    );
  });
});

describe('wrapArgv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cgroup-wrap-'));

  it('puts the join wrapper in front and keeps the command as it was', () => {
    const argv = wrapArgv(['/sys/fs/cgroup/cpu/x/cgroup.procs'], ['python3', '-c', 'print(1)']);
    expect(argv.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(argv.slice(3)).toEqual([
      'cgroup-join',
      '/sys/fs/cgroup/cpu/x/cgroup.procs',
      '--',
      'python3',
      '-c',
      'print(1)',
    ]);
  });

  it('writes its pid into every cgroup.procs, then execs the command under the same pid', () => {
    const procs = ['one', 'two'].map((name) => {
      const sub = mkdtempSync(join(dir, `${name}-`));
      const file = join(sub, 'cgroup.procs');
      writeFileSync(file, '');
      return file;
    });
    // The command prints its own pid and an argument with spaces, which must arrive intact.
    const argv = wrapArgv(procs, ['/bin/sh', '-c', 'echo "$$ $1"', 'sh', 'two words']);
    const result = spawnSync(argv[0] ?? '', argv.slice(1), { encoding: 'utf8' });
    expect(result.status).toBe(0);
    const [pid, ...rest] = result.stdout.trim().split(' ');
    expect(rest.join(' ')).toBe('two words');
    for (const file of procs) expect(readFileSync(file, 'utf8').trim()).toBe(pid);
  });

  it('exits 125 without running the command when it cannot join', () => {
    const argv = wrapArgv([join(dir, 'missing', 'cgroup.procs')], ['/bin/echo', 'ran']);
    const result = spawnSync(argv[0] ?? '', argv.slice(1), { encoding: 'utf8' });
    expect(result.status).toBe(125);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/cgroup-join: .*(nonexistent|No such file)/);
  });

  it('refuses what cannot work', () => {
    expect(() =>
      wrapArgv(['/sys/fs/cgroup/cpu/x/cgroup.procs'], []),
    ).toThrowErrorMatchingInlineSnapshot(`[CgroupError: cannot wrap an empty command]`);
    expect(() => wrapArgv([], ['true'])).toThrowErrorMatchingInlineSnapshot(
      `[CgroupError: cannot wrap a command into no cgroup]`,
    );
    expect(() => wrapArgv(['cgroup.procs'], ['true'])).toThrowErrorMatchingInlineSnapshot(
      `[CgroupError: "cgroup.procs" is not an absolute path to a cgroup.procs]`,
    );
  });
});
