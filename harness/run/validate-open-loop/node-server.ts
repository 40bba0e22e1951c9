/**
 * A minimal Node HTTP server, pinned to the server CPUs: faster per request than the Python
 * servers, so the generator's own ceiling can be approached before the server saturates.
 */
import { findFreePort } from '../../system/group.ts';
import { sleep, spawnTracked, stopGroup } from '../../system/processes.ts';

const SCRIPT = `
const http = require('node:http');
http.createServer({ keepAliveTimeout: 5000 }, (req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
  res.end('ok');
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

/** Start it on a free loopback port and wait until it answers (at most 10 s). */
export async function startNodeServer(
  cpus: readonly number[],
): Promise<{ pid: number; port: number; stop(): Promise<void> }> {
  const port = await findFreePort();
  const child = spawnTracked(['taskset', '-c', cpus.join(','), process.execPath, '-e', SCRIPT], {
    stdio: 'ignore',
    env: { PORT: String(port) },
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the Node HTTP server');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      await (await fetch(`http://127.0.0.1:${port}/`)).arrayBuffer();
      return { pid, port, stop: () => stopGroup(pid) };
    } catch {
      await sleep(100);
    }
  }
  await stopGroup(pid);
  throw new Error(`the Node HTTP server did not answer on 127.0.0.1:${port} within 10 s`);
}
