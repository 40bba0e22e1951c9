import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Cgroup } from '../../../../harness/system/cgroup.ts';
import {
  buildContainerArgv,
  PROC_SYS_SCRIPT,
  recordContainerArgv,
  wrapWithProcSys,
} from '../../../../harness/system/container.ts';
import { createTarget } from '../../../../harness/system/target.ts';

/** A cgroup handle with a fixed name whose wrapper is visible in the argv. */
const FAKE: Cgroup = {
  name: 'run-abc_pid-1-2_server-1',
  version: 1,
  dirs: ['/cg/cpu/worker-models-bench/run-abc_pid-1-2_server-1'],
  limits: { cpu: { quotaUs: 50_000, periodUs: 100_000 }, memoryBytes: null, swapBytes: null },
  wrap: (argv) => [
    'join',
    '/cg/cpu/worker-models-bench/run-abc_pid-1-2_server-1/cgroup.procs',
    '--',
    ...argv,
  ],
  listPids: () => [],
  readStats: () => ({ cpu: null, memory: null }),
  remove: () => {},
};
const LIMITS = { cpus: 0.5, memoryBytes: null, procSysMounted: true };
const CHROOT = createTarget('/usr/bin/python3', '/srv/sid');
const HOST = createTarget('/usr/bin/python3', undefined);

describe.each([
  {
    name: 'no limits',
    target: CHROOT,
    limits: undefined,
    cgroup: null,
    argv: 'taskset -c 0 chroot /srv/sid python app',
  },
  {
    name: 'a chroot in a cgroup with /proc and /sys',
    target: CHROOT,
    limits: LIMITS,
    cgroup: FAKE,
    argv: `join /cg/cpu/worker-models-bench/run-abc_pid-1-2_server-1/cgroup.procs -- unshare --mount --propagation private /bin/sh -c ${PROC_SYS_SCRIPT} proc-sys /srv/sid taskset -c 0 chroot /srv/sid python app`,
  },
  {
    name: 'a chroot in a cgroup without the mounts',
    target: CHROOT,
    limits: { ...LIMITS, procSysMounted: false },
    cgroup: FAKE,
    argv: 'join /cg/cpu/worker-models-bench/run-abc_pid-1-2_server-1/cgroup.procs -- taskset -c 0 chroot /srv/sid python app',
  },
  {
    name: 'the host, which has /proc and /sys already',
    target: HOST,
    limits: LIMITS,
    cgroup: FAKE,
    argv: 'join /cg/cpu/worker-models-bench/run-abc_pid-1-2_server-1/cgroup.procs -- taskset -c 0 python app',
  },
])('buildContainerArgv: $name', ({ target, limits, cgroup, argv }) => {
  it('wraps in the order cgroup, mounts, pinning, chroot', () => {
    expect(buildContainerArgv(target, [0], ['python', 'app'], limits, cgroup).join(' ')).toBe(argv);
  });
});

it('recordContainerArgv writes the run-specific cgroup name as {cgroup}', () => {
  const argv = buildContainerArgv(CHROOT, [0], ['python', 'app'], LIMITS, FAKE);
  expect(recordContainerArgv(argv, FAKE)[1]).toBe(
    '/cg/cpu/worker-models-bench/{cgroup}/cgroup.procs',
  );
  expect(recordContainerArgv(['a'], null)).toEqual(['a']);
});

it('the mount script mounts under the root it is given, then execs the rest', () => {
  // Run the script for real with `mount` replaced by a recorder: no privileges needed.
  const bin = mkdtempSync(join(tmpdir(), 'proc-sys-'));
  writeFileSync(join(bin, 'mount'), '#!/bin/sh\necho "mount $*" >> "$LOG"\n', { mode: 0o755 });
  const log = join(bin, 'log');
  const [, , , , sh = '', c = '', script = '', ...rest] = wrapWithProcSys('/srv/root', [
    'echo',
    'ran',
    'app',
  ]);
  const out = execFileSync(sh, [c, script, ...rest], {
    env: { PATH: `${bin}:/usr/bin:/bin`, LOG: log },
    encoding: 'utf8',
  });
  expect(out).toBe('ran app\n');
  expect(execFileSync('cat', [log], { encoding: 'utf8' })).toBe(
    'mount -t proc proc /srv/root/proc\nmount -t sysfs sysfs /srv/root/sys\n',
  );
});
