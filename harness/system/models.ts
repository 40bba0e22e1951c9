/**
 * The server process models and the exact command line of each.
 *
 * Default worker counts follow each project's own advice for the server's CPU count:
 * - gunicorn (all worker classes): "(2 x $num_cores) + 1" — gunicorn docs, design
 *   "How Many Workers?" (https://gunicorn.org/design/#how-many-workers).
 * - gunicorn `threads`: "generally in the 2-4 x $(NUM_CORES) range" — gunicorn settings,
 *   `threads`. We take 4 x cores, the top of the range, because two of the three sweep
 *   endpoints spend their time waiting rather than computing.
 * - gunicorn gevent `worker_connections`: gunicorn's default, 1000.
 * - uvicorn `--workers`: uvicorn gives no formula (its default is $WEB_CONCURRENCY or 1,
 *   https://www.uvicorn.org/settings/); one event loop per core is the usual reading of its
 *   deployment docs, so cores.
 * - gunicorn with ASGI workers (uvicorn worker, native `asgi`): gunicorn's 2 x cores + 1.
 */
import type { ModelId } from '../../src/bench/schema.ts';

/** What the probe (apps/probe.py) found in the target Python. */
export interface ProbeResult {
  python: { executable: string; version: string; implementation: string };
  modules: Record<string, boolean>;
  packages: Record<string, string | null>;
  workers: { gunicornAsgi: boolean; uvicornWorkerClass: string | null };
  loopsPerMs: number | null;
}

/** Everything needed to build one server command. */
export interface ServerParams {
  python: string;
  appDir: string;
  port: number;
  workers: number;
  threads: number;
  probe: ProbeResult;
  /**
   * The app's entry point (`module:attribute`, e.g. `flask_app:app`); unset, the plain
   * `wsgi_app:app` or `asgi_app:app` of the model's interface.
   */
  app?: string | undefined;
}

/** One process model. */
export interface ModelSpec {
  id: ModelId;
  /** Which app it serves. */
  appInterface: 'wsgi' | 'asgi';
  /** Whether `threads` means anything for it. */
  usesThreads: boolean;
  /**
   * Set on a variant of another model (same server, other options): only the scenarios that
   * compare variants record it, so the general sweeps keep one line per model.
   */
  variantOf?: ModelId;
  defaultWorkers(serverCpuCount: number): number;
  defaultThreads(serverCpuCount: number): number;
  /** Why the model cannot run on this target, or null when it can. */
  findMissing(probe: ProbeResult): string | null;
  buildArgs(params: ServerParams): string[];
}

const gunicornWorkers = (cpus: number): number => 2 * cpus + 1;

function buildGunicornArgs(
  p: ServerParams,
  workerClass: string,
  app: string,
  extra: string[] = [],
): string[] {
  return [
    p.python,
    '-m',
    'gunicorn',
    '--bind',
    `127.0.0.1:${p.port}`,
    '--workers',
    String(p.workers),
    '--worker-class',
    workerClass,
    ...extra,
    '--chdir',
    p.appDir,
    // Access logging is off by default in gunicorn; errors still reach the log file.
    '--log-level',
    'warning',
    p.app ?? app,
  ];
}

function buildUvicornArgs(p: ServerParams, extra: string[] = []): string[] {
  return [
    p.python,
    '-m',
    'uvicorn',
    '--host',
    '127.0.0.1',
    '--port',
    String(p.port),
    '--workers',
    String(p.workers),
    ...extra,
    '--app-dir',
    p.appDir,
    '--no-access-log',
    '--log-level',
    'warning',
    p.app ?? 'asgi_app:app',
  ];
}

function requireModules(probe: ProbeResult, modules: string[]): string | null {
  const missing = modules.filter((m) => !probe.modules[m]);
  return missing.length ? `missing Python module(s): ${missing.join(', ')}` : null;
}

const UVICORN: ModelSpec = {
  id: 'uvicorn',
  appInterface: 'asgi',
  usesThreads: false,
  defaultWorkers: (cpus) => cpus,
  defaultThreads: () => 1,
  findMissing: (probe) => requireModules(probe, ['uvicorn']),
  // `--loop auto --http auto` (the defaults): uvloop and httptools when importable.
  buildArgs: (p) => buildUvicornArgs(p),
};

export const MODELS: readonly ModelSpec[] = [
  {
    id: 'gunicorn-sync',
    appInterface: 'wsgi',
    usesThreads: false,
    defaultWorkers: gunicornWorkers,
    defaultThreads: () => 1,
    findMissing: (probe) => requireModules(probe, ['gunicorn']),
    buildArgs: (p) => buildGunicornArgs(p, 'sync', 'wsgi_app:app'),
  },
  {
    id: 'gunicorn-gthread',
    appInterface: 'wsgi',
    usesThreads: true,
    defaultWorkers: gunicornWorkers,
    defaultThreads: (cpus) => 4 * cpus,
    findMissing: (probe) => requireModules(probe, ['gunicorn']),
    buildArgs: (p) =>
      buildGunicornArgs(p, 'gthread', 'wsgi_app:app', ['--threads', String(p.threads)]),
  },
  {
    id: 'gunicorn-gevent',
    appInterface: 'wsgi',
    usesThreads: false,
    defaultWorkers: gunicornWorkers,
    defaultThreads: () => 1,
    findMissing: (probe) => requireModules(probe, ['gunicorn', 'gevent']),
    buildArgs: (p) =>
      buildGunicornArgs(p, 'gevent', 'wsgi_app:app', ['--worker-connections', '1000']),
  },
  UVICORN,
  {
    // A variant shares everything with uvicorn but its options, so the two cannot drift apart.
    ...UVICORN,
    id: 'uvicorn-asyncio-h11',
    variantOf: 'uvicorn',
    // What `pip install uvicorn` without the `standard` extra runs: the standard asyncio loop
    // and the pure-Python h11 parser.
    buildArgs: (p) => buildUvicornArgs(p, ['--loop', 'asyncio', '--http', 'h11']),
  },
  {
    id: 'gunicorn-uvicorn-worker',
    appInterface: 'asgi',
    usesThreads: false,
    defaultWorkers: gunicornWorkers,
    defaultThreads: () => 1,
    findMissing: (probe) =>
      requireModules(probe, ['gunicorn', 'uvicorn']) ??
      (probe.workers.uvicornWorkerClass
        ? null
        : 'neither uvicorn_worker (package uvicorn-worker) nor uvicorn.workers is importable'),
    // uvicorn 0.30 deprecated uvicorn.workers for the separate uvicorn-worker package; the probe
    // prefers the package and falls back to the deprecated module (Debian sid ships only that).
    buildArgs: (p) =>
      buildGunicornArgs(
        p,
        p.probe.workers.uvicornWorkerClass ?? 'uvicorn.workers.UvicornWorker',
        'asgi_app:app',
      ),
  },
  {
    id: 'gunicorn-asgi',
    appInterface: 'asgi',
    usesThreads: false,
    defaultWorkers: gunicornWorkers,
    defaultThreads: () => 1,
    findMissing: (probe) =>
      requireModules(probe, ['gunicorn']) ??
      (probe.workers.gunicornAsgi
        ? null
        : `gunicorn ${probe.packages['gunicorn'] ?? '?'} has no native asgi worker (added in 24.0)`),
    buildArgs: (p) => buildGunicornArgs(p, 'asgi', 'asgi_app:app'),
  },
];

export function findModel(id: string): ModelSpec {
  const model = MODELS.find((m) => m.id === id);
  if (!model)
    throw new Error(
      `unknown model ${JSON.stringify(id)}; known: ${MODELS.map((m) => m.id).join(', ')}`,
    );
  return model;
}
