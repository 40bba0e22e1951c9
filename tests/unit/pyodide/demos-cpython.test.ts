import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * The demos are plain Python: under CPython they must print the same story the browser
 * shows, which is what makes the browser's busy-wait `time.sleep` an honest stand-in.
 */
const demosDir = fileURLToPath(new URL('../../../src/demos/', import.meta.url));

function findPython(): string | null {
  for (const candidate of ['python3', 'python']) {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // Try the next name.
    }
  }
  return null;
}
const python = findPython();

function runDemo(id: string): string {
  return execFileSync(python ?? 'python3', [`${id}.py`], {
    cwd: demosDir,
    encoding: 'utf8',
    timeout: 30_000,
  });
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
  ])('$id prints its findings and a text timeline', ({ id, expected }) => {
    const output = runDemo(id);
    for (const pattern of expected) expect(output).toMatch(pattern);
    expect(output).toContain('# running   . waiting   X blocked');
  });

  it('blocking-sleep: time.sleep stalls the heartbeat for the whole sleep; await does not', () => {
    const [blocking, fixed] = numbers(
      runDemo('blocking-sleep'),
      /longest gap between heartbeats (\d+) ms/g,
    );
    expect(blocking).toBeGreaterThanOrEqual(290);
    expect(fixed).toBeLessThan(150);
  });
});
