import type { ErrorInfo } from '../../pyodide/protocol.ts';

/** What the page says when Python cannot load: what happened, in words, and the detail. */
export interface LoadFailureText {
  /** One sentence a reader can act on. */
  summary: string;
  /** The error as the browser or the runner gave it (file names, URLs), for the curious. */
  detail: string;
}

/**
 * Turns a load error into words. The runner reports a file that did not download as
 * "`<file>` did not download (`<reason>`)", and the browser a module it could not import with
 * its whole URL; both say more to a reader as "a file did not arrive, check the connection".
 */
export function describeLoadFailure(error: ErrorInfo): LoadFailureText {
  const detail = error.message;
  const file = /([\w.-]+\.(?:wasm|zip|json|m?js|bin)) did not download \(([^)]*)\)/.exec(detail);
  if (file) {
    const status = /HTTP (\d+)/.exec(file[2] ?? '')?.[1];
    const why = status ? `the server answered ${status}` : 'the connection failed';
    return {
      summary: `Python could not be loaded: one of its files (${file[1]}) did not arrive, ${why}.`,
      detail,
    };
  }
  if (
    /dynamically imported module|Importing a module script failed|error loading dynamically/i.test(
      detail,
    )
  ) {
    return { summary: 'Python could not be loaded: its loader script did not arrive.', detail };
  }
  if (error.name === 'WorkerError') {
    return {
      summary: 'Python could not be started: the page could not start its background worker.',
      detail,
    };
  }
  return { summary: 'Python could not be loaded.', detail };
}
