import { describe, expect, it } from 'vitest';
import { parseBenchArgs, parseCpuList, UsageError } from '../../../../harness/run/cli.ts';

describe.each([
  { text: '0', cpus: [0] },
  { text: '0,2', cpus: [0, 2] },
  { text: '1-3', cpus: [1, 2, 3] },
  { text: '3,0-1', cpus: [0, 1, 3] },
])('parseCpuList($text)', ({ text, cpus }) => {
  it('expands and sorts', () => expect(parseCpuList('--server-cpus', text)).toEqual(cpus));
});

describe('parseBenchArgs defaults', () => {
  it("records every scenario on CPUs 0 and 1, with each scenario's settings", () => {
    const options = parseBenchArgs([], 2);
    expect(options.scenarios).toContain('sweep-io');
    expect(options).toMatchObject({
      repetitions: undefined,
      durationS: undefined,
      serverStarts: undefined,
      serverCpus: [0],
      clientCpus: [1],
      quick: false,
      dryRun: false,
      append: false,
      allowNoisy: null,
      out: null,
      cpuProbeThreshold: 0.05,
    });
    expect(parseBenchArgs(['--cpu-probe-threshold', '0.1'], 2).cpuProbeThreshold).toBe(0.1);
  });
  it('--quick records the quick scenario', () => {
    expect(parseBenchArgs(['--quick'], 2)).toMatchObject({
      scenarios: ['quick'],
      noisyRetries: 0,
    });
  });
  it('keeps the flags given: windows, starts, append, the reason to record beside other work', () => {
    expect(
      parseBenchArgs(
        ['--duration', '10', '--server-starts', '4', '--append', '--allow-noisy', ' shared VM '],
        2,
      ),
    ).toMatchObject({ durationS: 10, serverStarts: 4, append: true, allowNoisy: 'shared VM' });
  });
  it("--pg-* set the database scenarios' PostgreSQL; by default 60 s to become ready", () => {
    expect(parseBenchArgs([], 2).postgres).toEqual({ readyTimeoutMs: 60_000 });
    expect(
      parseBenchArgs(
        ['--pg-bin', '/usr/lib/postgresql/15/bin', '--pg-port', '5499', '--pg-ready-timeout', '5'],
        2,
      ).postgres,
    ).toEqual({ binDir: '/usr/lib/postgresql/15/bin', port: 5499, readyTimeoutMs: 5000 });
  });
  it('--quick --scenario quick-db records the smoke run with PostgreSQL', () => {
    expect(parseBenchArgs(['--quick', '--scenario', 'quick-db'], 2).scenarios).toEqual([
      'quick-db',
    ]);
  });
  it('--quick --scenario quick-services records the smoke run with a service', () => {
    expect(parseBenchArgs(['--quick', '--scenario', 'quick-services'], 2).scenarios).toEqual([
      'quick-services',
    ]);
  });
});

// Each bad command line and the exact message the user sees.
describe.each([
  { argv: ['--bogus'], message: `Unknown option '--bogus'` },
  {
    argv: ['extra'],
    message: `Unexpected argument 'extra'. This command does not take positional arguments`,
  },
  { argv: ['--duration', '1.5'], message: '--duration must be a whole number >= 1, got "1.5"' },
  { argv: ['--workers', '0'], message: '--workers must be a whole number >= 1, got "0"' },
  { argv: ['--nice=-30'], message: '--nice must be a whole number from -20 to 19, got "-30"' },
  { argv: ['--repetitions', '0'], message: '--repetitions must be a whole number >= 1, got "0"' },
  {
    argv: ['--noise-threshold', '2'],
    message: '--noise-threshold must be a number from 0 to 1, got "2"',
  },
  {
    argv: ['--cpu-probe-threshold', '1.5'],
    message: '--cpu-probe-threshold must be a number from 0 to 1, got "1.5"',
  },
  {
    argv: ['--server-cpus', 'x'],
    message: '--server-cpus: "x" is not a CPU list like 0 or 0,2 or 0-3',
  },
  { argv: ['--server-cpus', '3-1'], message: '--server-cpus: range "3-1" runs backwards' },
  {
    argv: ['--server-cpus', '0', '--client-cpus', '0'],
    message: '--server-cpus and --client-cpus must be disjoint; both contain 0',
  },
  { argv: ['--client-cpus', '5'], message: 'CPU 5 does not exist; this machine has CPUs 0-1' },
  {
    argv: ['--scenario', 'sweep-io,nope'],
    message:
      '--scenario: unknown "nope"; choose from sweep-hello, sweep-io, sweep-cpu, sweep-hello-equal-workers, sweep-io-equal-workers, sweep-cpu-equal-workers, workers-threads, blocking-loop, slow-clients, uvicorn-loops, memory, db-frameworks, db-pool, db-mistakes, db-pgbouncer, open-loop, open-loop-db, closed-vs-open, cpu-limits, framework-memory, memory-limit, gunicorn-parsers, gthread-spread, gevent-spread',
  },
  {
    argv: ['--models', 'waitress'],
    message:
      '--models: unknown "waitress"; choose from gunicorn-sync, gunicorn-gthread, gunicorn-gevent, uvicorn, uvicorn-asyncio-h11, gunicorn-uvicorn-worker, gunicorn-asgi, gunicorn-sync-python-parser, gunicorn-gthread-python-parser, gunicorn-gevent-python-parser, gunicorn-asgi-python-parser, gunicorn-gthread-reuse-port, gunicorn-gevent-reuse-port',
  },
  { argv: ['--python', 'python3'], message: '--python must be an absolute path, got "python3"' },
  { argv: ['--pg-bin', 'bin'], message: '--pg-bin must be an absolute path, got "bin"' },
  { argv: ['--pg-port', '0'], message: '--pg-port must be a whole number >= 1, got "0"' },
  { argv: ['--pg-port', '70000'], message: '--pg-port must be at most 65535, got "70000"' },
  {
    argv: ['--pg-ready-timeout', 'soon'],
    message: '--pg-ready-timeout must be a whole number >= 0, got "soon"',
  },
  {
    argv: ['--server-starts', '0'],
    message: '--server-starts must be a whole number >= 1, got "0"',
  },
  {
    argv: ['--allow-noisy', ' '],
    message: '--allow-noisy needs a reason, e.g. --allow-noisy "shared CI machine"',
  },
  {
    argv: ['--append', '--quick'],
    message: '--append adds a run to a committed dataset; --quick records none',
  },
  {
    argv: ['--scenario', 'quick-services'],
    message:
      '--scenario: unknown "quick-services"; choose from sweep-hello, sweep-io, sweep-cpu, sweep-hello-equal-workers, sweep-io-equal-workers, sweep-cpu-equal-workers, workers-threads, blocking-loop, slow-clients, uvicorn-loops, memory, db-frameworks, db-pool, db-mistakes, db-pgbouncer, open-loop, open-loop-db, closed-vs-open, cpu-limits, framework-memory, memory-limit, gunicorn-parsers, gthread-spread, gevent-spread',
  },
])('parseBenchArgs($argv)', ({ argv, message }) => {
  it('fails with a clear UsageError', () => {
    const attempt = (): unknown => parseBenchArgs(argv, 2);
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(message);
  });
});
