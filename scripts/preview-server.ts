import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface PreviewServer {
  /** The site's root URL, base path included, with a trailing slash. */
  url: string;
  stop: () => Promise<void>;
}

/**
 * Serves a built site with `astro preview` (which honours `base`, `outDir` and the
 * configured headers) and resolves once it answers. The environment chooses the build;
 * `args` go to `astro preview` as they are (e.g. `--root` for another project).
 */
export async function startPreview(
  port: number,
  base: string,
  args: readonly string[] = [],
): Promise<PreviewServer> {
  const child = spawn(
    'npx',
    ['astro', 'preview', '--port', String(port), '--ignore-lock', ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = `http://127.0.0.1:${port}${base}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM');
  };
  for (let attempt = 0; attempt < 120; attempt++) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(url)).ok) return { url, stop };
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  await stop();
  throw new Error(`astro preview did not answer at ${url}. Its output:\n${log}`);
}
