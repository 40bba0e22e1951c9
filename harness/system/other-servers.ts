/**
 * Two more ASGI servers, each as its documentation advises, serving the same plain ASGI app:
 *
 * - **Hypercorn** (0.17): `--worker-class uvloop`. Its docs list asyncio, uvloop and trio worker
 *   classes and say of uvloop: "It is used as it is quicker than the asyncio default, however it
 *   does not work on Windows" (docs/discussion/workers.rst,
 *   https://hypercorn.readthedocs.io/en/latest/discussion/workers.html). They give no worker
 *   count ("workers: The number of workers to spawn and use", default 1,
 *   docs/how_to_guides/configuring.rst), so it runs one process per server CPU, as uvicorn does
 *   here. Its workers are spawned, not forked (`get_context("spawn")` in hypercorn/run.py), and
 *   the parent stays as a supervisor: `--workers 1` is two processes. A worker that exits with a
 *   non-zero code stops the whole server (`if exitcode != 0: shutdown_event.set()` in run.py);
 *   only a clean exit (after `--max-requests`) is replaced.
 * - **Daphne** (4.2), Django Channels' server: one process. It has no workers option
 *   (daphne/cli.py); Channels' deployment docs run several Daphne processes under a process
 *   manager such as supervisor, each on a shared socket with `--fd`
 *   (https://channels.readthedocs.io/en/latest/deploying.html). Here it runs as one process, and
 *   `-v 0` turns off the access log it writes to stdout at its default verbosity 1 (the other
 *   servers run without one). Its event loop is asyncio's under Twisted's asyncio reactor
 *   (daphne/server.py installs `asyncioreactor`); Twisted parses HTTP (`twisted.web.http`).
 *
 * Worker counts: worker-counts.ts (Hypercorn one per core, Daphne one process).
 *
 * Neither reads the app folder from an option, so the command starts with
 * `env PYTHONPATH=<apps>`; `env` execs, so the PID stays the server's.
 */
import type { ModelSpec, ProbeResult, ServerParams } from './models.ts';
import { countAdvisedWorkers } from './worker-counts.ts';

function findMissingModules(probe: ProbeResult, modules: readonly string[]): string | null {
  const missing = modules.filter((m) => !probe.modules[m]);
  return missing.length ? `missing Python module(s): ${missing.join(', ')}` : null;
}

const withAppPath = (p: ServerParams): string[] => ['/usr/bin/env', `PYTHONPATH=${p.appDir}`];

export const HYPERCORN: ModelSpec = {
  id: 'hypercorn',
  appInterface: 'asgi',
  usesThreads: false,
  workerAdvice: 'one-per-core',
  defaultWorkers: (cpus) => countAdvisedWorkers('one-per-core', cpus),
  defaultThreads: () => 1,
  findMissing: (probe) => findMissingModules(probe, ['hypercorn', 'uvloop']),
  buildArgs: (p) => [
    ...withAppPath(p),
    p.python,
    '-m',
    'hypercorn',
    '--bind',
    `127.0.0.1:${p.port}`,
    '--workers',
    String(p.workers),
    '--worker-class',
    'uvloop',
    // Hypercorn writes no access log unless asked; warnings and errors still reach the log.
    '--log-level',
    'warning',
    p.app ?? 'asgi_app:app',
  ],
};

export const DAPHNE: ModelSpec = {
  id: 'daphne',
  appInterface: 'asgi',
  usesThreads: false,
  workerAdvice: 'one-process',
  maxWorkers: 1,
  defaultWorkers: (cpus) => countAdvisedWorkers('one-process', cpus),
  defaultThreads: () => 1,
  findMissing: (probe) => findMissingModules(probe, ['daphne']),
  buildArgs: (p) => {
    if (p.workers !== 1)
      throw new Error(`daphne runs one process (it has no workers option); asked for ${p.workers}`);
    return [
      ...withAppPath(p),
      p.python,
      '-m',
      'daphne',
      '--bind',
      '127.0.0.1',
      '--port',
      String(p.port),
      '-v',
      '0',
      p.app ?? 'asgi_app:app',
    ];
  },
};
