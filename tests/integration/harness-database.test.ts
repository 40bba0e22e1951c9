/**
 * Integration tests of the harness with a real PostgreSQL (Debian 12's postgresql-15 and the
 * database apps' Debian packages on the host; CI installs them, see .ci/run): `npm run bench`
 * records the quick-db scenario, and every way the database can fail to start, or die, stops
 * the run with a message naming the cause, leaves no process and no data directory, and leaves
 * the datasets already there untouched. Nothing here asserts wall-clock speed: only physics
 * (Little's law, a query cannot answer before it slept) and what was measured at all.
 */
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseMetricsSchema } from '../../src/bench/database-schema.ts';
import { findSanityProblems } from '../../harness/measure/sanity.ts';
import { readDataset } from '../../harness/run/dataset-io.ts';
import { QUICK_ROWS } from '../../harness/system/postgres-config.ts';
import { findPostgresInstall } from '../../harness/system/postgres-install.ts';
import { findLeftovers, findRunProcess, LONG, startBench } from './harness-support.ts';

// The host's PostgreSQL (Debian 12: /usr/lib/postgresql/15/bin), whose programs the fake folder links.
const PG_BIN = findPostgresInstall(null).binDir;
const ABORTED =
  /stopped every process group \(server, services\) and wrk; existing datasets are untouched/;

/** Every folder these tests make, removed at the end. */
const made: string[] = [];
function makeDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/**
 * A run's own TMPDIR (where PostgreSQL's run directory goes on the host), traversable by the
 * postgres user like /tmp, and an output folder holding an older dataset.
 */
function prepareRun(): {
  env: Record<string, string>;
  out: string;
  expectNothingLeft(): void;
} {
  const temp = makeDir('bench-db-it-tmp-');
  chmodSync(temp, 0o755);
  const out = makeDir('bench-db-it-out-');
  const existing = join(out, 'quick-db.json');
  writeFileSync(existing, '{"sentinel": "an older dataset"}\n');
  const before = statSync(existing).mtimeMs;
  return {
    env: { TMPDIR: temp },
    out,
    expectNothingLeft() {
      expect(readdirSync(temp).filter((name) => name.startsWith('worker-models-pg-'))).toEqual([]);
      expect(readFileSync(existing, 'utf8')).toBe('{"sentinel": "an older dataset"}\n');
      expect(statSync(existing).mtimeMs).toBe(before);
      expect(readdirSync(out)).toEqual(['quick-db.json']);
    },
  };
}

/** `npm run bench -- --quick --scenario quick-db ARGS`, started. */
function startQuickDb(args: string[], run: ReturnType<typeof prepareRun>, detached = false) {
  return startBench(
    ['--quick', '--scenario', 'quick-db', '--python', '/usr/bin/python3', ...args],
    randomUUID(),
    detached,
    run.env,
  );
}

describe('npm run bench -- --quick --scenario quick-db (a real PostgreSQL)', () => {
  it(
    'records the database beside the server: its facts, CPU, memory, connections and every answer',
    async () => {
      const temp = makeDir('bench-db-it-tmp-');
      chmodSync(temp, 0o755);
      const out = makeDir('bench-db-it-');
      const bench = startBench(
        ['--quick', '--scenario', 'quick-db', '--python', '/usr/bin/python3', '--out', out],
        randomUUID(),
        false,
        { TMPDIR: temp },
      );
      expect(await bench.exited, bench.stderr()).toBe(0);
      expect(await findLeftovers(bench.runId)).toEqual([]);
      expect(readdirSync(temp).filter((n) => n.startsWith('worker-models-pg-'))).toEqual([]);
      expect(bench.stderr()).toMatch(
        /estimated:\nquick-db: 3 points x 3 repetitions beside postgres/,
      );
      expect(bench.stderr()).toMatch(/started postgres on CPU 1: taskset -c 1 .*postgres -D/);

      const dataset = readDataset(join(out, 'quick-db.json'));
      expect(findSanityProblems(dataset)).toEqual([]);
      expect(dataset.groups?.map((g) => [g.name, g.cpus])).toEqual([
        ['postgres', [1]],
        ['server', [0]],
      ]);
      const database = dataset.groups?.[0]?.database;
      expect(database).toMatchObject({
        engine: 'postgresql',
        rows: QUICK_ROWS,
        maxConnections: 100,
      });
      expect(database?.serverVersionNum).toBeGreaterThanOrEqual(150000);
      expect(database?.placementNote).toMatch(/client CPU/);
      expect(dataset.servers.map((s) => s.app).sort()).toEqual([
        'fastapi_app:app',
        'flask_app:app',
      ]);

      let databaseTicks = 0;
      for (const point of dataset.points) {
        // Little's law: one sync worker's one connection, or a pool of two, each 20 ms a query.
        const bound = point.model === 'gunicorn-sync' ? 50 : 100;
        for (const rep of point.repetitions) {
          expect(rep.errorsTotal, point.id).toBe(0);
          expect(rep.statusCounts, point.id).toEqual({ '200': rep.requests });
          expect(rep.clientCpuBusyShare).toBeGreaterThan(0);
          const metrics = DatabaseMetricsSchema.parse(rep.groups?.['postgres']?.metrics);
          expect(metrics.refusedConnections).toBe(0);
          // Fixed-size pools, opened in full at start: that many connections, no more.
          expect(metrics.peakConnections, point.id).toBe(point.poolSize);
          expect(rep.groups?.['postgres']?.pssBytesMax).toBeGreaterThan(0);
          databaseTicks += rep.groups?.['postgres']?.cpuCores ?? 0;
          if (point.endpoint !== 'slow-query') continue;
          expect(rep.throughputRps, point.id).toBeLessThanOrEqual(bound * 1.05);
          expect(rep.latencyMs.p50, point.id).toBeGreaterThanOrEqual(19);
          expect(metrics.peakActiveConnections, point.id).toBeLessThanOrEqual(point.poolSize ?? 0);
        }
        // pg_sleep holds a connection active for 20 ms of every request: sampled every 250 ms,
        // some window of the point saw one running.
        if (point.endpoint === 'slow-query') {
          const active = point.repetitions.map(
            (r) => r.groups?.['postgres']?.metrics['peakActiveConnections'] ?? 0,
          );
          expect(Math.max(...active), point.id).toBeGreaterThanOrEqual(1);
        }
      }
      expect(databaseTicks).toBeGreaterThan(0);
    },
    LONG,
  );
});

describe('PostgreSQL dying mid-run', () => {
  it(
    'stops the run with a message naming the postgres group, and leaves nothing behind',
    async () => {
      const run = prepareRun();
      const bench = startQuickDb(['--out', run.out], run);
      await bench.waitForStderr(/\[quick-db 1\//);
      const postmaster = findRunProcess(bench.runId, /bin\/postgres -D /);
      expect(postmaster).toBeDefined();
      process.kill(postmaster ?? -1, 'SIGKILL');
      expect(await bench.exited).toBe(1);
      expect(bench.stderr()).toContain(
        `bench: the postgres group (pid ${postmaster}) exited during the run (signal SIGKILL)`,
      );
      expect(bench.stderr()).toMatch(ABORTED);
      expect(await findLeftovers(bench.runId)).toEqual([]);
      run.expectNothingLeft();
    },
    LONG,
  );
});

describe('Ctrl-C while the database runs', () => {
  it(
    'shuts PostgreSQL down, removes its directory, and leaves the datasets as they were',
    async () => {
      const run = prepareRun();
      const bench = startQuickDb(['--out', run.out], run, true);
      await bench.waitForStderr(/\[quick-db 1\//);
      expect(findRunProcess(bench.runId, /bin\/postgres -D /)).toBeDefined();
      process.kill(-bench.pid, 'SIGINT');
      await bench.exited;
      expect(bench.stderr()).toMatch(ABORTED);
      expect(await findLeftovers(bench.runId)).toEqual([]);
      run.expectNothingLeft();
    },
    LONG,
  );
});

// A folder of PostgreSQL programs whose initdb fails, the others the real ones.
const fakeBin = makeDir('bench-db-it-bin-');
chmodSync(fakeBin, 0o755);
for (const program of ['postgres', 'psql'])
  symlinkSync(join(PG_BIN, program), join(fakeBin, program));
writeFileSync(
  join(fakeBin, 'initdb'),
  '#!/bin/sh\necho "initdb: error: could not create directory: No space left on device" >&2\nexit 1\n',
  { mode: 0o755 },
);

let busy: Server;
let busyPort = 0;
beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', () => resolve()));
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(() => busy.close());

describe.each<{ name: string; args: () => string[]; message: RegExp }>([
  {
    name: 'no PostgreSQL where --pg-bin points',
    args: () => ['--pg-bin', '/nonexistent/bin'],
    message:
      /preflight failed:\n {2}- quick-db: PostgreSQL programs missing on this machine: \/nonexistent\/bin\/postgres, .* Install them: apt-get install -y postgresql/,
  },
  {
    name: 'a taken port',
    args: () => ['--pg-port', String(busyPort)],
    message: /the postgres group did not start: port \d+ on 127\.0\.0\.1 is already in use/,
  },
  {
    name: 'a failed initdb',
    args: () => ['--pg-bin', fakeBin],
    message:
      /the postgres group did not start: initdb failed \(exit 1\)\n {2}command: [^\n]*initdb [^]*No space left on device/,
  },
  {
    name: 'a database that never becomes ready',
    args: () => ['--pg-ready-timeout', '0'],
    message:
      /the postgres group did not start: PostgreSQL did not become ready on 127\.0\.0\.1:\d+ within 0 s\n {2}command: /,
  },
])('npm run bench with $name', ({ args, message }) => {
  it(
    'stops with a message naming the cause, leaves no process, no data directory, no changed dataset',
    async () => {
      const run = prepareRun();
      const bench = startQuickDb(['--out', run.out, ...args()], run);
      expect(await bench.exited).toBe(1);
      expect(bench.stderr()).toMatch(message);
      expect(await findLeftovers(bench.runId)).toEqual([]);
      run.expectNothingLeft();
    },
    LONG,
  );
});
