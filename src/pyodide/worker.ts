/// <reference lib="webworker" />
/**
 * The module worker's entry: wires the runtime to the worker global and nothing more, so
 * all behaviour lives in `runtime.ts`, where it is unit-tested.
 */
import { cacheFetch } from './cached-fetch.ts';
import { pyodideVersion } from './config.ts';
import { trackFetchProgress } from './fetch-progress.ts';
import { fetchSnapshot } from './fetch-snapshot.ts';
import { createRuntime, type LoadPyodide } from './runtime.ts';

const runtime = createRuntime({
  // A URL import keeps Pyodide out of the bundle; the build copies it next to its wasm.
  importPyodide: (url) => import(/* @vite-ignore */ url) as Promise<{ loadPyodide: LoadPyodide }>,
  // Through self.fetch, so the snapshot counts in the download progress too.
  fetchSnapshot: (url) => fetchSnapshot(self.fetch, url),
  post: (message) => self.postMessage(message),
  now: () => performance.now(),
});

// Only real downloads count as progress; files the Cache API holds are read, not downloaded.
self.fetch = cacheFetch(
  trackFetchProgress(self.fetch.bind(self), runtime.reportDownload, runtime.reportDownloadFailure),
  self.caches,
  () => runtime.indexURL,
  pyodideVersion,
);
self.onmessage = (event: MessageEvent<unknown>) => void runtime.handle(event.data);
