import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createTarget,
  hashApps,
  HOST_APP_DIR,
  installApps,
  listAppFiles,
} from '../../../../harness/system/target.ts';

const rootfs = mkdtempSync(join(tmpdir(), 'target-test-'));
afterAll(() => rmSync(rootfs, { recursive: true, force: true }));

describe('the app files', () => {
  const files = listAppFiles();

  it.each(['wsgi_app.py', 'flask_app.py', 'fastapi_app.py', 'django_items/settings.py'])(
    'include %s',
    (name) => expect(files).toContain(name),
  );

  it('leave out bytecode caches and anything but Python', () => {
    expect(files.filter((f) => f.includes('__pycache__') || !f.endsWith('.py'))).toEqual([]);
  });

  it('are hashed one by one, packages included', () => {
    expect(Object.keys(hashApps())).toEqual(files);
  });

  it('are copied into a rootfs with their folders', () => {
    installApps(createTarget(undefined, rootfs));
    for (const name of ['flask_app.py', 'django_items/views.py']) {
      const copy = join(rootfs, 'opt/worker-models-apps', name);
      expect(existsSync(copy), name).toBe(true);
      expect(readFileSync(copy, 'utf8')).toBe(readFileSync(join(HOST_APP_DIR, name), 'utf8'));
    }
  });
});
