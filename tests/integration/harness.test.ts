/**
 * Integration tests of the benchmark harness against real servers (Debian 12's gunicorn and
 * uvicorn for /usr/bin/python3, and wrk). CI installs them with apt (see .ci/run).
 * Nothing here asserts wall-clock speed: only physics (Little's law), absence of errors, and
 * that an interrupted or crashed run leaves no process, no file it made and no changed dataset.
 * The two-group runs use the quick-services scenario: Python's http.server as a second group.
 */
import { randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSanityProblems } from '../../harness/measure/sanity.ts';
import { readDataset } from '../../harness/run/dataset-io.ts';
import { readSchedAutogroup } from '../../harness/run/environment.ts';
import { findMarkedProcesses } from '../../harness/system/processes.ts';
import {
  findLeftovers,
  findRunProcess,
  LONG,
  readCpusAllowed,
  readEnviron,
  readServedFolder,
  runBench,
  runBenchStdout,
  startBench,
} from './harness-support.ts';

const SERVER = /-m (gunicorn|uvicorn) /;
const FILE_SERVER = /-m http\.server /;
const ABORTED =
  /stopped every process group \(server, services\) and wrk; existing datasets are untouched/;

/** An output folder holding an older dataset that an aborted run must leave as it was. */
function makeOutWithSentinel(): { out: string; expectUntouched(): void } {
  const out = mkdtempSync(join(tmpdir(), 'bench-it-abort-'));
  const existing = join(out, 'quick.json');
  writeFileSync(existing, '{"sentinel": "an older dataset"}\n');
  const before = statSync(existing).mtimeMs;
  return {
    out,
    expectUntouched() {
      expect(readFileSync(existing, 'utf8')).toBe('{"sentinel": "an older dataset"}\n');
      expect(statSync(existing).mtimeMs).toBe(before);
      expect(readdirSync(out)).toEqual(['quick.json']);
    },
  };
}

type Dataset = ReturnType<typeof readDataset>;

/** Record `--quick` with `args` into a new folder; the dataset and what the run logged. */
function recordQuick(scenario: string, args: string[]): { dataset: Dataset; stderr: string } {
  const out = mkdtempSync(join(tmpdir(), 'bench-it-'));
  const run = runBench(['--quick', ...args, '--out', out, '--python', '/usr/bin/python3']);
  expect(run.status, run.stderr).toBe(0);
  expect(readdirSync(out)).toEqual([`${scenario}.json`]);
  return { dataset: readDataset(join(out, `${scenario}.json`)), stderr: run.stderr };
}

/** Valid, physically sane, no errors, and every group measured in every repetition. */
function expectSaneRecording(dataset: Dataset, groups: string[]): void {
  expect(dataset.settings.quick).toBe(true);
  expect(dataset.environment.packages['gunicorn']).toBeTruthy();
  expect(findSanityProblems(dataset)).toEqual([]);
  expect(dataset.groups?.map((g) => [g.name, g.cpus])).toEqual(
    groups.map((name) => [name, name === 'server' ? [0] : [1]]),
  );
  for (const point of dataset.points) {
    expect(point.repetitions).toHaveLength(dataset.settings.repetitions);
    for (const rep of point.repetitions) {
      expect(rep.throughputRps, point.id).toBeGreaterThan(0);
      expect(rep.errorsTotal, point.id).toBe(0);
      expect(rep.pssBytesMax, point.id).toBeGreaterThan(0);
      expect(rep.pssBytesMax, point.id).toBeLessThanOrEqual(rep.rssBytesMax);
      // The server's group entry is the server's own fields.
      expect(rep.groups?.['server']).toMatchObject({
        cpuCores: rep.serverCpuCores,
        pssBytesMax: rep.pssBytesMax,
        idlePssBytes: rep.idlePssBytes,
        processes: rep.serverProcesses,
      });
      expect(Object.keys(rep.groups ?? {}).sort()).toEqual([...groups].sort());
    }
  }
  // The recorded commands name the servers that ran, and each says which HTTP parser answered.
  expect(dataset.servers.map((s) => s.commandLine).join('\n')).toMatch(
    /-m gunicorn .*--worker-class sync/,
  );
  for (const server of dataset.servers)
    expect(server.runtime['httpParser'], server.id).toMatch(
      /^(gunicorn-python|gunicorn-h1c|httptools|h11)$/,
    );
  // One run, and the noise measures of this harness in every repetition.
  expect(dataset.runs?.map((r) => r.seed)).toEqual([dataset.settings.seed]);
  expect(typeof dataset.environment.quietMachine).toBe('boolean');
  // Autogroup is read and recorded in every run (null only on a kernel without the switch).
  expect(dataset.environment.schedAutogroup).toBe(readSchedAutogroup());
  expect(dataset.runs?.[0]?.schedAutogroup).toBe(readSchedAutogroup());
  // The CPU-speed probe: the run's baseline, the threshold, and both readings around every window.
  const baseline = dataset.environment.cpuProbe?.baselineLoopsPerMs ?? 0;
  expect(baseline).toBeGreaterThan(0);
  expect(dataset.runs?.[0]?.cpuProbe).toEqual(dataset.environment.cpuProbe);
  expect(dataset.settings.cpuProbeThreshold).toBe(0.05);
  for (const rep of dataset.points.flatMap((p) => p.repetitions)) {
    expect(rep.serverCpuContention).toBeGreaterThanOrEqual(0);
    expect(typeof rep.clientSaturated).toBe('boolean');
    expect(rep.cpuProbe?.beforeLoopsPerMs).toBeGreaterThan(0);
    expect(rep.cpuProbe?.afterLoopsPerMs).toBeGreaterThan(0);
    expect(rep.cpuProbe?.slowdown).toBeGreaterThanOrEqual(0);
  }
}

describe('npm run bench -- --quick (real servers)', () => {
  it(
    'records a valid, physically sane dataset of one group with no errors',
    () => {
      const { dataset } = recordQuick('quick', []);
      expectSaneRecording(dataset, ['server']);
      expect(dataset.points.length).toBeGreaterThanOrEqual(4);
      // One sync worker holds each io request for 50 ms: at most 20 req/s, whatever the load.
      const oneSyncWorker = dataset.points.find(
        (p) => p.model === 'gunicorn-sync' && p.workers === 1 && p.endpoint === 'io',
      );
      expect(oneSyncWorker).toBeDefined();
      for (const rep of oneSyncWorker?.repetitions ?? []) {
        expect(rep.throughputRps).toBeLessThanOrEqual(20 * 1.05);
        expect(rep.latencyMs.p50).toBeGreaterThanOrEqual(49);
      }
    },
    LONG,
  );

  it(
    '--scenario quick-services measures a second group: its CPU, PSS, own metric and facts',
    () => {
      const { dataset, stderr } = recordQuick('quick-services', ['--scenario', 'quick-services']);
      expectSaneRecording(dataset, ['file-server', 'server']);
      const service = dataset.groups?.find((g) => g.name === 'file-server');
      expect(service).toMatchObject({ role: 'service', facts: { bind: '127.0.0.1' } });
      expect(service?.versions['python']).toMatch(/^3\./);
      expect(service?.commandLine).toMatch(/-m http\.server .*--directory '\{dir\}' '\{port\}'/);
      for (const rep of dataset.points.flatMap((p) => p.repetitions)) {
        expect(rep.groups?.['file-server']?.metrics['peakThreads']).toBeGreaterThanOrEqual(1);
        expect(rep.groups?.['file-server']?.pssBytesMax).toBeGreaterThan(0);
      }
      expect(stderr).toMatch(/started file-server on CPU 1: /);
    },
    LONG,
  );
});

// Two ways a run gets interrupted: `kill PID` on npm alone, and Ctrl-C, which the terminal
// sends as SIGINT to the whole foreground process group; each with one group and with two.
describe.each([
  {
    how: 'SIGTERM to npm only',
    signal: 'SIGTERM' as const,
    detached: false,
    said: /(SIGTERM|parent process exited)/,
  },
  {
    how: 'SIGINT to the process group (Ctrl-C)',
    signal: 'SIGINT' as const,
    detached: true,
    said: /SIGINT/,
  },
])('interrupting npm run bench: $how', ({ signal, detached, said }) => {
  it.each([
    { scenario: 'quick', args: [] },
    { scenario: 'quick-services', args: ['--scenario', 'quick-services'] },
  ])(
    '$scenario mid-run leaves no group, worker, wrk or service folder behind and no dataset changed',
    async ({ scenario, args }) => {
      const { out, expectUntouched } = makeOutWithSentinel();
      const run = startBench(['--quick', ...args, '--out', out], randomUUID(), detached);
      // Wait until the groups and (soon) wrk are running: after the first measured repetition.
      await run.waitForStderr(new RegExp(`\\[${scenario} 1/`));
      expect(run.stderr()).toMatch(new RegExp(`\\[${scenario} 1/`));
      expect(findMarkedProcesses(run.runId).length).toBeGreaterThan(0);
      const fileServer = findRunProcess(run.runId, FILE_SERVER);
      const folder = fileServer === undefined ? null : readServedFolder(fileServer);
      if (scenario === 'quick-services') expect(folder && existsSync(folder)).toBe(true);

      if (detached) process.kill(-run.pid, signal);
      else process.kill(run.pid, signal);
      await run.exited;

      expect(await findLeftovers(run.runId)).toEqual([]);
      if (folder) expect(existsSync(folder)).toBe(false);
      expectUntouched();
      expect(run.stderr()).toMatch(said);
      expect(run.stderr()).toMatch(ABORTED);
    },
    LONG,
  );
});

describe('a crash of the second group mid-run', () => {
  it(
    'stops the run with a message naming the group, and leaves nothing behind',
    async () => {
      const { out, expectUntouched } = makeOutWithSentinel();
      const run = startBench(
        ['--quick', '--scenario', 'quick-services', '--out', out],
        randomUUID(),
        false,
      );
      await run.waitForStderr(/\[quick-services 1\//);
      const fileServer = findRunProcess(run.runId, FILE_SERVER);
      const server = findRunProcess(run.runId, SERVER);
      expect(fileServer).toBeDefined();
      expect(server).toBeDefined();
      const folder = readServedFolder(fileServer ?? -1);
      // Each group is pinned as the scenario says, and the server got the service's address.
      expect(readCpusAllowed(fileServer ?? -1)).toBe('1');
      expect(readCpusAllowed(server ?? -1)).toBe('0');
      expect(readEnviron(server ?? -1)).toContainEqual(
        expect.stringMatching(/^BENCH_FILE_SERVER_URL=http:\/\/127\.0\.0\.1:\d+\/$/),
      );

      process.kill(fileServer ?? -1, 'SIGKILL');
      expect(await run.exited).toBe(1);

      expect(run.stderr()).toContain(
        `bench: the file-server group (pid ${fileServer}) exited during the run (signal SIGKILL)`,
      );
      expect(run.stderr()).toMatch(/command: taskset -c 1 \S+ -m http\.server/);
      expect(run.stderr()).toMatch(ABORTED);
      expect(await findLeftovers(run.runId)).toEqual([]);
      expect(existsSync(folder)).toBe(false);
      expectUntouched();
    },
    LONG,
  );
});

describe('npm run bench -- --dry-run', () => {
  it(
    'lists every scenario with its points and an estimate, and starts nothing',
    () => {
      const result = runBenchStdout(['--dry-run', '--scenario', 'gthread-spread,sweep-io']);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(
        /^gthread-spread: 4 points x 5 repetitions x 4 server starts, 1 s warm-up \+ 10 s windows: 80 windows, 8 server starts, about [\d.]+ min$/m,
      );
      expect(result.stdout).toMatch(/^ {2}gunicorn-gthread-reuse-port\/io-50\/c64\/w3t4$/m);
      expect(result.stdout).toMatch(/^total: about [\d.]+ min \(2 scenarios\)$/m);
    },
    LONG,
  );
});

// A real run of one small scenario, then a second run appended to its dataset, then a run with
// other settings that must be refused. --allow-noisy: a shared test machine is never quiet.
describe('npm run bench -- --append (real servers)', () => {
  const out = mkdtempSync(join(tmpdir(), 'bench-it-append-'));
  const file = join(out, 'uvicorn-loops.json');
  const args = (seed: string, duration = '1') => [
    ...['--scenario', 'uvicorn-loops', '--models', 'uvicorn', '--python', '/usr/bin/python3'],
    ...['--warmup', '0', '--duration', duration, '--repetitions', '1', '--seed', seed],
    ...['--allow-noisy', 'integration test on a shared machine', '--out', out],
  ];

  it(
    'adds a second run: two runs listed, each repetition tagged, the spread between runs summarized',
    () => {
      const first = runBench(args('1'));
      expect(first.status, first.stderr).toBe(0);
      const second = runBench([...args('2'), '--append']);
      expect(second.status, second.stderr).toBe(0);
      const dataset = readDataset(file);
      expect(findSanityProblems(dataset)).toEqual([]);
      // --allow-noisy's reason is recorded only when the preflight found the machine busy.
      const { quietMachine, quietMachineReason } = dataset.environment;
      expect(quietMachineReason).toBe(
        quietMachine ? undefined : 'integration test on a shared machine',
      );
      expect(dataset.runs?.map((r) => r.seed)).toEqual([1, 2]);
      for (const point of dataset.points) {
        expect(point.repetitions.map((r) => [r.index, r.run])).toEqual([
          [0, 0],
          [1, 1],
        ]);
        expect(point.summary.runs?.throughputMedianRps).toHaveLength(2);
      }
    },
    LONG,
  );

  it(
    'refuses a run with other settings and leaves the dataset as it was',
    () => {
      const before = readFileSync(file, 'utf8');
      const third = runBench([...args('3', '2'), '--append']);
      expect(third.status).toBe(2);
      expect(third.stderr).toContain(
        '--append: this run of uvicorn-loops is not the same experiment as uvicorn-loops.json:\n  - settings.durationS was 1, this run has 2',
      );
      expect(readFileSync(file, 'utf8')).toBe(before);
    },
    LONG,
  );
});

describe.each([
  {
    name: 'a bad flag',
    args: ['--duration', 'soon'],
    status: 2,
    message: '--duration must be a whole number >= 1, got "soon"',
  },
  {
    name: 'a missing Python',
    args: ['--quick', '--python', '/nonexistent/bin/python'],
    status: 1,
    message: 'python /nonexistent/bin/python not found',
  },
  {
    name: 'a missing rootfs',
    args: ['--quick', '--rootfs', '/nonexistent-rootfs'],
    status: 1,
    message:
      'rootfs /nonexistent-rootfs does not exist: sh harness/env/prepare-sid.sh /nonexistent-rootfs',
  },
])('npm run bench with $name', ({ args, status, message }) => {
  it('fails fast with a message that says what to do', () => {
    const result = runBench(args);
    expect(result.status).toBe(status);
    expect(result.stderr).toContain(message);
  });
});
