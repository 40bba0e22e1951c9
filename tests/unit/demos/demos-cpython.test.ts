import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { python, runDemoPython } from '../../support/python.ts';

/*
 * The demos are plain Python: under CPython they must print the same story the browser
 * shows, which is what makes the browser's busy-wait `time.sleep` an honest stand-in.
 */
const demoLoop = fileURLToPath(new URL('../../../src/pyodide/demo_loop.py', import.meta.url));
/** Runs a demo the way the browser does: blocking sleep, asyncio on DemoLoop. */
const withDemoLoop = [
  'import importlib.util, runpy, sys',
  `spec = importlib.util.spec_from_file_location("_demo_loop", ${JSON.stringify(demoLoop)})`,
  'loop = importlib.util.module_from_spec(spec)',
  'spec.loader.exec_module(loop)',
  'loop.install()',
  'runpy.run_path(sys.argv[1], run_name="__main__")',
].join('\n');

function runDemo(id: string, loop: 'asyncio' | 'DemoLoop' = 'asyncio'): string {
  const args = loop === 'asyncio' ? [`${id}.py`] : ['-c', withDemoLoop, `${id}.py`];
  return runDemoPython(args, { timeout: 30_000 });
}

function numbers(text: string, pattern: RegExp): number[] {
  return [...text.matchAll(pattern)].map((match) => Number(match[1]));
}

describe.skipIf(!python)('the demos under CPython', () => {
  it.each([
    { id: 'ten-requests', expected: [/one_after_another: 1\.\d\d s/, /all_at_once: 0\.1\d s/] },
    {
      id: 'cpu-starves-loop',
      expected: [/without yielding: quick requests took/, /with await asyncio\.sleep\(0\)/],
    },
    {
      id: 'greenlet-hub',
      expected: [/unpatched done at/, /all finished in .*\n\n.*all finished in/s],
    },
    {
      id: 'worker-simulator',
      expected: [/^gunicorn sync +3 +\d+\.\d/m, /Timeline: gunicorn sync/],
    },
  ])('$id prints its findings and a text timeline', ({ id, expected }) => {
    const output = runDemo(id);
    for (const pattern of expected) expect(output).toMatch(pattern);
    expect(output).toContain('# running   . waiting   X blocked');
  });

  it.each(['asyncio', 'DemoLoop'] as const)(
    'blocking-sleep on %s: time.sleep stalls the heartbeat for the whole sleep; await does not',
    (loop) => {
      const gaps = numbers(
        runDemo('blocking-sleep', loop),
        /longest gap between heartbeats (\d+) ms/g,
      );
      expect(gaps[0]).toBeGreaterThanOrEqual(290);
      expect(gaps[1]).toBeLessThan(150);
    },
  );

  it('ten-requests on DemoLoop: the same timings as on asyncio', () => {
    const output = runDemo('ten-requests', 'DemoLoop');
    expect(output).toMatch(/one_after_another: 1\.\d\d s/);
    expect(output).toMatch(/all_at_once: 0\.1\d s/);
  });

  it('cpu-starves-loop on DemoLoop: yielding at least halves the quick requests’ worst wait', () => {
    const [starved, yielding] = numbers(
      runDemo('cpu-starves-loop', 'DemoLoop'),
      /took \d+-(\d+) ms/g,
    );
    expect(yielding).toBeLessThan((starved ?? 0) / 2);
  });
});
