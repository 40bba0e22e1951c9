import { describe, expect, it } from 'vitest';
import { assertNever, isRequestMessage, toErrorInfo } from '../../../src/pyodide/protocol.ts';

describe('toErrorInfo', () => {
  class PythonError extends Error {
    override name = 'PythonError';
  }
  it.each([
    {
      thrown: new TypeError('Failed to fetch'),
      context: undefined,
      expected: { name: 'TypeError', message: 'Failed to fetch' },
    },
    {
      thrown: new PythonError('Traceback (most recent call last):\nValueError: x'),
      context: undefined,
      expected: {
        name: 'PythonError',
        message: 'Traceback (most recent call last):\nValueError: x',
      },
    },
    { thrown: 'a string', context: undefined, expected: { name: 'Error', message: 'a string' } },
    {
      thrown: 42,
      context: 'Could not load Python',
      expected: { name: 'Error', message: 'Could not load Python: 42' },
    },
  ])('flattens $thrown into a cloneable object', ({ thrown, context, expected }) => {
    const info = toErrorInfo(thrown, context);
    expect(info).toEqual(expected);
    expect(structuredClone(info)).toEqual(expected);
  });
});

describe('isRequestMessage', () => {
  it.each([
    {
      message: {
        type: 'request',
        id: 1,
        body: { kind: 'run', code: '', filename: 'a.py', params: {} },
      },
      ok: true,
    },
    { message: { type: 'request', id: 1, body: { kind: 'load' } }, ok: true },
    { message: { type: 'request', id: '1', body: { kind: 'run' } }, ok: false },
    { message: { type: 'request', id: 1, body: { kind: 'eval' } }, ok: false },
    { message: { type: 'request', id: 1, body: null }, ok: false },
    { message: { type: 'reply:ok', id: 1 }, ok: false },
    { message: null, ok: false },
    { message: 'request', ok: false },
  ])('$message → $ok', ({ message, ok }) => {
    expect(isRequestMessage(message)).toBe(ok);
  });
});

describe('assertNever', () => {
  it('throws with the unexpected value when a switch falls through at run time', () => {
    expect(() =>
      assertNever({ type: 'event:unknown' } as never),
    ).toThrowErrorMatchingInlineSnapshot(`[Error: Unexpected message: {"type":"event:unknown"}]`);
  });
});
