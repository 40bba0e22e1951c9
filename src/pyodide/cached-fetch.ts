/**
 * Keeps Pyodide's files in the Cache API once downloaded, so a restarted worker (Stop without
 * cross-origin isolation, Retry) or a later visit starts from what the browser holds instead
 * of downloading 12 MB again, whatever caching headers the host sends. The files live under a
 * versioned folder (`config.ts`), so a cache is named after it and older ones are deleted.
 */

/** The part of `CacheStorage` used here; tests pass a fake. */
export interface CacheStorageLike {
  open(name: string): Promise<{
    match(request: string): Promise<Response | undefined>;
    put(request: string, response: Response): Promise<void>;
  }>;
  keys(): Promise<string[]>;
  delete(name: string): Promise<boolean>;
}

/** Prefix of every cache this module makes; the rest is the Pyodide version. */
export const CACHE_PREFIX = 'worker-models-pyodide-';

/**
 * Wraps `fetchImpl`: GET requests for URLs under `folderURL` are answered from the cache named
 * `${CACHE_PREFIX}${version}` when it holds them, and stored there after a successful download.
 * Anything else, or any cache failure (private browsing, quota), goes to the network as before.
 */
export function cacheFetch(
  fetchImpl: typeof fetch,
  caches: CacheStorageLike | undefined,
  folderURL: () => string | null,
  version: string,
): typeof fetch {
  const name = `${CACHE_PREFIX}${version}`;
  let cleaned = false;
  const open = async () => {
    if (!caches) return null;
    if (!cleaned) {
      cleaned = true;
      const stale = (await caches.keys()).filter(
        (key) => key.startsWith(CACHE_PREFIX) && key !== name,
      );
      await Promise.all(stale.map((key) => caches.delete(key)));
    }
    return caches.open(name);
  };
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const folder = folderURL();
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    if (!folder || !url.startsWith(folder) || method !== 'GET') return fetchImpl(input, init);
    const cache = await open().catch(() => null);
    const hit = await cache?.match(url).catch(() => undefined);
    if (hit) return hit;
    const response = await fetchImpl(input, init);
    if (cache && response.ok && response.status === 200) {
      await cache.put(url, response.clone()).catch(() => undefined);
    }
    return response;
  };
}
