/**
 * The Python environment the servers run in: a Python on the host (`--python`), or the Python
 * inside a chroot (`--rootfs`, e.g. the Debian sid tree from env/prepare-sid.sh). Every command
 * for the target goes through `buildTargetArgv`, so pinning and chroot are applied in one place.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerCleanup, RUN_ID } from './processes.ts';

export const HOST_APP_DIR = fileURLToPath(new URL('../apps/', import.meta.url));
/**
 * Where the apps are copied inside a rootfs; the chroot cannot see the repo. One folder per run:
 * recordings from other checkouts share the rootfs, and a shared folder let one run serve
 * another's apps (seen: a run's servers started mid-recording with another branch's apps).
 */
export const ROOTFS_APP_ROOT = '/opt/worker-models-apps';
const ROOTFS_APP_DIR = `${ROOTFS_APP_ROOT}/${RUN_ID}`;

/** Python and root filesystem the servers run in. */
export interface Target {
  /** Python path as seen by the target (inside the rootfs when `rootfs` is set). */
  python: string;
  /** chroot directory, or null for the host. */
  rootfs: string | null;
  /** Directory holding the apps, as seen by the target. */
  appDir: string;
}

export function createTarget(python: string | undefined, rootfs: string | undefined): Target {
  if (rootfs) return { python: python ?? '/usr/bin/python3', rootfs, appDir: ROOTFS_APP_DIR };
  return {
    python: python ?? '/usr/bin/python3',
    rootfs: null,
    appDir: HOST_APP_DIR.replace(/\/$/, ''),
  };
}

/** Path of the target's Python on the host filesystem (for existence checks). */
export function resolveHostPath(target: Target, path: string): string {
  return target.rootfs ? join(target.rootfs, path) : path;
}

/** A folder made for one group: where the harness sees it, and where the target sees it. */
export interface TargetDir {
  hostPath: string;
  targetPath: string;
}

/**
 * Make a new empty folder that the target can see (in the rootfs's /tmp under a chroot), for a
 * group's data. The group removes it when it stops.
 */
export function makeTargetTempDir(target: Target, prefix: string): TargetDir {
  const base = target.rootfs ? join(target.rootfs, 'tmp') : tmpdir();
  const hostPath = mkdtempSync(join(base, prefix));
  const targetPath = target.rootfs ? `/${relative(target.rootfs, hostPath)}` : hostPath;
  return { hostPath, targetPath };
}

/**
 * Copy the apps into this run's folder in the rootfs, so a chroot sees the same files the repo
 * holds; the folder goes when the run ends, however it ends.
 */
export function installApps(target: Target): void {
  if (!target.rootfs) return;
  const dest = join(target.rootfs, ROOTFS_APP_DIR);
  mkdirSync(dest, { recursive: true });
  registerCleanup(() => rmSync(dest, { recursive: true, force: true }));
  for (const name of listAppFiles()) {
    mkdirSync(dirname(join(dest, name)), { recursive: true });
    cpSync(join(HOST_APP_DIR, name), join(dest, name));
  }
}

/**
 * Every Python file of the apps, as paths relative to apps/, sorted: the top-level apps and the
 * packages beside them (the Django project in django_items/). Bytecode caches are left out.
 */
export function listAppFiles(): string[] {
  return readdirSync(HOST_APP_DIR, { recursive: true, encoding: 'utf8' })
    .filter((n) => n.endsWith('.py') && !n.split(sep).includes('__pycache__'))
    .sort();
}

/** SHA-256 of each app file, recorded so a dataset names the exact code it measured. */
export function hashApps(): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const name of listAppFiles()) {
    hashes[name] = createHash('sha256')
      .update(readFileSync(join(HOST_APP_DIR, name)))
      .digest('hex');
  }
  return hashes;
}

/** Prefix a target command with CPU pinning and, for a rootfs, chroot. Both exec, so the PID stays. */
export function buildTargetArgv(
  target: Target,
  cpus: readonly number[],
  argv: readonly string[],
): string[] {
  const pin = ['taskset', '-c', cpus.join(',')];
  return target.rootfs ? [...pin, 'chroot', target.rootfs, ...argv] : [...pin, ...argv];
}

/** PRETTY_NAME from an os-release file. */
export function readOsName(root: string): string {
  for (const file of ['etc/os-release', 'usr/lib/os-release']) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    const match = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync(path, 'utf8'));
    if (match?.[1]) return match[1];
  }
  return 'unknown';
}
