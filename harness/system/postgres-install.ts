/**
 * Where a PostgreSQL installation lives (the host's Debian packages, or those inside a chroot
 * such as the Debian sid root from env/prepare-sid.sh), and how to run its programs as the
 * `postgres` user: PostgreSQL refuses to run as root.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A database start that failed; the message names the cause and what to do. */
export class PostgresError extends Error {
  override name = 'PostgresError';
}

/** One installation, as the harness needs it. */
export interface PostgresInstall {
  /** chroot directory, or null for the host. */
  rootfs: string | null;
  /** Directory of postgres, initdb and psql, as seen by the target (inside the rootfs). */
  binDir: string;
  /** uid and gid of the `postgres` user in the target's /etc/passwd. */
  uid: number;
  gid: number;
}

/** The programs the harness runs; Debian's postgresql-N and postgresql-client-N ship them. */
export const REQUIRED_PROGRAMS = ['postgres', 'initdb', 'psql'] as const;
const DEBIAN_BIN_PARENT = '/usr/lib/postgresql';

/** How to install PostgreSQL where it is missing. */
export function suggestPostgresInstall(rootfs: string | null): string {
  return rootfs
    ? `sh harness/env/prepare-sid.sh ${rootfs} (it installs postgresql-18 there)`
    : 'apt-get install -y postgresql (Debian 12: PostgreSQL 15)';
}

/** The bin directory of the newest major version among Debian's /usr/lib/postgresql/N dirs. */
export function pickNewestVersion(names: readonly string[]): string | null {
  const versions = names
    .filter((n) => /^\d+(\.\d+)?$/.test(n))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ?? null;
}

/** uid and gid of `user` in passwd(5) text, or null. */
export function parsePasswdUser(text: string, user: string): { uid: number; gid: number } | null {
  for (const line of text.split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (name === user && uid && gid && /^\d+$/.test(uid) && /^\d+$/.test(gid)) {
      return { uid: Number(uid), gid: Number(gid) };
    }
  }
  return null;
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/**
 * Find the installation: `binDir` when given (as seen by the target), else the newest
 * /usr/lib/postgresql/N/bin. Throws a PostgresError naming what is missing and how to install it.
 */
export function findPostgresInstall(rootfs: string | null, binDir?: string): PostgresInstall {
  const onHost = (path: string): string => (rootfs ? join(rootfs, path) : path);
  if (rootfs && !existsSync(rootfs)) {
    throw new PostgresError(
      `rootfs ${rootfs} does not exist: sh harness/env/prepare-sid.sh ${rootfs}`,
    );
  }
  const where = rootfs ? ` inside the rootfs ${rootfs}` : ' on this machine';
  const newest = pickNewestVersion(listDir(onHost(DEBIAN_BIN_PARENT)));
  const bin = binDir ?? (newest ? `${DEBIAN_BIN_PARENT}/${newest}/bin` : null);
  if (!bin) {
    throw new PostgresError(
      `PostgreSQL is not installed${where}: no ${DEBIAN_BIN_PARENT}/*/bin/postgres. Install it: ${suggestPostgresInstall(rootfs)}`,
    );
  }
  const missing = REQUIRED_PROGRAMS.filter((p) => !existsSync(onHost(`${bin}/${p}`)));
  if (missing.length) {
    throw new PostgresError(
      `PostgreSQL programs missing${where}: ${missing.map((p) => `${bin}/${p}`).join(', ')}. Install them: ${suggestPostgresInstall(rootfs)}`,
    );
  }
  let passwd = '';
  try {
    passwd = readFileSync(onHost('/etc/passwd'), 'utf8');
  } catch {
    // reported below as a missing user
  }
  const user = parsePasswdUser(passwd, 'postgres');
  if (!user) {
    throw new PostgresError(
      `no "postgres" user in ${onHost('/etc/passwd')} (PostgreSQL refuses to run as root; Debian's postgresql-common creates that user): ${suggestPostgresInstall(rootfs)}`,
    );
  }
  return { rootfs, binDir: bin, ...user };
}

/**
 * argv that runs a PostgreSQL program as the postgres user, pinned to `cpus`. Every wrapper
 * execs (taskset, chroot --userspec, setpriv), so the spawned PID is the program itself: the
 * postmaster is the leader of the process group the harness tracks.
 */
export function buildAsPostgresArgv(
  install: PostgresInstall,
  cpus: readonly number[],
  argv: readonly string[],
): string[] {
  const pin = ['taskset', '-c', cpus.join(',')];
  const ids = `${install.uid}:${install.gid}`;
  if (install.rootfs) return [...pin, 'chroot', `--userspec=${ids}`, install.rootfs, ...argv];
  return [
    ...pin,
    'setpriv',
    `--reuid=${install.uid}`,
    `--regid=${install.gid}`,
    '--clear-groups',
    '--',
    ...argv,
  ];
}

/** argv that runs a client program (psql) of the installation as root, inside the rootfs if any. */
export function buildClientArgv(install: PostgresInstall, argv: readonly string[]): string[] {
  return install.rootfs ? ['chroot', install.rootfs, ...argv] : [...argv];
}
