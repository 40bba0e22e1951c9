import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
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
  // `astro preview` moves to the next free port when this one is taken, and the readiness check
  // below would then talk to whatever else listens here: refuse instead.
  await assertPortFree(port);
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
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || !child.pid) return;
    process.kill(-child.pid, 'SIGTERM');
    // Wait until the port is free again, so a next server can take it.
    await Promise.race([exited, sleep(5_000)]);
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

/** Throws a clear error when something already listens on 127.0.0.1:`port`. */
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `port ${port} is already in use (another preview or test run?); stop it or choose another port`,
            )
          : error,
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}
