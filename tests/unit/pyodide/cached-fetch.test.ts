import { describe, expect, it } from 'vitest';
import {
  CACHE_PREFIX,
  cacheFetch,
  type CacheStorageLike,
} from '../../../src/pyodide/cached-fetch.ts';

const folder = 'https://example.org/pyodide/v1/';

/** An in-memory CacheStorage, with the names of the caches it holds. */
function makeCaches(
  names: string[] = [],
): CacheStorageLike & { stores: Map<string, Map<string, Response>> } {
  const stores = new Map(names.map((name) => [name, new Map<string, Response>()]));
  return {
    stores,
    async open(name) {
      const store = stores.get(name) ?? new Map<string, Response>();
      stores.set(name, store);
      return {
        match: async (url) => store.get(url)?.clone(),
        put: async (url, response) => void store.set(url, response),
      };
    },
    keys: async () => [...stores.keys()],
    delete: async (name) => stores.delete(name),
  };
}

/** A network that answers every URL with its name, or 404 for `missing`, and counts calls. */
function makeNetwork() {
  const calls: string[] = [];
  const fetchImpl = (async (input: RequestInfo | URL) => {
    const url = String(input);
    calls.push(url);
    return url.endsWith('missing') ? new Response('no', { status: 404 }) : new Response(url);
  }) as typeof fetch;
  return { calls, fetchImpl };
}

describe('cacheFetch', () => {
  it('downloads a file of the folder once; a new worker reads it from the cache', async () => {
    const caches = makeCaches();
    const network = makeNetwork();
    for (let worker = 0; worker < 2; worker++) {
      const cached = cacheFetch(network.fetchImpl, caches, () => folder, '1');
      expect(await (await cached(`${folder}pyodide.asm.wasm`)).text()).toBe(
        `${folder}pyodide.asm.wasm`,
      );
    }
    expect(network.calls).toEqual([`${folder}pyodide.asm.wasm`]);
  });

  it.each([
    ['a file outside the folder', 'https://example.org/other.json', () => folder],
    ['a failed download', `${folder}missing`, () => folder],
    ['a request before the folder is known', `${folder}pyodide.asm.wasm`, () => null],
  ])('goes to the network every time for %s', async (_, url, folderURL) => {
    const network = makeNetwork();
    const cached = cacheFetch(network.fetchImpl, makeCaches(), folderURL, '1');
    await cached(url);
    await cached(url);
    expect(network.calls).toEqual([url, url]);
  });

  it('works without the Cache API, and deletes the caches of other versions', async () => {
    const network = makeNetwork();
    await cacheFetch(network.fetchImpl, undefined, () => folder, '2')(`${folder}a`);
    const caches = makeCaches([`${CACHE_PREFIX}1`, 'someone-else']);
    await cacheFetch(network.fetchImpl, caches, () => folder, '2')(`${folder}a`);
    expect([...caches.stores.keys()].sort()).toEqual(['someone-else', `${CACHE_PREFIX}2`]);
  });
});
