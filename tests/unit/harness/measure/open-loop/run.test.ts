import { afterEach, describe, expect, it, vi } from 'vitest';
import { findMarkedProcesses } from '../../../../../harness/system/processes.ts';
import {
  buildOpenLoopArgv,
  OPEN_LOOP_CLI,
  runOpenLoop,
} from '../../../../../harness/measure/open-loop/run.ts';
import { startFakeServer, type FakeServer } from './fake-server.ts';

// Real sockets (and in run.test.ts a child Node that strips types at startup) can outlast
// vitest's 5 s default on a shared machine; nothing here asserts speed.
vi.setConfig({ testTimeout: 30_000 });

const URL = 'http://127.0.0.1:8000/io?ms=50';

describe.each([
  {
    run: { url: URL, rateRps: 200, durationS: 3, clientCpus: [1] },
    tail: [
      '--rate',
      '200',
      '--duration',
      '3',
      '--warmup',
      '1',
      '--timeout',
      '2',
      '--connections',
      '256',
      '--arrival',
      'constant',
      '--seed',
      '1',
      '--events-fd',
      '3',
    ],
  },
  {
    run: {
      url: URL,
      rateRps: 12.5,
      durationS: 0.5,
      warmupS: 0,
      connections: 8,
      arrival: 'poisson' as const,
      seed: 9,
      clientCpus: [1, 3],
    },
    tail: [
      '--rate',
      '12.5',
      '--duration',
      '0.5',
      '--warmup',
      '0',
      '--timeout',
      '2',
      '--connections',
      '8',
      '--arrival',
      'poisson',
      '--seed',
      '9',
      '--events-fd',
      '3',
    ],
  },
])('buildOpenLoopArgv($run.rateRps req/s on CPUs $run.clientCpus)', ({ run, tail }) => {
  it('pins the project Node running the CLI to the client CPUs, every option explicit', () => {
    expect(buildOpenLoopArgv(run)).toEqual([
      'taskset',
      '-c',
      run.clientCpus.join(','),
      process.execPath,
      OPEN_LOOP_CLI,
      '--url',
      URL,
      ...tail,
    ]);
  });
});

describe('bad runs fail before anything is spawned', () => {
  it.each([
    {
      run: { url: URL, rateRps: 0, durationS: 1, clientCpus: [1] },
      message: 'rateRps must be > 0',
    },
    {
      run: { url: 'http://10.0.0.2/', rateRps: 1, durationS: 1, clientCpus: [1] },
      message: 'must target loopback',
    },
    {
      run: { url: URL, rateRps: 1, durationS: 1, clientCpus: [] },
      message: 'clientCpus must list CPU numbers; got []',
    },
    {
      run: { url: URL, rateRps: 1, durationS: 1, clientCpus: [-1] },
      message: 'clientCpus must list CPU numbers',
    },
  ])('$message', ({ run, message }) => {
    expect(() => buildOpenLoopArgv(run)).toThrow(message);
    expect(() => runOpenLoop(run)).toThrow(message);
  });
});

describe('runOpenLoop', () => {
  let server: FakeServer | null = null;
  afterEach(() => server?.close());

  it('runs the generator as a process, returns its checked report, and leaves nothing running', async () => {
    server = await startFakeServer();
    const fake = server;
    const edges: Array<{ edge: string; arrivals: number }> = [];
    const report = await runOpenLoop(
      {
        url: server.url('/hello'),
        rateRps: 100,
        durationS: 0.5,
        warmupS: 0.2,
        clientCpus: [0],
      },
      {
        onWindowOpen: () => edges.push({ edge: 'open', arrivals: fake.arrivals.length }),
        onWindowClose: () => edges.push({ edge: 'close', arrivals: fake.arrivals.length }),
      },
    );
    // The window's edges reach the caller once each, in order, while the load runs.
    expect(edges.map((e) => e.edge)).toEqual(['open', 'close']);
    const [open, close] = edges;
    expect(close?.arrivals).toBeGreaterThan(open?.arrivals ?? Infinity);
    expect(report.scheduled).toBe(50);
    expect(report.completed).toBe(50);
    expect(report.cpu.userS + report.cpu.systemS).toBeGreaterThan(0);
    // The fake server runs in this process, so what it received came from the child.
    expect(server.arrivals.length).toBeGreaterThanOrEqual(70);
    expect(findMarkedProcesses()).toEqual([]);
  });

  it('rejects, naming the command and exit status, when the generator fails', async () => {
    const run = runOpenLoop({
      url: 'http://127.0.0.1:9/',
      rateRps: 10,
      durationS: 0.2,
      warmupS: 0,
      clientCpus: [0],
      nodePath: '/bin/false',
    });
    await expect(run).rejects.toThrow(/open-loop generator exited with 1/);
  });
});
