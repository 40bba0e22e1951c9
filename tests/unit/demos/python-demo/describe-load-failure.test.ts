import { describe, expect, it } from 'vitest';
import { describeLoadFailure } from '../../../../src/demos/python-demo/describe-load-failure.ts';

describe('describeLoadFailure', () => {
  it.each([
    {
      error: {
        name: 'Error',
        message: 'Could not load Python: pyodide.asm.wasm did not download (HTTP 404)',
      },
      summary:
        'Python could not be loaded: one of its files (pyodide.asm.wasm) did not arrive, the server answered 404.',
    },
    {
      error: {
        name: 'Error',
        message: 'Could not load Python: python_stdlib.zip did not download (Failed to fetch)',
      },
      summary:
        'Python could not be loaded: one of its files (python_stdlib.zip) did not arrive, the connection failed.',
    },
    {
      error: {
        name: 'TypeError',
        message:
          'Could not load Python: Failed to fetch dynamically imported module: https://example.org/worker-models/pyodide/v314.0.7/pyodide.mjs',
      },
      summary: 'Python could not be loaded: its loader script did not arrive.',
    },
    {
      error: { name: 'WorkerError', message: 'The Python worker failed to start.' },
      summary: 'Python could not be started: the page could not start its background worker.',
    },
    { error: { name: 'Error', message: 'something else' }, summary: 'Python could not be loaded.' },
  ])('says "$summary"', ({ error, summary }) => {
    expect(describeLoadFailure(error)).toEqual({ summary, detail: error.message });
  });
});
