/**
 * A model's command for another app than the plain one (its entry point goes to the model's
 * ServerParams.app), and with server options beyond workers and threads (preload, gc.freeze
 * before fork, max requests), which go in front of the app that ends every model's command. A
 * combination a server cannot do is an error, never a silently different command.
 */
import type { AppId, ModelId, ServerOptions } from '../../src/bench/schema.ts';
import type { ModelSpec } from './models.ts';

/** The entry point of each app for each interface (harness/apps); null: it has none. */
export const APP_ENTRIES: Record<AppId, { wsgi: string | null; asgi: string | null }> = {
  plain: { wsgi: 'wsgi_app:app', asgi: 'asgi_app:app' },
  'plain-leak': { wsgi: 'leak_wsgi:app', asgi: 'leak_asgi:app' },
  flask: { wsgi: 'nodb_flask:app', asgi: null },
  django: { wsgi: 'nodb_django_wsgi:application', asgi: 'nodb_django_asgi:application' },
  fastapi: { wsgi: null, asgi: 'nodb_fastapi:app' },
};

/** The gunicorn config file of `gcFreeze`, in the apps folder. */
export const GC_FREEZE_CONFIG = 'gc_freeze_conf.py';

/** Every option at the server's own default. */
export const DEFAULT_SERVER_OPTIONS: ServerOptions = {
  preload: false,
  gcFreeze: false,
  maxRequests: 0,
  maxRequestsJitter: 0,
};

type Family = 'gunicorn' | 'uvicorn' | 'hypercorn' | 'daphne';

function findFamily(model: ModelId): Family {
  if (model.startsWith('gunicorn')) return 'gunicorn';
  if (model.startsWith('uvicorn')) return 'uvicorn';
  return model === 'hypercorn' ? 'hypercorn' : 'daphne';
}

/**
 * The command-line options for `options`, or why the model cannot take them: uvicorn and
 * Hypercorn spawn their workers (nothing is preloaded or frozen in a parent), Daphne has no
 * worker to restart.
 */
export function toOptionArgs(
  model: ModelId,
  options: ServerOptions,
  appDir: string,
): string[] | string {
  const family = findFamily(model);
  const args: string[] = [];
  if (options.gcFreeze && !options.preload)
    return 'gcFreeze freezes the preloaded app before the fork: it needs preload';
  if (options.preload || options.gcFreeze) {
    if (family !== 'gunicorn')
      return `${model} spawns its workers (or runs one process): there is no parent to preload into`;
    args.push('--preload');
    if (options.gcFreeze) args.push('--config', `${appDir}/${GC_FREEZE_CONFIG}`);
  }
  if (options.maxRequestsJitter > 0 && options.maxRequests === 0)
    return 'maxRequestsJitter without maxRequests does nothing';
  if (options.maxRequests > 0) {
    const [limit, jitter] = {
      gunicorn: ['--max-requests', '--max-requests-jitter'],
      uvicorn: ['--limit-max-requests', '--limit-max-requests-jitter'],
      hypercorn: ['--max-requests', '--max-requests-jitter'],
      daphne: [null, null],
    }[family];
    if (!limit || !jitter) return `${model} has no max-requests setting`;
    // Hypercorn 0.17's __main__.py sets `config.max_requests_jitter = args.max_requests`: its
    // --max-requests-jitter switches the jitter on but takes the --max-requests value as it.
    if (
      family === 'hypercorn' &&
      options.maxRequestsJitter > 0 &&
      options.maxRequestsJitter !== options.maxRequests
    )
      return (
        `hypercorn's --max-requests-jitter uses the --max-requests value (${options.maxRequests}) ` +
        `as the jitter, not ${options.maxRequestsJitter}: set maxRequestsJitter to 0 or to maxRequests`
      );
    args.push(limit, String(options.maxRequests));
    if (options.maxRequestsJitter > 0) args.push(jitter, String(options.maxRequestsJitter));
  }
  return args;
}

/**
 * The entry point (`module:attribute`) of `app` for a model's interface, for ServerParams.app;
 * throws when the app has none for it (Flask has no ASGI entry point, FastAPI no WSGI one).
 */
export function findAppEntry(app: AppId, appInterface: 'wsgi' | 'asgi'): string {
  const entry = APP_ENTRIES[app][appInterface];
  if (!entry) throw new Error(`the ${app} app has no ${appInterface} entry point`);
  return entry;
}

/**
 * `args` (a model's command, which ends with its app) with `options` put in front of the app;
 * throws with the reason when the model cannot take them.
 */
export function applyServerOptions(
  model: ModelSpec,
  args: readonly string[],
  choices: { options?: ServerOptions | undefined; appDir: string },
): string[] {
  if (!choices.options) return [...args];
  const optionArgs = toOptionArgs(model.id, choices.options, choices.appDir);
  if (typeof optionArgs === 'string') throw new Error(optionArgs);
  return [...args.slice(0, -1), ...optionArgs, ...args.slice(-1)];
}
