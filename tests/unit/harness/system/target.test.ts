import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killEverythingNow, RUN_ID } from '../../../../harness/system/processes.ts';
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
});

it("installs the apps with their folders in this run's own folder of the rootfs, and removes it when the run ends", () => {
  const target = createTarget(undefined, rootfs);
  // Another checkout recording into the same rootfs gets another folder, so neither serves the
  // other's apps.
  expect(target.appDir).toBe(`/opt/worker-models-apps/${RUN_ID}`);
  installApps(target);
  const installed = join(rootfs, target.appDir);
  for (const name of listAppFiles()) {
    const copy = join(installed, name);
    expect(existsSync(copy), name).toBe(true);
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(join(HOST_APP_DIR, name), 'utf8'));
  }
  killEverythingNow(); // what Ctrl-C and the end of a run do
  expect(existsSync(installed)).toBe(false);
  expect(existsSync(join(rootfs, 'opt/worker-models-apps'))).toBe(true);
});
