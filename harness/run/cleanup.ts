/**
 * Leave nothing running, whatever ends the recording: Ctrl-C, SIGTERM, SIGHUP, a lost parent, or
 * the process exiting. Every process group and wrk is killed and every registered clean-up (a
 * service's data directory) runs; datasets are only moved into place at the very end, so the
 * existing ones are untouched.
 */
import { removeEveryCgroupNow } from '../system/cgroup.ts';
import { killEverythingNow } from '../system/processes.ts';

/** How often to check whether the parent (npm, a shell) is gone. */
const PARENT_CHECK_MS = 250;

/** What an abort says besides the reason. */
export const ABORT_MESSAGE =
  'stopped every process group (server, services) and wrk; existing datasets are untouched.';

/**
 * Install the handlers. `npm run` starts us through `sh -c`, and dash does not exec the last
 * command: a SIGTERM sent to npm reaches only that shell, which dies and leaves us orphaned. So
 * losing our parent counts as an abort too. `staging.dir`, once set, is named in the message.
 */
export function installCleanup(staging: { dir: string | null }, log: (line: string) => void): void {
  const abort = (reason: string, code: number): void => {
    killEverythingNow();
    // The servers' cgroups are registered clean-ups too; this also catches one that resisted.
    for (const problem of removeEveryCgroupNow()) log(`bench: ${problem}`);
    log(`\nbench: ${reason}: ${ABORT_MESSAGE}`);
    if (staging.dir) log(`bench: scenarios finished before the abort are kept in ${staging.dir}`);
    process.exit(code);
  };
  process.on('SIGINT', () => abort('SIGINT', 130));
  process.on('SIGTERM', () => abort('SIGTERM', 143));
  process.on('SIGHUP', () => abort('SIGHUP', 129));
  process.on('exit', () => {
    killEverythingNow();
    for (const problem of removeEveryCgroupNow()) log(`bench: ${problem}`);
  });
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) abort('parent process exited', 129);
  }, PARENT_CHECK_MS).unref();
}
