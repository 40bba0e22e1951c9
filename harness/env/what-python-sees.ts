/**
 * What Python sees of its CPUs inside a container-like CPU limit: run as root with
 *
 *   npx node harness/env/what-python-sees.ts [--sid /var/cache/worker-models/sid]
 *
 * For the host's Python and the sid root's, under no limit, a CFS quota of 0.5 and 1 CPU
 * (harness/system/cgroup.ts, as `docker run --cpus` sets it), CPU affinity of one CPU (taskset)
 * and a quota with PYTHON_CPU_COUNT, it prints a Markdown table of what the CPU-count APIs and
 * the defaults built on them report. The sid root runs twice: as the harness runs servers today
 * (a bare chroot, no /proc or /sys) and like a container (proc and sysfs mounted, in a private
 * mount namespace so nobody else sees the mounts).
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createCgroup, removeEveryCgroupNow } from '../system/cgroup.ts';

/** Runs in the target Python; every value it prints is read, not computed from another. */
const PROBE = String.raw`
import json, multiprocessing, os, subprocess, sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

def attempt(read):
    try:
        return read()
    except Exception as error:
        return f'{type(error).__name__}'

def gunicorn_default():
    from gunicorn.config import Config
    return Config().workers

print(json.dumps({
    'python': '.'.join(map(str, sys.version_info[:3])),
    'os.cpu_count()': os.cpu_count(),
    'multiprocessing.cpu_count()': multiprocessing.cpu_count(),
    'os.process_cpu_count()': os.process_cpu_count() if hasattr(os, 'process_cpu_count') else 'absent (3.13+)',
    'len(os.sched_getaffinity(0))': len(os.sched_getaffinity(0)),
    'ThreadPoolExecutor()._max_workers': attempt(lambda: ThreadPoolExecutor()._max_workers),
    'ProcessPoolExecutor()._max_workers': attempt(lambda: ProcessPoolExecutor()._max_workers),
    'gunicorn workers default': attempt(gunicorn_default),
    'nproc': attempt(lambda: int(subprocess.run(['nproc'], capture_output=True, text=True).stdout)),
}))
`;

interface Target {
  label: string;
  argv: string[];
}

interface Condition {
  label: string;
  cpus?: number;
  affinity?: string;
  env?: Record<string, string>;
  /** Options before `-c`, e.g. `-X cpu_count=1`. */
  pythonArgs?: string[];
}

function buildTargets(sid: string): Target[] {
  const python = '/usr/bin/python3';
  const containerLike = `mount -t proc proc "$1/proc" && mount -t sysfs sysfs "$1/sys" && exec chroot "$@"`;
  const targets: Target[] = [{ label: 'host', argv: [python] }];
  if (existsSync(sid))
    targets.push(
      {
        label: 'sid chroot, as the harness runs it (no /proc, /sys)',
        argv: ['chroot', sid, python],
      },
      {
        label: 'sid chroot with /proc and /sys, like a container',
        argv: [
          'unshare',
          '--mount',
          '--propagation',
          'private',
          'sh',
          '-c',
          containerLike,
          'sh',
          sid,
          python,
        ],
      },
    );
  return targets;
}

const CONDITIONS: Condition[] = [
  { label: 'no limit' },
  { label: 'CPU quota 0.5 (cpu.cfs_quota_us 50000 / 100000)', cpus: 0.5 },
  { label: 'CPU quota 1 (100000 / 100000)', cpus: 1 },
  { label: 'affinity: taskset -c 0', affinity: '0' },
  { label: 'CPU quota 1 + PYTHON_CPU_COUNT=1', cpus: 1, env: { PYTHON_CPU_COUNT: '1' } },
  { label: 'CPU quota 1 + python -X cpu_count=1', cpus: 1, pythonArgs: ['-X', 'cpu_count=1'] },
  // How the harness's cpu-limits scenario runs its servers: pinned to one CPU, under a quota.
  { label: 'CPU quota 0.5 + taskset -c 0 (the cpu-limits scenario)', cpus: 0.5, affinity: '0' },
];

function measure(target: Target, condition: Condition, runId: string): Record<string, unknown> {
  const cgroup =
    condition.cpus === undefined
      ? null
      : createCgroup({ runId, label: 'probe', cpus: condition.cpus });
  try {
    const pin = condition.affinity === undefined ? [] : ['taskset', '-c', condition.affinity];
    const argv = [...pin, ...target.argv, ...(condition.pythonArgs ?? []), '-c', PROBE];
    const [command = '', ...args] = cgroup ? cgroup.wrap(argv) : argv;
    // A clean environment: WEB_CONCURRENCY or PYTHON_CPU_COUNT from the caller would skew it.
    const result = spawnSync(command, args, {
      encoding: 'utf8',
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', ...condition.env },
    });
    if (result.status !== 0)
      throw new Error(
        `${target.label}, ${condition.label}: exit ${result.status}\n${result.stderr}`,
      );
    return JSON.parse(result.stdout) as Record<string, unknown>;
  } finally {
    cgroup?.remove();
  }
}

function main(): void {
  const { values } = parseArgs({
    options: { sid: { type: 'string', default: '/var/cache/worker-models/sid' } },
  });
  process.on('exit', () => removeEveryCgroupNow());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
  const runId = randomUUID();
  const rows: string[][] = [];
  let header: string[] = [];
  for (const target of buildTargets(values.sid)) {
    for (const condition of CONDITIONS) {
      const seen = measure(target, condition, runId);
      header = ['where', 'condition', ...Object.keys(seen)];
      rows.push([target.label, condition.label, ...Object.values(seen).map((v) => String(v))]);
    }
  }
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  console.log([line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n'));
  console.log(
    `\nMeasured on ${new Date().toISOString().slice(0, 10)}, ${spawnSync('uname', ['-r'], { encoding: 'utf8' }).stdout.trim()}, ${spawnSync('nproc', ['--all'], { encoding: 'utf8' }).stdout.trim()} CPUs online.`,
  );
}

main();
