import { availableParallelism } from 'node:os';
import { defineConfig, devices } from '@playwright/test';
import { chromiumArgs, resolveChromium } from './scripts/lib/browser.ts';

const executablePath = resolveChromium();
const port = Number(process.env['E2E_PORT'] ?? 4322);
const base = process.env['BASE'] ?? '/';

/**
 * End-to-end tests run against the built site, served by `astro preview`.
 *
 * One worker per two cores: a test keeps a browser renderer busy (layout, axe, Python) while the
 * preview server and the browser's other processes take the rest, so on the two shared cores CI
 * runs on, two workers only made each test twice as slow and pushed the long pages past their
 * timeouts. The timeouts are sized for the heaviest page on a busy machine, with margin.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  forbidOnly: !!process.env['CI'],
  retries: 0,
  workers: Math.max(1, Math.floor(availableParallelism() / 2)),
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env['CI'] ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}${base}`,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: { ...(executablePath && { executablePath }), args: chromiumArgs },
      },
    },
  ],
  webServer: {
    // `astro preview` serves the build chosen by OUT_DIR and BASE, as `astro build` made it.
    command: `npx astro preview --port ${port} --ignore-lock`,
    url: `http://127.0.0.1:${port}${base}`,
    reuseExistingServer: false,
    stdout: 'ignore',
    timeout: 60_000,
  },
});
