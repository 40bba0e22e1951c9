/**
 * The runnable demos: Python source in `src/demos/<id>.py` (runnable under CPython too, with
 * the runner's `timeline` helper from `src/pyodide/` on the path), and the words the page
 * shows around it.
 */
const sources = import.meta.glob<string>('./*.py', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** What `<PythonDemo>` shows besides the code. */
export interface DemoInfo {
  title: string;
  /** One or two sentences above the code: what to run and what to look for. */
  intro: string;
}

export const demos = {
  'ten-requests': {
    title: 'Ten requests, one loop',
    intro:
      'Ten requests that each wait 0.1 s on I/O, first one after another, then with asyncio.gather. ' +
      'In the timeline the first ten bars form a staircase; the last ten stand side by side.',
  },
  'blocking-sleep': {
    title: 'A blocking call inside async def',
    intro:
      'A heartbeat task should tick every 10 ms. The handler first calls time.sleep(0.3), which holds ' +
      'the thread, then await asyncio.sleep(0.3), which hands it back to the loop. Watch the ticks.',
  },
  'cpu-starves-loop': {
    title: 'CPU-bound work on the event loop',
    intro:
      'A heavy handler crunches numbers while four quick requests arrive. Without a yield they wait ' +
      'for it to finish; with await asyncio.sleep(0) between chunks they get through, but the heavy ' +
      'one is no faster. Threads and processes are not available in WebAssembly, so this page cannot ' +
      'show the real fix: servers run several worker processes, one event loop each.',
  },
  'greenlet-hub': {
    title: 'A greenlet hub from scratch',
    intro:
      'Generators stand in for greenlets: each yields when it would wait, and the hub runs whichever ' +
      'is ready. Monkey-patching arranges the same switch inside time.sleep and socket calls. One ' +
      'task that calls the real, unpatched time.sleep stalls them all.',
  },
  'worker-simulator': {
    title: 'A worker-model simulator',
    intro:
      'A discrete-event simulation of gunicorn sync, gthread, uvicorn and gevent under a closed-loop ' +
      'load (connections) or an open-loop one (an arrival rate): set the wait and the CPU work per ' +
      'request, the load, the workers and a database connection pool per process, and it predicts ' +
      'throughput and latency. Nothing is measured here; the model is in the comments.',
  },
} as const satisfies Record<string, DemoInfo>;

/**
 * A demo's code longer than this many lines starts collapsed: a reader comes for its controls
 * and results (the simulator's is over 600 lines), and a long block of highlighted code is most of a
 * page's markup for a reader who never opens it.
 */
export const collapseSourceLines = 100;

/** The id of a demo: its file name without `.py`. */
export type DemoId = keyof typeof demos;

/** The demo's source, file name and words; throws for an unknown id, so a typo fails the build. */
export function getDemo(id: string): DemoInfo & { id: string; filename: string; source: string } {
  const filename = `${id}.py`;
  const source = sources[`./${filename}`];
  if (!(id in demos) || source === undefined) {
    throw new Error(`No demo "${id}": expected one of ${Object.keys(demos).join(', ')}`);
  }
  return { ...demos[id as DemoId], id, filename, source };
}
