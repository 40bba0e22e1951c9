import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { killEverythingNow, RUN_ID } from '../../../../harness/system/processes.ts';
import { createTarget, installApps, listAppFiles } from '../../../../harness/system/target.ts';

it("installs the apps in this run's own folder of the rootfs, and removes it when the run ends", () => {
  const rootfs = mkdtempSync(join(tmpdir(), 'rootfs-test-'));
  const target = createTarget(undefined, rootfs);
  // Another checkout recording into the same rootfs gets another folder, so neither serves the
  // other's apps.
  expect(target.appDir).toBe(`/opt/worker-models-apps/${RUN_ID}`);
  installApps(target);
  const installed = join(rootfs, target.appDir);
  expect(readdirSync(installed).sort()).toEqual(listAppFiles());
  killEverythingNow(); // what Ctrl-C and the end of a run do
  expect(existsSync(installed)).toBe(false);
  expect(existsSync(join(rootfs, 'opt/worker-models-apps'))).toBe(true);
});
