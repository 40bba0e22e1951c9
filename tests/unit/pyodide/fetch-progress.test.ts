import { describe, expect, it } from 'vitest';
import { trackFetchProgress } from '../../../src/pyodide/fetch-progress.ts';

/** A `fetch` that answers every URL with `chunks`, optionally without a Content-Length. */
function fakeFetch(chunks: number[], { length = true, status = 200 } = {}): typeof fetch {
  return async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const size of chunks) controller.enqueue(new Uint8Array(size));
        controller.close();
      },
    });
    const total = chunks.reduce((sum, size) => sum + size, 0);
    const headers = new Headers({ 'content-type': 'application/wasm' });
    if (length) headers.set('content-length', String(total));
    return new Response(body, { status, headers });
  };
}

describe('trackFetchProgress', () => {
  it.each([
    { name: 'with Content-Length', chunks: [3, 4], length: true, total: 7 },
    { name: 'without Content-Length', chunks: [5], length: false, total: null },
  ])('counts bytes as the body streams, $name', async ({ chunks, length, total }) => {
    const reports: [number, number | null, boolean][] = [];
    const tracked = trackFetchProgress(
      fakeFetch(chunks, { length }),
      (...report) => void reports.push(report),
    );
    const response = await tracked('https://site.test/pyodide.asm.wasm');
    expect((await response.arrayBuffer()).byteLength).toBe(chunks.reduce((a, b) => a + b, 0));
    expect(response.headers.get('content-type')).toBe('application/wasm');
    expect(reports.at(-1)).toEqual([chunks.reduce((a, b) => a + b, 0), total, true]);
    expect(reports.slice(0, -1).every(([, , done]) => !done)).toBe(true);
  });

  it('sums two downloads and is done only when both are', async () => {
    const reports: [number, number | null, boolean][] = [];
    const tracked = trackFetchProgress(fakeFetch([10]), (...report) => void reports.push(report));
    const [a, b] = await Promise.all([tracked('a'), tracked('b')]);
    await a.arrayBuffer();
    expect(reports.at(-1)).toEqual([10, 20, false]);
    await b.arrayBuffer();
    expect(reports.at(-1)).toEqual([20, 20, true]);
  });

  it('passes a failed response through, reporting it as a failure', async () => {
    const reports: unknown[] = [];
    const failures: [string, string][] = [];
    const tracked = trackFetchProgress(
      fakeFetch([1], { status: 404 }),
      (...report) => void reports.push(report),
      (...failure) => void failures.push(failure),
    );
    const response = await tracked('https://site.test/missing.zip');
    expect(response.status).toBe(404);
    expect(reports).toEqual([]);
    expect(failures).toEqual([['https://site.test/missing.zip', 'HTTP 404']]);
  });

  it('reports a network error as a failure and still rejects', async () => {
    const failures: [string, string][] = [];
    const broken: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    const tracked = trackFetchProgress(
      broken,
      () => undefined,
      (...failure) => void failures.push(failure),
    );
    await expect(tracked('https://site.test/pyodide.asm.wasm')).rejects.toThrow('Failed to fetch');
    expect(failures).toEqual([['https://site.test/pyodide.asm.wasm', 'Failed to fetch']]);
  });
});
