/**
 * Drives Lighthouse over a list of pages with one headless Chromium, the same binary the
 * browser tests use, one page at a time: two shared cores cannot run audits side by side
 * without the timings of each skewing the other.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type Flags, type Result } from 'lighthouse';
import { chromium } from '@playwright/test';
import { chromiumArgs, resolveChromium } from '../lib/browser.ts';
import { findErroredAudits } from './summarize.ts';

/** The page-level audits the report reads besides the four categories' own. */
export const extraAudits = [
  'network-requests',
  'resource-summary',
  'cumulative-layout-shift',
  'largest-contentful-paint',
  'total-blocking-time',
];

/**
 * Tries per page: on a loaded machine Lighthouse now and then loses the trace, either for the
 * whole run (`NO_NAVSTART`, "Please run Lighthouse again") or for the audits that read it (a CI
 * run once got no best-practices score and no CLS for one embed page, which passed alone), and
 * that says nothing about the page. A page whose audits still cannot run after the last try is
 * reported with Lighthouse's reasons, and its gates fail.
 */
const attempts = 3;

export interface LighthouseTarget {
  url: string;
  /** Audits that do not apply to the page on purpose (e.g. `is-crawlable` on a noindex embed). */
  skipAudits: readonly string[];
}

export interface LighthouseSession {
  run: (target: LighthouseTarget, categories: readonly string[]) => Promise<Result>;
  close: () => Promise<void>;
  /** Lighthouse's version, known after the first run. */
  readonly version: string;
}

/**
 * Launches Chromium once. Lighthouse's default config is the mobile preset (Moto G Power
 * screen, simulated slow 4G and 4x CPU slowdown), which is what the targets are set against.
 */
export async function startLighthouse(): Promise<LighthouseSession> {
  const chrome = await chromeLauncher.launch({
    chromePath: resolveChromium() ?? chromium.executablePath(),
    chromeFlags: [...chromiumArgs, '--headless=new'],
  });
  let version = 'unknown';
  const run = async (target: LighthouseTarget, categories: readonly string[]) => {
    const flags: Flags = {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: [...categories],
      // Audits listed here run in addition to the categories' own (Lighthouse takes the union).
      onlyAudits: extraAudits,
      skipAudits: [...target.skipAudits],
      // Nothing reads it, and capturing it is one more pass over the page.
      disableFullPageScreenshot: true,
      // Timings stay simulated even where only the gates are read: observed timings make
      // Lighthouse wait 5.25 s for the page to settle instead of 1 s, every page.
    };
    let failure = '';
    let incomplete: Result | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const result = await lighthouse(target.url, flags);
      if (result && !result.lhr.runtimeError) {
        version = result.lhr.lighthouseVersion;
        const errored = findErroredAudits(result.lhr);
        if (errored.length === 0) return result.lhr;
        incomplete = result.lhr;
        failure = errored.map(({ id, message }) => `${id} could not run (${message})`).join('; ');
      } else failure = result?.lhr.runtimeError?.message ?? 'no result';
      console.warn(`Lighthouse attempt ${attempt} on ${target.url} failed: ${failure}`);
    }
    if (incomplete) return incomplete;
    throw new Error(`Lighthouse could not audit ${target.url} in ${attempts} attempts: ${failure}`);
  };
  return {
    run,
    close: async () => chrome.kill(),
    get version() {
      return version;
    },
  };
}
