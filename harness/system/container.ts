/**
 * The server as a container runs it: in a cgroup with the limits a container runtime writes
 * (cgroup.ts), and with /proc and /sys mounted in its root, which a bare chroot lacks and every
 * container has. Both only when a point asks (`limits`); otherwise the command is unchanged.
 *
 * The order of the wrappers: the cgroup join first (nothing runs outside it), then a private
 * mount namespace with proc and sysfs mounted in the root (nobody else sees those mounts; they
 * go when the last process in the namespace exits), then the CPU pinning and the chroot. Each
 * step execs the next, so the session leader's PID is the server's.
 */
import type { ServerLimits } from '../../src/bench/schema.ts';
import { createCgroup, type Cgroup } from './cgroup.ts';
import { RUN_ID, runTracked } from './processes.ts';
import { buildTargetArgv, type Target } from './target.ts';

/** Mount proc and sysfs under the root given first, then exec the rest. */
export const PROC_SYS_SCRIPT =
  'root=$1; shift; mount -t proc proc "$root/proc" && mount -t sysfs sysfs "$root/sys" && exec "$@"';

/** `argv` in a private mount namespace with proc and sysfs mounted under `rootfs`. */
export function wrapWithProcSys(rootfs: string, argv: readonly string[]): string[] {
  return [
    'unshare',
    '--mount',
    '--propagation',
    'private',
    '/bin/sh',
    '-c',
    PROC_SYS_SCRIPT,
    'proc-sys',
    rootfs,
    ...argv,
  ];
}

/** The cgroup a point's limits call for: the CPU quota (or accounting only) and memory limit. */
export function createLimitsCgroup(limits: ServerLimits, label: string): Cgroup {
  return createCgroup({
    runId: RUN_ID,
    label,
    cpus: limits.cpus,
    ...(limits.memoryBytes === null ? {} : { memoryBytes: limits.memoryBytes }),
  });
}

/**
 * The command for the target, pinned, inside the container-like wrappers `limits` ask for:
 * `cgroup` joined first, /proc and /sys mounted where the target is a chroot.
 */
export function buildContainerArgv(
  target: Target,
  cpus: readonly number[],
  args: readonly string[],
  limits: ServerLimits | undefined,
  cgroup: Cgroup | null,
): string[] {
  const pinned = buildTargetArgv(target, cpus, args);
  const mounted =
    limits?.procSysMounted && target.rootfs ? wrapWithProcSys(target.rootfs, pinned) : pinned;
  return cgroup ? cgroup.wrap(mounted) : mounted;
}

/** `argv` as recorded: the cgroup's run-specific name as `{cgroup}`. */
export function recordContainerArgv(argv: readonly string[], cgroup: Cgroup | null): string[] {
  return cgroup ? argv.map((arg) => arg.replaceAll(cgroup.name, '{cgroup}')) : [...argv];
}

/** What Python's CPU-count APIs report inside the container. */
export interface ContainerView {
  'os.cpu_count()': number | null;
  'multiprocessing.cpu_count()': number;
  /** null before Python 3.13, which added it. */
  'os.process_cpu_count()': number | null;
  'len(os.sched_getaffinity(0))': number;
}

const VIEW_PROBE = String.raw`
import json, multiprocessing, os
print(json.dumps({
    "os.cpu_count()": os.cpu_count(),
    "multiprocessing.cpu_count()": multiprocessing.cpu_count(),
    "os.process_cpu_count()": os.process_cpu_count() if hasattr(os, "process_cpu_count") else None,
    "len(os.sched_getaffinity(0))": len(os.sched_getaffinity(0)),
}))
`;

/**
 * Ask the target's Python, started exactly as the server will be (same cgroup, mounts, pinning
 * and root), what its CPU-count APIs report. Throws with its output when it fails.
 */
export async function probeContainerView(
  target: Target,
  cpus: readonly number[],
  limits: ServerLimits | undefined,
  cgroup: Cgroup | null,
): Promise<ContainerView> {
  const argv = buildContainerArgv(target, cpus, [target.python, '-c', VIEW_PROBE], limits, cgroup);
  const result = await runTracked(argv);
  if (result.code !== 0)
    throw new Error(
      `the CPU-count probe failed in the container (exit ${result.code}): ${argv.join(' ')}\n${result.stderr.trim()}`,
    );
  return JSON.parse(result.stdout) as ContainerView;
}
