import { describe, expect, it } from 'vitest';
import { parseCgroupMounts } from '../../../../harness/system/cgroup-files.ts';
import {
  choosePlacement,
  explainWriteError,
  type V2Controllers,
} from '../../../../harness/system/cgroup-placement.ts';

const V1 = parseCgroupMounts(`31 30 0:28 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu
32 30 0:29 / /sys/fs/cgroup/cpuacct rw - cgroup cgroup rw,cpuacct
34 30 0:31 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory
40 30 0:37 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw
`);
const V1_NO_CPUACCT = V1.filter((m) => !m.controllers.includes('cpuacct'));
const V1_READ_ONLY_CPU = V1.map((m) =>
  m.controllers.includes('cpu') ? { ...m, readOnly: true } : m,
);
const UNIFIED = parseCgroupMounts(`25 19 0:22 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n`);

const offers = (
  mountPoint: string,
  available: string[],
  enabledForChildren = available,
): Map<string, V2Controllers | null> => new Map([[mountPoint, { available, enabledForChildren }]]);
const HYBRID_V2 = offers('/sys/fs/cgroup/unified', ['hugetlb']);
const FULL_V2 = offers('/sys/fs/cgroup', ['cpuset', 'cpu', 'io', 'memory', 'pids']);

describe.each([
  {
    name: 'v1 with cpuacct (this machine)',
    mounts: V1,
    v2: HYBRID_V2,
    wanted: ['cpu', 'memory'] as const,
    expected: {
      version: 1,
      mountPoints: {
        cpu: '/sys/fs/cgroup/cpu',
        memory: '/sys/fs/cgroup/memory',
        cpuacct: '/sys/fs/cgroup/cpuacct',
      },
    },
  },
  {
    name: 'v1 memory only (no cpuacct needed)',
    mounts: V1,
    v2: HYBRID_V2,
    wanted: ['memory'] as const,
    expected: { version: 1, mountPoints: { memory: '/sys/fs/cgroup/memory' } },
  },
  {
    name: 'v1 without cpuacct (usage unknown, limits still work)',
    mounts: V1_NO_CPUACCT,
    v2: HYBRID_V2,
    wanted: ['cpu'] as const,
    expected: { version: 1, mountPoints: { cpu: '/sys/fs/cgroup/cpu' } },
  },
  {
    name: 'pure v2',
    mounts: UNIFIED,
    v2: FULL_V2,
    wanted: ['cpu', 'memory'] as const,
    expected: { version: 2, mountPoints: { cpu: '/sys/fs/cgroup', memory: '/sys/fs/cgroup' } },
  },
])('choosePlacement: $name', ({ mounts, v2, wanted, expected }) => {
  it('picks the hierarchy that has every wanted controller', () => {
    expect(choosePlacement(mounts, v2, wanted)).toEqual(expected);
  });
});

describe('choosePlacement says what is missing and how to get it', () => {
  it('when nothing offers the controllers', () => {
    expect(() => choosePlacement([], new Map(), ['cpu', 'memory']))
      .toThrowErrorMatchingInlineSnapshot(`
      [CgroupError: cannot create a cgroup for cpu and memory: no writable cgroup hierarchy has them.
        cgroup v2: not mounted
        cgroup v1: cpu is not mounted; memory is not mounted
      Mount them read-write: cgroup v2 (mount -t cgroup2 none /sys/fs/cgroup) or each v1 controller (e.g. mkdir -p /sys/fs/cgroup/cpu && mount -t cgroup -o cpu none /sys/fs/cgroup/cpu). In a container that takes --privileged (Docker, Podman) and a writable /sys/fs/cgroup.]
    `);
  });
  it('when the v1 controller is mounted read-only', () => {
    expect(() => choosePlacement(V1_READ_ONLY_CPU, HYBRID_V2, ['cpu']))
      .toThrowErrorMatchingInlineSnapshot(`
      [CgroupError: cannot create a cgroup for cpu: no writable cgroup hierarchy has it.
        cgroup v2: /sys/fs/cgroup/unified offers hugetlb
        cgroup v1: cpu at /sys/fs/cgroup/cpu (read-only)
      Mount them read-write: cgroup v2 (mount -t cgroup2 none /sys/fs/cgroup) or each v1 controller (e.g. mkdir -p /sys/fs/cgroup/cpu && mount -t cgroup -o cpu none /sys/fs/cgroup/cpu). In a container that takes --privileged (Docker, Podman) and a writable /sys/fs/cgroup.]
    `);
  });
  it('when v2 has the controller but does not pass it to children', () => {
    const v2 = offers('/sys/fs/cgroup', ['cpu', 'memory'], ['memory']);
    expect(() =>
      choosePlacement(UNIFIED, v2, ['cpu', 'memory']),
    ).toThrowErrorMatchingInlineSnapshot(
      `[CgroupError: cgroup v2 at /sys/fs/cgroup has cpu but does not enable it for child cgroups (cgroup.subtree_control). Enable with: echo '+cpu' > /sys/fs/cgroup/cgroup.subtree_control. Where processes live in that cgroup (the root of a container), the kernel refuses it (no internal processes): move them into a child cgroup first.]`,
    );
  });
  it('when asked for nothing', () => {
    expect(() => choosePlacement(V1, HYBRID_V2, [])).toThrowErrorMatchingInlineSnapshot(
      `[CgroupError: a cgroup needs a cpu or a memory limit]`,
    );
  });
});

describe.each([
  {
    code: 'EACCES',
    path: '/sys/fs/cgroup/cpu/worker-models-bench',
    message:
      'cannot write /sys/fs/cgroup/cpu/worker-models-bench: permission denied (EACCES). Creating cgroups and moving processes into them needs root (CAP_SYS_ADMIN) or a cgroup subtree delegated to this user.',
  },
  {
    code: 'EROFS',
    path: '/sys/fs/cgroup/cpu/worker-models-bench',
    message:
      'cannot write /sys/fs/cgroup/cpu/worker-models-bench: the cgroup filesystem is read-only (EROFS). Remount it read-write (mount -o remount,rw on its mount point); in a container, start it with --privileged.',
  },
  {
    code: 'ENOENT',
    path: '/sys/fs/cgroup/cpu/x/cpu.cfs_quota_us',
    message:
      'cannot write /sys/fs/cgroup/cpu/x/cpu.cfs_quota_us: the kernel does not offer this file (ENOENT). CPU limits need a kernel built with CONFIG_CFS_BANDWIDTH.',
  },
  {
    code: 'ENOENT',
    path: '/sys/fs/cgroup/memory/x/memory.memsw.limit_in_bytes',
    message:
      'cannot write /sys/fs/cgroup/memory/x/memory.memsw.limit_in_bytes: the kernel does not offer this file (ENOENT). Limiting swap in cgroup v1 needs swap accounting (boot with swapaccount=1).',
  },
  {
    code: 'EBUSY',
    path: '/sys/fs/cgroup/worker-models-bench/cgroup.subtree_control',
    message:
      'cannot write /sys/fs/cgroup/worker-models-bench/cgroup.subtree_control: busy (EBUSY): cgroup v2 enables a controller for children only in a cgroup without processes of its own.',
  },
  {
    code: 'EINVAL',
    path: '/sys/fs/cgroup/cpu/x/cpu.cfs_quota_us',
    message:
      'cannot write /sys/fs/cgroup/cpu/x/cpu.cfs_quota_us: the kernel rejected the value (EINVAL).',
  },
  {
    code: undefined,
    path: '/sys/fs/cgroup/cpu/x',
    message: 'cannot write /sys/fs/cgroup/cpu/x: unknown error.',
  },
])('explainWriteError($code, $path)', ({ code, path, message }) => {
  it('names the file, the cause and the remedy', () => {
    expect(explainWriteError('write', path, code)).toBe(message);
  });
});
