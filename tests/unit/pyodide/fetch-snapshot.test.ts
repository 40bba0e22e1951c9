import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fetchSnapshot } from '../../../src/pyodide/fetch-snapshot.ts';

const answer =
  (body: BodyInit | null, status = 200): typeof fetch =>
  async () =>
    new Response(body, { status });

describe('fetchSnapshot', () => {
  it('un-gzips the snapshot as it downloads', async () => {
    const memory = new Uint8Array([0, 1, 2, 3, 250, 251, 252, 253]);
    const snapshot = await fetchSnapshot(
      answer(new Uint8Array(gzipSync(memory))),
      'snapshot-gz.bin',
    );
    expect(new Uint8Array(snapshot)).toEqual(memory);
  });

  it.each([
    { name: 'an HTTP error', fetchImpl: answer(null, 404), error: /answered HTTP 404/ },
    {
      name: 'data that is not gzip',
      fetchImpl: answer(new Uint8Array([1, 2, 3])),
      error: undefined,
    },
  ])('rejects on $name, so Python starts afresh', async ({ fetchImpl, error }) => {
    await expect(fetchSnapshot(fetchImpl, 'snapshot-gz.bin')).rejects.toThrow(error ?? Error);
  });
});
