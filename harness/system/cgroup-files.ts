/**
 * The pure half of the cgroup module: where hierarchies are mounted, what the kernel's control
 * files say, quota arithmetic, the names the harness gives its cgroups and the wrapper that puts
 * a command into them. No file access here, so all of it is unit-tested on synthetic text.
 *
 * Kernel references: cgroup v1 CFS bandwidth control
 * https://docs.kernel.org/scheduler/sched-bwc.html, v1 memory controller
 * https://docs.kernel.org/admin-guide/cgroup-v1/memory.html, and cgroup v2
 * https://docs.kernel.org/admin-guide/cgroup-v2.html.
 */

/** A problem with cgroups; the message says what is missing and how to provide it. */
export class CgroupError extends Error {
  override name = 'CgroupError';
}

/** The `code` of a failed system call (ENOENT, EBUSY...), if the error has one. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String(error.code)
    : undefined;
}

/** cgroup v1 (one hierarchy per controller) or v2 (one unified hierarchy). */
export type CgroupVersion = 1 | 2;

/** The controllers the harness uses. `cpuacct` (v1 only) adds CPU usage; v2 has it in cpu.stat. */
export type Controller = 'cpu' | 'cpuacct' | 'memory';

/** A mounted cgroup hierarchy, from /proc/self/mountinfo. */
export interface CgroupMount {
  version: CgroupVersion;
  /** Where it is mounted, e.g. /sys/fs/cgroup/cpu (v1) or /sys/fs/cgroup (v2). */
  mountPoint: string;
  /** v1: the controllers bound to it (mount options). v2: empty; they are in cgroup.controllers. */
  controllers: string[];
  readOnly: boolean;
}

/** Every cgroup directory the harness creates lives in this directory of each hierarchy. */
export const CGROUP_PARENT = 'worker-models-bench';

/** The period Docker (`--cpus`) and Kubernetes (CPU limits) use: 100 ms. */
export const DEFAULT_CPU_PERIOD_US = 100_000;

/** Bounds the kernel enforces (sched-bwc.rst: quota and period >= 1 ms, period <= 1 s). */
const MIN_QUOTA_US = 1_000;
const MIN_PERIOD_US = 1_000;
const MAX_PERIOD_US = 1_000_000;

/** The CFS bandwidth settings for a CPU limit; `quotaUs` null means no limit. */
export interface CpuQuota {
  quotaUs: number | null;
  periodUs: number;
}

/**
 * A CPU limit of `cpus` CPUs as a container runtime writes it: quota = cpus x period, the
 * arithmetic of Docker's `--cpus` and of a Kubernetes CPU limit. `cpus` null: no limit.
 */
export function toCpuQuota(cpus: number | null, periodUs = DEFAULT_CPU_PERIOD_US): CpuQuota {
  if (!Number.isInteger(periodUs) || periodUs < MIN_PERIOD_US || periodUs > MAX_PERIOD_US)
    throw new CgroupError(
      `CPU period ${periodUs} µs is outside the kernel's range of ${MIN_PERIOD_US}..${MAX_PERIOD_US} µs`,
    );
  if (cpus === null) return { quotaUs: null, periodUs };
  if (!Number.isFinite(cpus) || cpus <= 0)
    throw new CgroupError(`CPU limit ${cpus} is not a positive number of CPUs`);
  const quotaUs = Math.round(cpus * periodUs);
  if (quotaUs < MIN_QUOTA_US)
    throw new CgroupError(
      `CPU limit ${cpus} gives a quota of ${quotaUs} µs per ${periodUs} µs; the kernel's minimum is ${MIN_QUOTA_US} µs`,
    );
  return { quotaUs, periodUs };
}

/** The value of v2's cpu.max: "QUOTA PERIOD", or "max PERIOD" without a limit. */
export function formatCpuMax({ quotaUs, periodUs }: CpuQuota): string {
  return `${quotaUs ?? 'max'} ${periodUs}`;
}

/** mountinfo escapes space, tab, newline and backslash as octal (\040). */
function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) =>
    String.fromCharCode(parseInt(octal, 8)),
  );
}

const V1_CONTROLLERS = new Set([
  'blkio',
  'cpu',
  'cpuacct',
  'cpuset',
  'devices',
  'freezer',
  'hugetlb',
  'memory',
  'misc',
  'net_cls',
  'net_prio',
  'perf_event',
  'pids',
  'rdma',
]);

/**
 * The cgroup hierarchies in /proc/self/mountinfo (proc(5)): fields 5 and 6 are the mount point
 * and per-mount options; after the " - " separator come type, source and superblock options.
 */
export function parseCgroupMounts(mountinfo: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of mountinfo.split('\n')) {
    const [before, after] = line.split(' - ');
    if (before === undefined || after === undefined) continue;
    const fields = before.split(' ');
    const [type, , superOptions = ''] = after.split(' ');
    if (type !== 'cgroup' && type !== 'cgroup2') continue;
    const mountPoint = fields[4];
    if (mountPoint === undefined) continue;
    const options = `${fields[5] ?? ''},${superOptions}`.split(',');
    mounts.push({
      version: type === 'cgroup2' ? 2 : 1,
      mountPoint: unescapeMountPath(mountPoint),
      controllers: type === 'cgroup2' ? [] : options.filter((o) => V1_CONTROLLERS.has(o)),
      readOnly: options.includes('ro'),
    });
  }
  return mounts;
}

/** Lines of "key value" (cpu.stat, memory.events, memory.oom_control) as a map. */
export function parseKeyedValues(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(\w+)\s+(\d+)$/.exec(line.trim());
    if (match?.[1] !== undefined) values.set(match[1], Number(match[2]));
  }
  return values;
}

/** A single-number control file; v1 reports "no limit" as ~2^63 and v2 as "max", both null. */
export function parseLimitBytes(text: string): number | null {
  const value = text.trim();
  if (value === 'max') return null;
  if (!/^\d+$/.test(value)) throw new CgroupError(`not a byte count: ${JSON.stringify(value)}`);
  const bytes = Number(value);
  return bytes >= 2 ** 62 ? null : bytes;
}

/** Field 22 of /proc/PID/stat: when the process started, in clock ticks after boot. */
export function parseStartTicks(statText: string): number {
  const fields = statText
    .slice(statText.lastIndexOf(')') + 2)
    .trim()
    .split(/\s+/);
  const ticks = Number(fields[22 - 3]);
  if (!Number.isInteger(ticks))
    throw new CgroupError(`malformed /proc/PID/stat: ${JSON.stringify(statText.slice(0, 60))}`);
  return ticks;
}

/** Who made a cgroup: the harness run, and its process (pid and start time, so reuse shows). */
export interface CgroupOwner {
  runId: string;
  pid: number;
  startTicks: number;
  label: string;
}

const RUN_ID = /^[A-Za-z0-9-]{1,64}$/;
const LABEL = /^[a-z0-9][a-z0-9-]{0,62}$/;
const NAME = /^run-([A-Za-z0-9-]{1,64})_pid-(\d+)-(\d+)_([a-z0-9][a-z0-9-]{0,62})$/;

/** `run-<runId>_pid-<pid>-<startTicks>_<label>`: attributable to a run, checkable for liveness. */
export function formatCgroupName(owner: CgroupOwner): string {
  if (!RUN_ID.test(owner.runId))
    throw new CgroupError(
      `run id ${JSON.stringify(owner.runId)} must be 1-64 letters, digits or dashes`,
    );
  if (!LABEL.test(owner.label))
    throw new CgroupError(
      `cgroup label ${JSON.stringify(owner.label)} must be kebab-case (a-z, 0-9, -), at most 63 characters`,
    );
  return `run-${owner.runId}_pid-${owner.pid}-${owner.startTicks}_${owner.label}`;
}

/** The owner encoded in a cgroup name, or null for a name the harness did not make. */
export function parseCgroupName(name: string): CgroupOwner | null {
  const match = NAME.exec(name);
  if (!match) return null;
  const [, runId = '', pid, startTicks, label = ''] = match;
  return { runId, pid: Number(pid), startTicks: Number(startTicks), label };
}

/**
 * The shell the wrapper runs: join every cgroup (write its own pid to each cgroup.procs), then
 * exec the command, which keeps the pid. It joins before anything runs, so every process the
 * command forks starts inside. Exit 125 (the wrapper failed, as `env` and `timeout` use it)
 * when a cgroup cannot be joined; sh has already said why.
 */
export const JOIN_SCRIPT =
  'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; shift; exec "$@"';

/** Prefix `argv` with the join wrapper; the result is a plain argv, recordable as it ran. */
export function wrapArgv(procsFiles: readonly string[], argv: readonly string[]): string[] {
  if (argv.length === 0) throw new CgroupError('cannot wrap an empty command');
  if (procsFiles.length === 0) throw new CgroupError('cannot wrap a command into no cgroup');
  for (const file of procsFiles)
    if (!file.startsWith('/') || !file.endsWith('/cgroup.procs'))
      throw new CgroupError(`${JSON.stringify(file)} is not an absolute path to a cgroup.procs`);
  return ['/bin/sh', '-c', JOIN_SCRIPT, 'cgroup-join', ...procsFiles, '--', ...argv];
}
