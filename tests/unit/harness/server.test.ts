import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findModel, type ModelSpec, type ProbeResult } from '../../../harness/lib/models.ts';
import { formatCommandLine, ServerStartError, startServer } from '../../../harness/lib/server.ts';
import { createTarget } from '../../../harness/lib/target.ts';

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
])('startServer with $name', ({ script, what }) => {
  it('reports the command and the last log lines', async () => {
    const attempt = startServer({
      target: createTarget(undefined, undefined),
      model: makeFakeModel(script),
      workers: 1,
      threads: 1,
      serverCpus: [0],
      probe: PROBE,
      loopsPerMs: 1,
      logDir: mkdtempSync(join(tmpdir(), 'server-test-')),
      readyTimeoutMs: 1500,
    });
    await expect(attempt).rejects.toThrow(ServerStartError);
    await expect(attempt).rejects.toThrow(what);
    await expect(attempt).rejects.toThrow(/command: taskset -c 0 \S+ -e /);
    await expect(attempt).rejects.toThrow(/last log lines:\n {4}(ImportError|listening nowhere)/);
  });
});

describe.each([
  { argv: ['python3', '-m', 'gunicorn'], line: 'python3 -m gunicorn' },
  { argv: ['--bind', '127.0.0.1:{port}'], line: "--bind '127.0.0.1:{port}'" },
  { argv: ['-c', "it's"], line: `-c 'it'\\''s'` },
])('formatCommandLine($argv)', ({ argv, line }) => {
  it('quotes only what needs quoting', () => expect(formatCommandLine(argv)).toBe(line));
});
