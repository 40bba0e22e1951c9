import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GroupStartError } from '../../../../harness/system/group.ts';
import { findModel, type ModelSpec, type ProbeResult } from '../../../../harness/system/models.ts';
import { findMarkedProcesses } from '../../../../harness/system/processes.ts';
import { SERVER_GROUP, serverGroup } from '../../../../harness/system/server.ts';
import { createTarget } from '../../../../harness/system/target.ts';

const PROBE: ProbeResult = {
  python: { executable: '/usr/bin/python3', version: '3', implementation: 'CPython' },
  modules: {},
  packages: {},
  workers: { gunicornAsgi: false, uvicornWorkerClass: null },
  loopsPerMs: 1,
};

/** A model whose "server" is a Node one-liner, so the test needs no Python server. */
function makeFakeModel(script: string): ModelSpec {
  return { ...findModel('gunicorn-sync'), buildArgs: () => [process.execPath, '-e', script] };
}

function startFake(script: string, env: Record<string, string> = {}) {
  return serverGroup({
    model: makeFakeModel(script),
    workers: 1,
    threads: 1,
    probe: PROBE,
    loopsPerMs: 1,
    readyTimeoutMs: 1500,
  }).start({
    target: createTarget(undefined, undefined),
    cpus: [0],
    logDir: mkdtempSync(join(tmpdir(), 'server-test-')),
    env,
  });
}

describe.each([
  {
    name: 'a server that exits at boot',
    script: "console.error('ImportError: no module named wsgi_app'); process.exit(3)",
    what: /gunicorn-sync exited before answering/,
  },
  {
    name: 'a server that never answers',
    script: "console.error('listening nowhere'); setTimeout(() => {}, 60000)",
    what: /gunicorn-sync did not answer on 127\.0\.0\.1:\d+/,
  },
])('the server group with $name', ({ script, what }) => {
  it('fails to start with the command and the last log lines, leaving no process', async () => {
    const attempt = startFake(script);
    await expect(attempt).rejects.toThrow(GroupStartError);
    await expect(attempt).rejects.toThrow(what);
    await expect(attempt).rejects.toThrow(/command: taskset -c 0 \S+ -e /);
    await expect(attempt).rejects.toThrow(/last log lines:\n {4}(ImportError|listening nowhere)/);
    expect(findMarkedProcesses()).toEqual([]);
  });
});

// A server that answers /info with the variable it was given, so the test sees its environment.
const ANSWERS_ENV = `
  const port = Number(process.argv.at(-1));
  require('node:http')
    .createServer((_, res) => res.end(JSON.stringify({ url: process.env.DATABASE_URL ?? null })))
    .listen(port, '127.0.0.1');
`;

describe('a server group that starts', () => {
  it('gets the exports of earlier groups, records its command with {port} and stops', async () => {
    const model: ModelSpec = {
      ...findModel('uvicorn'),
      buildArgs: (p) => [process.execPath, '-e', ANSWERS_ENV, String(p.port)],
    };
    const server = await serverGroup({
      model,
      workers: 1,
      threads: 1,
      probe: PROBE,
      loopsPerMs: 1,
    }).start({
      target: createTarget(undefined, undefined),
      cpus: [0],
      logDir: mkdtempSync(join(tmpdir(), 'server-test-')),
      env: { DATABASE_URL: 'postgresql://127.0.0.1:5999/bench' },
    });
    try {
      expect(SERVER_GROUP).toBe('server');
      expect(server.runtime).toEqual({ url: 'postgresql://127.0.0.1:5999/bench' });
      expect(server.argv.at(-1)).toBe('{port}');
      expect(server.argv.slice(0, 3)).toEqual(['taskset', '-c', '0']);
    } finally {
      await server.stop();
    }
    await expect(server.exited).resolves.toMatchObject({ signal: 'SIGTERM' });
  });
});
