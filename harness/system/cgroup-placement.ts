/**
 * Which hierarchy a cgroup goes into, and what to tell the user when none can take it. Pure:
 * the caller reads /proc/self/mountinfo and cgroup.controllers and passes the text in.
 */
import {
  CgroupError,
  type CgroupMount,
  type CgroupVersion,
  type Controller,
} from './cgroup-files.ts';

/** The limits the harness sets: `cpu` (CFS bandwidth) and `memory`. */
export type LimitController = Exclude<Controller, 'cpuacct'>;

/** Where a cgroup's directories go: the mount point of each controller's hierarchy. */
export interface Placement {
  version: CgroupVersion;
  /** v2: the same mount for every controller; v1: one per controller (cpu and cpuacct may share). */
  mountPoints: Partial<Record<Controller, string>>;
}

/** What a cgroup v2 mount offers: its cgroup.controllers and cgroup.subtree_control. */
export interface V2Controllers {
  available: readonly string[];
  enabledForChildren: readonly string[];
}

const HOW_TO_MOUNT =
  'Mount them read-write: cgroup v2 (mount -t cgroup2 none /sys/fs/cgroup) or each v1 controller ' +
  '(e.g. mkdir -p /sys/fs/cgroup/cpu && mount -t cgroup -o cpu none /sys/fs/cgroup/cpu). ' +
  'In a container that takes --privileged (Docker, Podman) and a writable /sys/fs/cgroup.';

function describeV1(mounts: readonly CgroupMount[], wanted: readonly LimitController[]): string {
  return wanted
    .map((controller) => {
      const mount = mounts.find((m) => m.version === 1 && m.controllers.includes(controller));
      if (!mount) return `${controller} is not mounted`;
      return `${controller} at ${mount.mountPoint}${mount.readOnly ? ' (read-only)' : ''}`;
    })
    .join('; ');
}

function describeV2(
  mounts: readonly CgroupMount[],
  v2: ReadonlyMap<string, V2Controllers | null>,
): string {
  const unified = mounts.filter((m) => m.version === 2);
  if (unified.length === 0) return 'not mounted';
  return unified
    .map((m) => {
      const offered = v2.get(m.mountPoint);
      const list = offered ? offered.available.join(' ') || 'no controllers' : 'unreadable';
      return `${m.mountPoint}${m.readOnly ? ' (read-only)' : ''} offers ${list}`;
    })
    .join('; ');
}

/**
 * Prefer cgroup v2 where its hierarchy has every wanted controller (a controller bound to v1
 * does not show up in v2, so a hybrid system answers v1 for the v1 controllers); else v1.
 * In v1 `cpuacct` joins `cpu` when mounted, for the CPU usage v2 reports in cpu.stat.
 */
export function choosePlacement(
  mounts: readonly CgroupMount[],
  v2: ReadonlyMap<string, V2Controllers | null>,
  wanted: readonly LimitController[],
): Placement {
  if (wanted.length === 0) throw new CgroupError('a cgroup needs a cpu or a memory limit');
  const unified = mounts.find(
    (m) =>
      m.version === 2 &&
      !m.readOnly &&
      wanted.every((c) => v2.get(m.mountPoint)?.available.includes(c)),
  );
  if (unified) {
    const missing = wanted.filter(
      (c) => !v2.get(unified.mountPoint)?.enabledForChildren.includes(c),
    );
    if (missing.length > 0) throw new CgroupError(explainDisabledV2(unified.mountPoint, missing));
    return {
      version: 2,
      mountPoints: Object.fromEntries(wanted.map((c) => [c, unified.mountPoint])),
    };
  }
  const writableV1 = (controller: Controller): CgroupMount | undefined =>
    mounts.find((m) => m.version === 1 && !m.readOnly && m.controllers.includes(controller));
  const usable: Controller[] = wanted.includes('cpu') ? [...wanted, 'cpuacct'] : [...wanted];
  if (wanted.every((c) => writableV1(c))) {
    const mountPoints: Partial<Record<Controller, string>> = {};
    for (const c of usable) {
      const mount = writableV1(c);
      if (mount) mountPoints[c] = mount.mountPoint;
    }
    return { version: 1, mountPoints };
  }
  throw new CgroupError(
    `cannot create a cgroup for ${wanted.join(' and ')}: no writable cgroup hierarchy has ${
      wanted.length > 1 ? 'them' : 'it'
    }.\n  cgroup v2: ${describeV2(mounts, v2)}\n  cgroup v1: ${describeV1(mounts, wanted)}\n${HOW_TO_MOUNT}`,
  );
}

/** v2 offers the controller but does not pass it to child cgroups. */
function explainDisabledV2(mountPoint: string, missing: readonly string[]): string {
  const plus = missing.map((c) => `+${c}`).join(' ');
  return (
    `cgroup v2 at ${mountPoint} has ${missing.join(' and ')} but does not enable ${
      missing.length > 1 ? 'them' : 'it'
    } for child cgroups (cgroup.subtree_control). ` +
    `Enable with: echo '${plus}' > ${mountPoint}/cgroup.subtree_control. ` +
    'Where processes live in that cgroup (the root of a container), the kernel refuses it ' +
    '(no internal processes): move them into a child cgroup first.'
  );
}

/** What a failed write to a cgroup file means, and what to do about it. */
export function explainWriteError(action: string, path: string, code: string | undefined): string {
  const base = `cannot ${action} ${path}`;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `${base}: permission denied (${code}). Creating cgroups and moving processes into them needs root (CAP_SYS_ADMIN) or a cgroup subtree delegated to this user.`;
    case 'EROFS':
      return `${base}: the cgroup filesystem is read-only (EROFS). Remount it read-write (mount -o remount,rw on its mount point); in a container, start it with --privileged.`;
    case 'ENOENT':
      return `${base}: the kernel does not offer this file (ENOENT). ${hintForMissingFile(path)}`;
    case 'EBUSY':
      return `${base}: busy (EBUSY): cgroup v2 enables a controller for children only in a cgroup without processes of its own.`;
    case 'EINVAL':
      return `${base}: the kernel rejected the value (EINVAL).`;
    default:
      return `${base}: ${code ?? 'unknown error'}.`;
  }
}

function hintForMissingFile(path: string): string {
  if (/cfs_quota_us|cfs_period_us|cpu\.max$/.test(path))
    return 'CPU limits need a kernel built with CONFIG_CFS_BANDWIDTH.';
  if (/memsw/.test(path))
    return 'Limiting swap in cgroup v1 needs swap accounting (boot with swapaccount=1).';
  if (/swap\.max$/.test(path)) return 'Limiting swap needs a kernel with CONFIG_MEMCG_SWAP.';
  return 'Is the controller mounted on this hierarchy?';
}
