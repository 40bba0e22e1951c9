/** Collect the environment recorded in every dataset. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { BenchEnvironment } from '../../src/bench/schema.ts';
import type { ProbeResult } from '../system/models.ts';
import { hashApps, readOsName, type Target } from '../system/target.ts';

const REPO_ROOT = new URL('../../', import.meta.url).pathname;

function readCommand([command, ...args]: [string, ...string[]]): string {
  try {
    return execFileSync(command, args, {
      encoding: 'utf8',
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  } catch (error) {
    // wrk -v exits 1 after printing its version; keep whatever it printed.
    const out = (error as { stdout?: string }).stdout;
    return typeof out === 'string' ? out.trim() : 'unknown';
  }
}

/** `kernel.sched_autogroup_enabled`, or null where the kernel has no such switch. */
export function readSchedAutogroup(
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): boolean | null {
  try {
    return read('/proc/sys/kernel/sched_autogroup_enabled').trim() === '1';
  } catch {
    return null;
  }
}

function readCpuModel(): string {
  const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
  return match?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
}

/** What the quiet-machine check before the recording found (harness/run/quiet.ts). */
export interface QuietRecord {
  quietMachine: boolean;
  quietMachineReason?: string;
  preflightServerCpuContention: number;
}

export function collectEnvironment(options: {
  target: Target;
  probe: ProbeResult;
  loopsPerMs: number;
  serverCpus: number[];
  clientCpus: number[];
  quiet: QuietRecord;
  /** `kernel.sched_autogroup_enabled`, read once for the quiet check and recorded as read. */
  schedAutogroup: boolean | null;
}): BenchEnvironment {
  // Dirty means uncommitted changes to the harness itself (and the schema it writes with);
  // other people's edits elsewhere in the shared checkout do not change what was measured.
  const dirty = readCommand(['git', 'status', '--porcelain', '--', 'harness', 'src/bench']) !== '';
  return {
    date: new Date().toISOString(),
    harnessCommit: readCommand(['git', 'rev-parse', 'HEAD']),
    harnessDirty: dirty,
    cpuModel: readCpuModel(),
    cpuCount: cpus().length,
    serverCpus: options.serverCpus,
    clientCpus: options.clientCpus,
    kernel: readCommand(['uname', '-sr']),
    schedAutogroup: options.schedAutogroup,
    os: readOsName(options.target.rootfs ?? '/'),
    hostOs: readOsName('/'),
    rootfs: options.target.rootfs,
    python: options.probe.python,
    packages: options.probe.packages,
    wrkVersion: readCommand(['wrk', '-v']).split('\n')[0] ?? 'unknown',
    nodeVersion: process.version,
    cpuLoopsPerMs: options.loopsPerMs,
    appSha256: hashApps(),
    ...options.quiet,
  };
}
