import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildAsPostgresArgv,
  buildClientArgv,
  findPostgresInstall,
  parsePasswdUser,
  pickNewestVersion,
  PostgresError,
  type PostgresInstall,
} from '../../../../harness/system/postgres-install.ts';

describe.each([
  { names: ['15', '18', 'README'], newest: '18' },
  { names: ['9.6', '10'], newest: '10' },
  { names: ['common'], newest: null },
  { names: [], newest: null },
])('pickNewestVersion($names)', ({ names, newest }) => {
  it('picks the highest major version', () => expect(pickNewestVersion(names)).toBe(newest));
});

const PASSWD = `root:x:0:0:root:/root:/bin/bash
postgres:x:101:104:PostgreSQL administrator:/var/lib/postgresql:/bin/bash
broken:x:abc:1::/:/bin/false
`;
describe.each([
  { user: 'postgres', found: { uid: 101, gid: 104 } },
  { user: 'root', found: { uid: 0, gid: 0 } },
  { user: 'broken', found: null },
  { user: 'nobody', found: null },
])('parsePasswdUser($user)', ({ user, found }) => {
  it('reads uid and gid', () => expect(parsePasswdUser(PASSWD, user)).toEqual(found));
});

describe('buildAsPostgresArgv', () => {
  const base: PostgresInstall = {
    rootfs: null,
    binDir: '/usr/lib/postgresql/15/bin',
    uid: 101,
    gid: 104,
  };
  it('pins and drops to the postgres user with setpriv on the host (both exec)', () => {
    expect(
      buildAsPostgresArgv(base, [0, 1], ['/bin/postgres', '-D', '/d']).join(' '),
    ).toMatchInlineSnapshot(
      `"taskset -c 0,1 setpriv --reuid=101 --regid=104 --clear-groups -- /bin/postgres -D /d"`,
    );
  });
  it('uses chroot --userspec inside a rootfs', () => {
    const install = { ...base, rootfs: '/sid', uid: 101, gid: 101 };
    expect(buildAsPostgresArgv(install, [0], ['/bin/initdb']).join(' ')).toMatchInlineSnapshot(
      `"taskset -c 0 chroot --userspec=101:101 /sid /bin/initdb"`,
    );
    expect(buildClientArgv(install, ['psql'])).toEqual(['chroot', '/sid', 'psql']);
    expect(buildClientArgv(base, ['psql'])).toEqual(['psql']);
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('findPostgresInstall', () => {
  const roots = mkdtempSync(join(tmpdir(), 'pg-install-test-'));
  afterAll(() => rmSync(roots, { recursive: true, force: true }));
  /** A fake root filesystem holding the given files. */
  function makeRoot(name: string, files: Record<string, string>): string {
    const root = join(roots, name);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
      chmodSync(join(root, path), 0o755);
    }
    mkdirSync(root, { recursive: true });
    return root;
  }
  const bin = (v: string, programs = ['postgres', 'initdb', 'psql']): Record<string, string> =>
    Object.fromEntries(programs.map((p) => [`usr/lib/postgresql/${v}/bin/${p}`, '']));
  const hide = (message: string): string => message.replaceAll(roots, '<roots>');

  it('finds the newest version and the postgres user', () => {
    const root = makeRoot('ok', { ...bin('15'), ...bin('18'), 'etc/passwd': PASSWD });
    expect(findPostgresInstall(root)).toEqual({
      rootfs: root,
      binDir: '/usr/lib/postgresql/18/bin',
      uid: 101,
      gid: 104,
    });
  });

  describe.each([
    {
      name: 'no rootfs',
      files: null,
      binDir: undefined,
      message:
        'rootfs <roots>/missing does not exist: sh harness/env/prepare-sid.sh <roots>/missing',
    },
    {
      name: 'no PostgreSQL',
      files: { 'etc/passwd': PASSWD },
      binDir: undefined,
      message:
        'PostgreSQL is not installed inside the rootfs <roots>/no-PostgreSQL: no /usr/lib/postgresql/*/bin/postgres. Install it: sh harness/env/prepare-sid.sh <roots>/no-PostgreSQL (it installs postgresql-18 there)',
    },
    {
      name: 'no psql',
      files: { ...bin('18', ['postgres', 'initdb']), 'etc/passwd': PASSWD },
      binDir: undefined,
      message:
        'PostgreSQL programs missing inside the rootfs <roots>/no-psql: /usr/lib/postgresql/18/bin/psql. Install them: sh harness/env/prepare-sid.sh <roots>/no-psql (it installs postgresql-18 there)',
    },
    {
      name: 'a wrong binDir',
      files: { ...bin('18'), 'etc/passwd': PASSWD },
      binDir: '/opt/pg/bin',
      message:
        'PostgreSQL programs missing inside the rootfs <roots>/a-wrong-binDir: /opt/pg/bin/postgres, /opt/pg/bin/initdb, /opt/pg/bin/psql. Install them: sh harness/env/prepare-sid.sh <roots>/a-wrong-binDir (it installs postgresql-18 there)',
    },
    {
      name: 'no postgres user',
      files: { ...bin('18'), 'etc/passwd': 'root:x:0:0::/:/bin/sh\n' },
      binDir: undefined,
      message: `no "postgres" user in <roots>/no-postgres-user/etc/passwd (PostgreSQL refuses to run as root; Debian's postgresql-common creates that user): sh harness/env/prepare-sid.sh <roots>/no-postgres-user (it installs postgresql-18 there)`,
    },
  ])('with $name', ({ name, files, binDir, message }) => {
    it('names the cause and the install command', () => {
      const root = files ? makeRoot(name.replaceAll(' ', '-'), files) : join(roots, 'missing');
      const error = catchError(() => findPostgresInstall(root, binDir));
      expect(error).toBeInstanceOf(PostgresError);
      expect(hide(error.message)).toBe(message);
    });
  });

  it('on the host, suggests apt-get', () => {
    expect(() => findPostgresInstall(null, '/nonexistent/bin')).toThrow(
      'PostgreSQL programs missing on this machine: /nonexistent/bin/postgres, /nonexistent/bin/initdb, /nonexistent/bin/psql. Install them: apt-get install -y postgresql (Debian 12: PostgreSQL 15)',
    );
  });
});
