import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FILE_SERVER_URL_VAR,
  fileServerGroup,
  parseServerHeader,
} from '../../../../harness/system/file-server.ts';
import { findMarkedProcesses } from '../../../../harness/system/processes.ts';
import { createTarget } from '../../../../harness/system/target.ts';

describe.each([
  {
    header: 'SimpleHTTP/0.6 Python/3.11.2',
    versions: { 'http.server': '0.6', python: '3.11.2' },
  },
  {
    header: 'SimpleHTTP/0.6 Python/3.14.0rc1',
    versions: { 'http.server': '0.6', python: '3.14.0rc1' },
  },
  { header: '', versions: {} },
])('parseServerHeader($header)', ({ header, versions }) => {
  it('names each version', () => expect(parseServerHeader(header)).toEqual(versions));
});

describe('the file server group (real python3 -m http.server)', () => {
  it('starts pinned, exports its address, samples itself and removes its folder', async () => {
    const group = fileServerGroup({ placement: 'client' });
    const running = await group.start({
      target: createTarget(undefined, undefined),
      cpus: [1],
      logDir: mkdtempSync(join(tmpdir(), 'file-server-test-')),
      env: {},
    });
    const cmdline = readFileSync(`/proc/${running.pid}/cmdline`, 'utf8').split('\0');
    const dir = cmdline[cmdline.indexOf('--directory') + 1] ?? '';
    try {
      expect(group).toMatchObject({ name: 'file-server', role: 'service', placement: 'client' });
      expect(running.argv).toEqual(
        expect.arrayContaining(['taskset', '-c', '1', '-m', 'http.server', '{dir}', '{port}']),
      );
      expect(running.versions['python']).toMatch(/^3\.\d+/);
      expect(readFileSync(`/proc/${running.pid}/status`, 'utf8')).toMatch(
        /^Cpus_allowed_list:\s+1$/m,
      );
      expect(existsSync(dir)).toBe(true);

      const sampler = running.startSampler?.();
      const url = running.exports[FILE_SERVER_URL_VAR] ?? '';
      expect((await fetch(url)).status).toBe(200);
      expect(await sampler?.stop()).toEqual({ peakThreads: expect.any(Number) });
    } finally {
      await running.stop();
    }
    expect(existsSync(dir)).toBe(false);
    expect(findMarkedProcesses()).toEqual([]);
    await running.stop(); // a second stop is harmless
  });
});
