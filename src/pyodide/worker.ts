/// <reference lib="webworker" />
/**
 * The module worker's entry: wires the runtime to the worker global and nothing more, so
 * all behaviour lives in `runtime.ts`, where it is unit-tested.
 */
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

self.fetch = trackFetchProgress(
  self.fetch.bind(self),
  runtime.reportDownload,
  runtime.reportDownloadFailure,
);
self.onmessage = (event: MessageEvent<unknown>) => void runtime.handle(event.data);
