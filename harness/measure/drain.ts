/** Waiting until the server has worked off the requests wrk abandoned at the end of a run. */
import { sleep } from '../system/processes.ts';

/**
 * Wait until a fresh request is answered. When wrk stops, it abandons its in-flight requests,
 * but a server that queues them (a busy sync worker's accept backlog, an event loop blocked by
 * `time.sleep`) still works them off: 128 queued 50 ms requests keep one sync worker busy for
 * 6.4 s. Measuring right away would charge that backlog to the next window (we saw zero
 * throughput). A request sent now queues behind the backlog, so its answer means it is gone.
 */
export async function waitForDrain(
  port: number,
  limitMs: number,
  isAlive: () => boolean = () => true,
): Promise<number> {
  const started = Date.now();
  // A server that has exited (an outcome under a memory limit) has nothing left to work off.
  while (Date.now() - started < limitMs && isAlive()) {
    try {
      const left = limitMs - (Date.now() - started);
      const response = await fetch(`http://127.0.0.1:${port}/hello`, {
        signal: AbortSignal.timeout(Math.max(1, left)),
        headers: { connection: 'close' },
      });
      await response.arrayBuffer();
      break;
    } catch {
      await sleep(50); // refused or reset while the backlog is full: ask again
    }
  }
  return Date.now() - started;
}
