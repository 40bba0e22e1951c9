import { execFileSync } from 'node:child_process';

/** The first Python on PATH (`python3`, then `python`), or null when there is none. */
export function findPython(): string | null {
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
