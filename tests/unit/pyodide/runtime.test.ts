import { describe, expect, it } from 'vitest';
import { createRuntime } from '../../../src/pyodide/runtime.ts';
import type { RequestBody, RunResult } from '../../../src/pyodide/protocol.ts';
import { createFakeDeps, createFakePyodide, type FakeRun } from './fake-pyodide.ts';

const indexURL = 'https://site.test/base/pyodide/v314.0.7/';
const loadBody = (
  interruptBuffer: SharedArrayBuffer | null = null,
  outputCap = 1_000,
  snapshotURL: string | null = null,
): RequestBody => ({
  kind: 'load',
  indexURL,
  snapshotURL,
  interruptBuffer,
  outputCap,
});
const runBody: RequestBody = {
  kind: 'run',
  code: 'print(1)',
  filename: 'demo.py',
  params: { workers: 4 },
};

/** A runtime over a fake Pyodide that has already answered a load request. */
async function loadedRuntime(script: FakeRun = {}, outputCap = 1_000) {
  const fake = createFakePyodide(script);
  const { deps, messages } = createFakeDeps(async () => fake.pyodide);
  const runtime = createRuntime(deps);
  await runtime.handle({ type: 'request', id: 1, body: loadBody(null, outputCap) });
  messages.length = 0;
  return { runtime, messages, fake };
}

describe('load', () => {
  it('imports pyodide.mjs from the self-hosted folder and replies with the version', async () => {
    const fake = createFakePyodide();
    const { deps, messages, imported } = createFakeDeps(async () => fake.pyodide);
    await createRuntime(deps).handle({ type: 'request', id: 7, body: loadBody() });
    expect(imported).toEqual([`${indexURL}pyodide.mjs`]);
    expect(messages).toEqual([
      { type: 'reply:ok', id: 7, kind: 'load', value: { pythonVersion: '314.0.7', loadMs: 0 } },
    ]);
    expect([...fake.files.keys()]).toEqual([
      '/demo-lib/timeline.py',
      '/demo-lib/_demo_loop.py',
      '/demo-lib/_demo_runner.py',
    ]);
    expect(fake.files.get('/demo-lib/_demo_loop.py')).toContain('def blocking_sleep(seconds):');
    expect(fake.pythonSnippets.join('\n')).toContain('sys.path.insert(0, "/demo-lib")');
  });

  it.each([
    { isolated: true, expected: 1 },
    { isolated: false, expected: null },
  ])(
    'hands Pyodide the interrupt buffer only when the page is isolated ($isolated)',
    async ({ isolated, expected }) => {
      const fake = createFakePyodide();
      const { deps } = createFakeDeps(async () => fake.pyodide);
      const buffer = isolated ? new SharedArrayBuffer(1) : null;
      await createRuntime(deps).handle({ type: 'request', id: 1, body: loadBody(buffer) });
      expect(fake.interruptBuffer?.length ?? null).toBe(expected);
    },
  );

  it('loads once however often it is asked', async () => {
    const fake = createFakePyodide();
    let loads = 0;
    const { deps, messages } = createFakeDeps(async () => (loads++, fake.pyodide));
    const runtime = createRuntime(deps);
    await Promise.all(
      [1, 2, 3].map((id) => runtime.handle({ type: 'request', id, body: loadBody() })),
    );
    expect(loads).toBe(1);
    expect(messages.map((m) => m.type)).toEqual(['reply:ok', 'reply:ok', 'reply:ok']);
  });

  it('reports a failed download as a plain error and tries again on the next request', async () => {
    const fake = createFakePyodide();
    let attempt = 0;
    const { deps, messages } = createFakeDeps(async () => {
      if (attempt++ === 0) throw new TypeError('Failed to fetch');
      return fake.pyodide;
    });
    const runtime = createRuntime(deps);
    await runtime.handle({ type: 'request', id: 1, body: loadBody() });
    await runtime.handle({ type: 'request', id: 2, body: loadBody() });
    expect(messages[0]).toMatchInlineSnapshot(`
      {
        "error": {
          "message": "Could not load Python: Failed to fetch",
          "name": "TypeError",
        },
        "id": 1,
        "type": "reply:error",
      }
    `);
    expect(messages[1]).toMatchObject({ type: 'reply:ok', id: 2 });
  });

  it.each([
    { snapshot: 'arrives' as const, loads: ['snapshot'] },
    { snapshot: 'fails' as const, loads: ['snapshot', 'afresh'] },
  ])('starts from the snapshot, or afresh when it $snapshot', async ({ snapshot, loads }) => {
    const fake = createFakePyodide();
    const seen: string[] = [];
    const { deps, messages } = createFakeDeps(async (options) => {
      seen.push(options._loadSnapshot ? 'snapshot' : 'afresh');
      await options._loadSnapshot; // Pyodide fails as the snapshot does.
      return fake.pyodide;
    }, snapshot);
    const runtime = createRuntime(deps);
    const snapshotURL = `${indexURL}snapshot-gz.bin`;
    await runtime.handle({ type: 'request', id: 1, body: loadBody(null, 1_000, snapshotURL) });
    // A snapshot that does not download is optional: it must not fail the load.
    runtime.reportDownloadFailure(snapshotURL, 'HTTP 404');
    expect(seen).toEqual(loads);
    expect(messages).toMatchObject([{ type: 'reply:ok', id: 1 }]);
  });

  it('fails a load whose wasm does not download, even if Pyodide never settles', async () => {
    const { deps, messages } = createFakeDeps(() => new Promise(() => undefined));
    const runtime = createRuntime(deps);
    const handled = runtime.handle({ type: 'request', id: 4, body: loadBody() });
    await Promise.resolve();
    runtime.reportDownloadFailure(`${indexURL}pyodide.asm.wasm`, 'net::ERR_FAILED');
    await handled;
    expect(messages).toEqual([
      {
        type: 'reply:error',
        id: 4,
        error: {
          name: 'Error',
          message: 'Could not load Python: pyodide.asm.wasm did not download (net::ERR_FAILED)',
        },
      },
    ]);
  });
});

describe('run', () => {
  const endings: { name: string; result: RunResult }[] = [
    { name: 'ok', result: { status: 'ok', spans: [], durationMs: 3 } },
    {
      name: 'error',
      result: {
        status: 'error',
        errorType: 'ZeroDivisionError',
        traceback: 'Traceback…',
        spans: [],
        durationMs: 1,
      },
    },
    { name: 'exit', result: { status: 'exit', code: 3, spans: [], durationMs: 1 } },
    { name: 'interrupted', result: { status: 'interrupted', spans: [], durationMs: 1 } },
    {
      name: 'ok with spans',
      result: {
        status: 'ok',
        spans: [{ lane: 'a', state: 'running', start: 0, end: 5, label: null }],
        durationMs: 5,
      },
    },
  ];

  describe.each(endings)('a run that ends $name', ({ result }) => {
    it('replies with the runner’s result, unchanged', async () => {
      const { runtime, messages, fake } = await loadedRuntime({ result });
      await runtime.handle({ type: 'request', id: 5, body: runBody });
      expect(messages).toEqual([{ type: 'reply:ok', id: 5, kind: 'run', value: result }]);
      expect(fake.calls).toEqual([
        { code: 'print(1)', filename: 'demo.py', params: '{"workers":4}' },
      ]);
    });
  });

  it('streams stdout and stderr tagged with the run id', async () => {
    const { runtime, messages } = await loadedRuntime({
      stdout: ['one\n', 'two\n'],
      stderr: ['oops\n'],
    });
    await runtime.handle({ type: 'request', id: 9, body: runBody });
    expect(messages.filter((m) => m.type === 'event:output')).toEqual([
      { type: 'event:output', runId: 9, stream: 'stdout', text: 'one\n' },
      { type: 'event:output', runId: 9, stream: 'stdout', text: 'two\n' },
      { type: 'event:output', runId: 9, stream: 'stderr', text: 'oops\n' },
    ]);
  });

  it.each([
    { writes: ['abc', 'def'], cap: 10, shown: ['abc', 'def'], capped: false },
    { writes: ['abcdef', 'ghijkl', 'mnop'], cap: 10, shown: ['abcdef', 'ghij'], capped: true },
    { writes: ['abcdefghij', 'k'], cap: 10, shown: ['abcdefghij'], capped: true },
  ])('caps output at $cap characters: $writes', async ({ writes, cap, shown, capped }) => {
    const { runtime, messages } = await loadedRuntime({ stdout: writes }, cap);
    await runtime.handle({ type: 'request', id: 2, body: runBody });
    const texts = messages.flatMap((m) => (m.type === 'event:output' ? [m.text] : []));
    expect(texts).toEqual(shown);
    expect(messages.filter((m) => m.type === 'event:output-capped')).toHaveLength(capped ? 1 : 0);
  });

  it('reports a fatal Pyodide error as a plain error object', async () => {
    const { runtime, messages } = await loadedRuntime({
      fail: new Error('Pyodide has suffered a fatal error'),
    });
    await runtime.handle({ type: 'request', id: 3, body: runBody });
    expect(messages).toEqual([
      {
        type: 'reply:error',
        id: 3,
        error: { name: 'Error', message: 'Pyodide has suffered a fatal error' },
      },
    ]);
    expect(() => structuredClone(messages[0])).not.toThrow();
  });

  it('refuses to run before Python is loaded', async () => {
    const { deps, messages } = createFakeDeps(async () => createFakePyodide().pyodide);
    await createRuntime(deps).handle({ type: 'request', id: 1, body: runBody });
    expect(messages).toMatchObject([
      {
        type: 'reply:error',
        id: 1,
        error: { message: 'Python is not loaded yet: send a load request first.' },
      },
    ]);
  });

  it('refuses a second run while one is going', async () => {
    const { runtime, messages } = await loadedRuntime();
    await Promise.all([
      runtime.handle({ type: 'request', id: 1, body: runBody }),
      runtime.handle({ type: 'request', id: 2, body: runBody }),
    ]);
    expect(messages).toMatchObject([
      {
        type: 'reply:error',
        id: 2,
        error: { message: 'Run 1 is still going; runs cannot overlap.' },
      },
      { type: 'reply:ok', id: 1 },
    ]);
  });
});

describe('anything else', () => {
  it.each([
    null,
    'run',
    { type: 'request', id: 1, body: { kind: 'eval' } },
    { type: 'event:progress' },
  ])('rejects %j, which is not a request', async (message) => {
    const { deps } = createFakeDeps(async () => createFakePyodide().pyodide);
    await expect(createRuntime(deps).handle(message)).rejects.toThrow(/^Not a request/);
  });
});
