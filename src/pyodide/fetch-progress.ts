/** Called with the bytes received so far over all tracked downloads. */
export type ProgressListener = (loaded: number, total: number | null, done: boolean) => void;

/** Called when a download fails outright: a network error or an HTTP error status. */
export type FailureListener = (url: string, reason: string) => void;

/**
 * Wraps `fetch` so every response body is counted as it streams in. Pyodide has no progress
 * callback of its own, but it downloads its wasm and standard library with the global
 * `fetch`, so the worker swaps this in before loading it. `total` is `null` while any
 * response lacks a `Content-Length` (e.g. when the server compresses on the fly).
 * Failures are reported too, because Pyodide can hang rather than reject when its wasm
 * does not arrive.
 */
export function trackFetchProgress(
  fetchImpl: typeof fetch,
  onProgress: ProgressListener,
  onFailure: FailureListener = () => undefined,
): typeof fetch {
  let loaded = 0;
  let total: number | null = 0;
  let open = 0;

  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    let response: Response;
    try {
      response = await fetchImpl(input, init);
    } catch (error) {
      onFailure(url, error instanceof Error ? error.message : String(error));
      throw error;
    }
    if (!response.ok) onFailure(url, `HTTP ${response.status}`);
    if (!response.body || !response.ok) return response;
    const length = Number(response.headers.get('content-length'));
    total = total !== null && length > 0 ? total + length : null;
    open++;
    const reader = response.body.getReader();
    // highWaterMark 0: read only when the consumer asks, so the counts follow real progress.
    const counted = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) {
            open--;
            onProgress(loaded, total, open === 0);
            controller.close();
            return;
          }
          loaded += value.byteLength;
          onProgress(loaded, total, false);
          controller.enqueue(value);
        },
        cancel(reason) {
          open--;
          return reader.cancel(reason);
        },
      },
      { highWaterMark: 0 },
    );
    // Keep status and headers: WebAssembly.instantiateStreaming checks the content type.
    return new Response(counted, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
