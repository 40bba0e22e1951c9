/**
 * The server process models and the exact command line of each. Default worker and thread
 * counts follow each project's own advice for the server's CPU count: see worker-counts.ts for
 * the sentences and where they come from. Option variants (a pure-Python parser, per-worker
 * sockets) spread their base model and change only their id and arguments
 * (src/bench/model-family.ts says which option each changes).
 */
import { MODEL_VARIANTS } from '../../src/bench/model-family.ts';
import type { ModelId } from '../../src/bench/schema.ts';
import { countAdvisedWorkers, countGthreadThreads, type WorkerAdvice } from './worker-counts.ts';

/** What the probe (apps/probe.py) found in the target Python. */
export interface ProbeResult {
  python: { executable: string; version: string; implementation: string };
  modules: Record<string, boolean>;
  packages: Record<string, string | null>;
  workers: {
    gunicornAsgi: boolean;
    uvicornWorkerClass: string | null;
    /** Whether gunicorn has the `http_parser` setting (25.0+); absent from older probes. */
    gunicornHttpParser?: boolean;
  };
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
  /** Whose advice its default worker count follows (worker-counts.ts). */
  workerAdvice: WorkerAdvice;
  defaultWorkers(serverCpuCount: number): number;
  defaultThreads(serverCpuCount: number): number;
  /** Why the model cannot run on this target, or null when it can. */
  findMissing(probe: ProbeResult): string | null;
  buildArgs(params: ServerParams): string[];
}

const gunicornWorkers = (cpus: number): number => countAdvisedWorkers('gunicorn-2n+1', cpus);
const onePerCore = (cpus: number): number => countAdvisedWorkers('one-per-core', cpus);

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

function findGunicornMajor(probe: ProbeResult): number {
  return Number((probe.packages['gunicorn'] ?? '0').split('.')[0]) || 0;
}

/**
 * A variant of a gunicorn model: the same command with `option` before the app, and a check
 * that the target's gunicorn has it. Spreading the base keeps the two from drifting apart.
 */
function makeGunicornVariant(
  base: ModelSpec,
  id: ModelId,
  option: string[],
  findMissingOption: (probe: ProbeResult) => string | null,
): ModelSpec {
  if (MODEL_VARIANTS[id]?.of !== base.id)
    throw new Error(`${id} is not a variant of ${base.id} in src/bench/model-family.ts`);
  return {
    ...base,
    id,
    variantOf: base.id,
    findMissing: (probe) => base.findMissing(probe) ?? findMissingOption(probe),
    buildArgs: (p) => {
      const args = base.buildArgs(p);
      return [...args.slice(0, -1), ...option, ...args.slice(-1)];
    },
  };
}

/**
 * `--http-parser python`: gunicorn's pure-Python HTTP/1 parser instead of the gunicorn_h1c C
 * extension that `auto`, the default, picks when it is installed. In 26.2.2 the WSGI workers
 * choose in `gunicorn/http/message.py` (`_check_fast_parser`) and the asgi worker in
 * `gunicorn/asgi/protocol.py` (`_setup_callback_parser`); the setting arrived in 25.0.0.
 */
const withPythonParser = (base: ModelSpec, id: ModelId): ModelSpec =>
  makeGunicornVariant(base, id, ['--http-parser', 'python'], (probe) =>
    probe.workers.gunicornHttpParser
      ? null
      : `gunicorn ${probe.packages['gunicorn'] ?? '?'} has no http_parser setting (added in 25.0.0)`,
  );

/**
 * `--reuse-port`: since gunicorn 24.0 the arbiter then opens no socket and every worker binds
 * its own with SO_REUSEPORT after the fork (`spawn_worker` in `gunicorn/arbiter.py`), so the
 * kernel spreads new connections over the workers; before 24 it only set the flag on the one
 * shared socket.
 */
const withReusePort = (base: ModelSpec, id: ModelId): ModelSpec =>
  makeGunicornVariant(base, id, ['--reuse-port'], (probe) =>
    findGunicornMajor(probe) >= 24
      ? null
      : `gunicorn ${probe.packages['gunicorn'] ?? '?'} shares one socket with --reuse-port (a socket per worker since 24.0)`,
  );

const UVICORN: ModelSpec = {
  id: 'uvicorn',
  appInterface: 'asgi',
  usesThreads: false,
  workerAdvice: 'one-per-core',
  defaultWorkers: onePerCore,
  defaultThreads: () => 1,
  findMissing: (probe) => requireModules(probe, ['uvicorn']),
  // `--loop auto --http auto` (the defaults): uvloop and httptools when importable.
  buildArgs: (p) => buildUvicornArgs(p),
};

const SYNC: ModelSpec = {
  id: 'gunicorn-sync',
  appInterface: 'wsgi',
  usesThreads: false,
  workerAdvice: 'gunicorn-2n+1',
  defaultWorkers: gunicornWorkers,
  defaultThreads: () => 1,
  findMissing: (probe) => requireModules(probe, ['gunicorn']),
  buildArgs: (p) => buildGunicornArgs(p, 'sync', 'wsgi_app:app'),
};

const GTHREAD: ModelSpec = {
  id: 'gunicorn-gthread',
  appInterface: 'wsgi',
  usesThreads: true,
  workerAdvice: 'gunicorn-2n+1',
  defaultWorkers: gunicornWorkers,
  defaultThreads: countGthreadThreads,
  findMissing: (probe) => requireModules(probe, ['gunicorn']),
  buildArgs: (p) =>
    buildGunicornArgs(p, 'gthread', 'wsgi_app:app', ['--threads', String(p.threads)]),
};

const GEVENT: ModelSpec = {
  id: 'gunicorn-gevent',
  appInterface: 'wsgi',
  usesThreads: false,
  workerAdvice: 'gunicorn-2n+1',
  defaultWorkers: gunicornWorkers,
  defaultThreads: () => 1,
  findMissing: (probe) => requireModules(probe, ['gunicorn', 'gevent']),
  buildArgs: (p) =>
    buildGunicornArgs(p, 'gevent', 'wsgi_app:app', ['--worker-connections', '1000']),
};

const ASGI: ModelSpec = {
  id: 'gunicorn-asgi',
  appInterface: 'asgi',
  usesThreads: false,
  workerAdvice: 'one-per-core',
  defaultWorkers: onePerCore,
  defaultThreads: () => 1,
  findMissing: (probe) =>
    requireModules(probe, ['gunicorn']) ??
    (probe.workers.gunicornAsgi
      ? null
      : `gunicorn ${probe.packages['gunicorn'] ?? '?'} has no native asgi worker (added in 24.0)`),
  buildArgs: (p) => buildGunicornArgs(p, 'asgi', 'asgi_app:app'),
};

export const MODELS: readonly ModelSpec[] = [
  SYNC,
  GTHREAD,
  GEVENT,
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
    workerAdvice: 'one-per-core',
    defaultWorkers: onePerCore,
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
  ASGI,
  withPythonParser(SYNC, 'gunicorn-sync-python-parser'),
  withPythonParser(GTHREAD, 'gunicorn-gthread-python-parser'),
  withPythonParser(GEVENT, 'gunicorn-gevent-python-parser'),
  withPythonParser(ASGI, 'gunicorn-asgi-python-parser'),
  withReusePort(GTHREAD, 'gunicorn-gthread-reuse-port'),
  withReusePort(GEVENT, 'gunicorn-gevent-reuse-port'),
];

export function findModel(id: string): ModelSpec {
  const model = MODELS.find((m) => m.id === id);
  if (!model)
    throw new Error(
      `unknown model ${JSON.stringify(id)}; known: ${MODELS.map((m) => m.id).join(', ')}`,
    );
  return model;
}
