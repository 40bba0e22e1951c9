import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForDrain } from '../../../../harness/measure/drain.ts';
import { findFreePort } from '../../../../harness/system/group.ts';

let server: Server | undefined;
afterEach(
  () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
);

function startDelayedServer(delayMs: number): Promise<number> {
  return new Promise((resolve) => {
    server = createServer((_req, res) => setTimeout(() => res.end('{}'), delayMs));
    server.listen(0, '127.0.0.1', () => {
      const address = server?.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

describe.each([
  { name: 'an idle server', delayMs: 0, atLeast: 0, below: 1000 },
  { name: 'a server still working off a backlog', delayMs: 300, atLeast: 290, below: 2000 },
])('waitForDrain on $name', ({ delayMs, atLeast, below }) => {
  it('returns once a fresh request is answered', async () => {
    const port = await startDelayedServer(delayMs);
    const waited = await waitForDrain(port, 5000);
    expect(waited).toBeGreaterThanOrEqual(atLeast);
    expect(waited).toBeLessThan(below);
  });
});

it('waitForDrain gives up at its limit when nothing answers', async () => {
  const port = await findFreePort(); // nobody listens there
  const waited = await waitForDrain(port, 300);
  expect(waited).toBeGreaterThanOrEqual(300);
  expect(waited).toBeLessThan(2000);
});

it('waitForDrain stops waiting as soon as the server has exited', async () => {
  const port = await findFreePort(); // nobody listens there, as after a server died
  const waited = await waitForDrain(port, 5000, () => false);
  expect(waited).toBeLessThan(1000);
});
