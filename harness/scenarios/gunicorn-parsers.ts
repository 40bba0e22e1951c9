/**
 * Gunicorn's two HTTP/1 parsers on hello: the gunicorn_h1c C extension that `--http-parser auto`
 * (the default since 25.0.0) picks when it is installed, as Debian's python3-gunicorn-h1c is in
 * the sid root, against the pure-Python parser (`--http-parser python`), for every worker class
 * whose requests gunicorn parses itself. Uvicorn's worker class parses with httptools or h11,
 * so it is not here (uvicorn-loops compares those).
 */
import {
  CPU_BOUND_WINDOW_S,
  withDefaults,
  type PointSpec,
  type ScenarioContext,
  type ScenarioDefinition,
} from './scenario.ts';

/** One connection (the parse shows in latency) and two loads that fill the server CPU. */
const LEVELS = [1, 16, 64];
const PARSED_BY_GUNICORN = [
  'gunicorn-sync',
  'gunicorn-gthread',
  'gunicorn-gevent',
  'gunicorn-asgi',
];

function buildParsers(ctx: ScenarioContext): PointSpec[] {
  return ctx.models
    .filter((m) => PARSED_BY_GUNICORN.includes(m.variantOf ?? m.id))
    .filter((m) => !m.variantOf || m.id.endsWith('-python-parser'))
    .flatMap((model) =>
      LEVELS.map((concurrency) => withDefaults(model, ctx, { endpoint: 'hello', concurrency })),
    );
}

export const scenario: ScenarioDefinition = {
  id: 'gunicorn-parsers',
  description: `gunicorn sync, gthread, gevent and asgi, each at the worker count its documentation advises, on hello at ${LEVELS.join(', ')} connections, twice: with the default --http-parser auto, which picks the gunicorn_h1c C extension when it is installed, and with --http-parser python, the pure-Python parser every gunicorn before 25.0 ran. Each server's runtime.httpParser says which parser answered, read from the running worker. CPU-bound, so measured in ${CPU_BOUND_WINDOW_S} s windows.`,
  settings: { durationS: CPU_BOUND_WINDOW_S },
  build: buildParsers,
};
