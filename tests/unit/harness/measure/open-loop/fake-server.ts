/** An in-process HTTP server for the open-loop tests: answers, stalls, fails or closes on cue. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** How the fake server treats one request that arrived at `arrivedMs` (performance.now()). */
export interface FakeBehaviour {
  /** Answer no earlier than this (performance.now() ms); Infinity never answers. */
  answerAtMs?: (arrivedMs: number) => number;
  status?: number;
  /** Send `Connection: close` and close after each answer, like gunicorn's sync worker. */
  closeEachConnection?: boolean;
}

/** A running fake server; `close` also destroys the connections it holds. */
export interface FakeServer {
  url: (path?: string) => string;
  /** Arrival times of the requests it received, in order. */
  arrivals: number[];
  close: () => Promise<void>;
}

/**
 * Call `fn` once performance.now() has reached `atMs`. Node timers run on libuv's cached
 * millisecond clock and can fire a little early by performance.now(), so re-check and wait again.
 */
function runAt(atMs: number, fn: () => void): void {
  const left = atMs - performance.now();
  if (left <= 0) fn();
  else if (left < 1) setImmediate(() => runAt(atMs, fn));
  else setTimeout(() => runAt(atMs, fn), Math.floor(left));
}

/** Start a fake server on 127.0.0.1 and a free port. */
export async function startFakeServer(behaviour: FakeBehaviour = {}): Promise<FakeServer> {
  const arrivals: number[] = [];
  const sockets = new Set<Socket>();
  const answer = (request: IncomingMessage, response: ServerResponse): void => {
    const arrivedMs = performance.now();
    arrivals.push(arrivedMs);
    request.resume();
    const at = behaviour.answerAtMs?.(arrivedMs) ?? arrivedMs;
    if (at === Number.POSITIVE_INFINITY) return;
    runAt(at, () => {
      if (behaviour.closeEachConnection) response.setHeader('connection', 'close');
      response.writeHead(behaviour.status ?? 200, { 'content-type': 'text/plain' });
      response.end('ok');
    });
  };
  const server = createServer({ keepAliveTimeout: 5000 }, answer);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    arrivals,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
