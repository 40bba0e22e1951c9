import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/** Debian's Chromium, used when Playwright's own browser has not been downloaded. */
export const systemChromium = '/usr/bin/chromium';

/**
 * Flags for Chromium on these machines: root needs `--no-sandbox`, and the closed network
 * refuses Chromium's background connections, which would otherwise show up as noise.
 */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-gpu',
  '--no-first-run',
];

/**
 * Picks the browser binary: Playwright's own Chromium where installed, otherwise Debian's.
 * Returns `undefined` to let Playwright use its own, and throws a message that says how to
 * install one when there is neither.
 */
export function resolveChromium(
  playwrightPath: string = chromium.executablePath(),
  fallback: string = systemChromium,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  if (exists(playwrightPath)) return undefined;
  if (exists(fallback)) return fallback;
  throw new Error(
    `No Chromium found for the browser tests.\n` +
      `  Playwright's own browser is not at ${playwrightPath}, and ${fallback} does not exist.\n` +
      `  Install one of them:\n` +
      `    npx playwright install chromium        (downloads Playwright's build)\n` +
      `    sudo apt-get install -y chromium       (Debian/Ubuntu package, used automatically)`,
  );
}

/**
 * A browser in which a page from a made-up public origin (e.g. `http://embedder.test/`) may
 * frame the loopback test server. Chromium normally refuses that (Local Network Access), which a
 * real deployment never meets, so the embedding tests switch the check off.
 */
export function launchWithoutLocalNetworkChecks(): ReturnType<typeof chromium.launch> {
  const executablePath = resolveChromium();
  return chromium.launch({
    ...(executablePath && { executablePath }),
    args: [
      ...chromiumArgs,
      '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests',
    ],
  });
}
