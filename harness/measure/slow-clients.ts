/**
 * Slow clients (the Slowloris pattern): connections that send a request line and then one
 * header every few seconds, never finishing, so a server that reads requests in its workers
 * keeps a worker busy per connection. Loopback only, and bounded: `stop()` closes them all,
 * and every socket is destroyed after `maxLifetimeMs` even if stop is never called.
 */
import { connect, type Socket } from 'node:net';

export interface SlowClients {
  /** Connections currently open. */
  countOpen(): number;
  /** Times the server closed a slow connection and it was reopened. */
  countReconnects(): number;
  stop(): void;
}

export interface SlowClientOptions {
  port: number;
  count: number;
  /** Interval between header lines; below gunicorn's 30 s worker timeout and keep-alive limits. */
  trickleMs?: number;
  maxLifetimeMs?: number;
}

export function startSlowClients(options: SlowClientOptions): SlowClients {
  const trickleMs = options.trickleMs ?? 2000;
  const sockets = new Set<Socket>();
  let reconnects = 0;
  let stopped = false;

  const open = (): void => {
    if (stopped) return;
    const socket = connect({ host: '127.0.0.1', port: options.port });
    sockets.add(socket);
    let timer: NodeJS.Timeout | undefined;
    socket.setNoDelay(true);
    socket.on('connect', () => {
      socket.write('GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      let n = 0;
      timer = setInterval(() => socket.write(`X-Slow-${n++}: 1\r\n`), trickleMs);
    });
    socket.on('data', () => {}); // a server may answer 400/408; keep reading so it can close
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      sockets.delete(socket);
      if (!stopped) {
        reconnects += 1;
        // Small delay so a server that refuses outright does not become a busy loop.
        setTimeout(open, 50);
      }
    });
  };

  for (let i = 0; i < options.count; i++) open();
  const lifetime = setTimeout(() => stop(), options.maxLifetimeMs ?? 120_000);

  function stop(): void {
    stopped = true;
    clearTimeout(lifetime);
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  }

  return {
    countOpen: () => [...sockets].filter((s) => !s.connecting && !s.destroyed).length,
    countReconnects: () => reconnects,
    stop,
  };
}
