import { describe, expect, it } from 'vitest';
import {
  appendRun,
  findAppendProblems,
  findSlowBaseline,
  listRuns,
  toExperiment,
} from '../../../../harness/run/append.ts';
import type { BenchDataset, BenchRun } from '../../../../src/bench/schema.ts';
import { makeDataset, makePoint, makeRepetition } from '../../../support/bench-factory.ts';
import { makeOpenLoopDataset } from '../../../support/open-loop-factory.ts';

const RUN: BenchRun = {
  date: '2026-12-03T08:00:00.000Z',
  seed: 7,
  harnessCommit: '1111111111111111111111111111111111111111',
  harnessDirty: false,
  command: 'npm run bench -- --append',
  kernel: 'Linux 6.1',
  schedAutogroup: false,
  cpuLoopsPerMs: 19000,
  quietMachine: true,
};

/** A run at `rps` req/s per repetition, of the same experiment as the factory's dataset. */
function makeRun(rps: number[], run?: BenchRun): BenchDataset {
  const reps = rps.map((throughputRps, index) =>
    makeRepetition({ index, runOrder: index, throughputRps, requests: throughputRps * 3 }),
  );
  return makeDataset([makePoint({}, reps)], run ? { runs: [run] } : {});
}

describe('appendRun', () => {
  const first = makeRun([60, 62, 58]);
  const merged = appendRun(first, makeRun([40, 41, 39], RUN));

  it('lists both runs, the first told by the environment of a dataset recorded before runs', () => {
    expect(merged.runs?.map((r) => [r.date, r.seed])).toEqual([
      ['2026-11-26T20:00:00.000Z', 1],
      ['2026-12-03T08:00:00.000Z', 7],
    ]);
    expect(listRuns(first)).toHaveLength(1);
  });

  it('numbers the new repetitions after the old ones and tags each with its run', () => {
    expect(merged.points[0]?.repetitions.map((r) => [r.index, r.run, r.throughputRps])).toEqual([
      [0, 0, 60],
      [1, 0, 62],
      [2, 0, 58],
      [3, 1, 40],
      [4, 1, 41],
      [5, 1, 39],
    ]);
  });

  it('reports the spread between the runs beside the spread within one', () => {
    expect(merged.points[0]?.summary.runs).toEqual({
      throughputMedianRps: [60, 40],
      throughputSpreadBetweenRuns: 20 / 50,
      throughputSpreadWithinRuns: (4 / 60 + 2 / 40) / 2,
    });
    expect(merged.points[0]?.summary.throughputRps).toEqual({ median: 49.5, min: 39, max: 62 });
  });

  it('adds a third run after two', () => {
    const third = appendRun(merged, makeRun([50, 50, 50], { ...RUN, seed: 8 }));
    expect(third.runs?.map((r) => r.seed)).toEqual([1, 7, 8]);
    expect(third.points[0]?.repetitions.at(-1)).toMatchObject({ index: 8, run: 2 });
  });
});

// Each kind of mismatch and the exact line that names it.
describe.each([
  {
    name: 'other windows',
    change: (d: BenchDataset) => ({ ...d, settings: { ...d.settings, durationS: 10 } }),
    problem: 'settings.durationS was 3, this run has 10',
  },
  {
    name: 'another scenario',
    change: (d: BenchDataset) => ({ ...d, id: 'sweep-cpu' }),
    problem: 'id was "sweep-io", this run has "sweep-cpu"',
  },
  {
    name: 'other software',
    change: (d: BenchDataset) => ({
      ...d,
      environment: { ...d.environment, packages: { gunicorn: '26.3.0', uvicorn: null } },
    }),
    problem:
      'environment.packages was {"gunicorn":"26.2.2","uvicorn":null}, this run has {"gunicorn":"26.3.0","uvicorn":null}',
  },
  {
    name: 'changed apps',
    change: (d: BenchDataset) => ({
      ...d,
      environment: { ...d.environment, appSha256: { 'wsgi_app.py': 'def' } },
    }),
    problem: 'environment.appSha256 was {"wsgi_app.py":"abc"}, this run has {"wsgi_app.py":"def"}',
  },
  {
    name: 'another server command',
    change: (d: BenchDataset) => ({
      ...d,
      servers: d.servers.map((s) => ({ ...s, argv: [...s.argv, '--reuse-port'] })),
    }),
    problem:
      'servers[gunicorn-sync-w3-t1].argv was ["python3","-m","gunicorn"], this run has ["python3","-m","gunicorn","--reuse-port"]',
  },
])('findAppendProblems: $name', ({ change, problem }) => {
  it('names the difference', () => {
    const existing = makeRun([60, 60, 60]);
    expect(findAppendProblems(existing, toExperiment(change(makeRun([50, 50, 50], RUN))))).toEqual([
      problem,
    ]);
  });
});

it('appendRun refuses another experiment, naming every difference', () => {
  const other = makeRun([50, 50, 50], RUN);
  other.settings.durationS = 10;
  other.settings.warmupS = 2;
  expect(() => appendRun(makeRun([60, 60, 60]), other)).toThrowErrorMatchingInlineSnapshot(`
    [Error: cannot add this run to sweep-io: it is not the same experiment:
      - settings.warmupS was 1, this run has 2
      - settings.durationS was 3, this run has 10]
  `);
});

it('findAppendProblems takes the per-run app folder for what it is, and nothing more', () => {
  // Each run copies the apps into a rootfs folder named after the run (harness/system/target.ts).
  const inFolder = (d: BenchDataset, folder: string) => ({
    ...d,
    servers: d.servers.map((s) => ({
      ...s,
      argv: [
        'chroot',
        '/sid',
        'python3',
        '-m',
        'gunicorn',
        '--chdir',
        `/opt/worker-models-apps/${folder}`,
      ],
    })),
  });
  const existing = inFolder(makeRun([60, 60, 60]), 'e131c992-0f73');
  const sameApps = inFolder(makeRun([50, 50, 50], RUN), '5d2f1a07-9b44');
  expect(findAppendProblems(existing, toExperiment(sameApps))).toEqual([]);
  expect(appendRun(existing, sameApps).runs).toHaveLength(2);
  const elsewhere = {
    ...sameApps,
    servers: sameApps.servers.map((s) => ({ ...s, argv: [...s.argv.slice(0, -1), '/srv/apps'] })),
  };
  expect(findAppendProblems(existing, toExperiment(elsewhere))).toHaveLength(1);
});

it('findSlowBaseline refuses to append a run whose CPU baseline was taken in a slow spell', () => {
  const baseline = (baselineLoopsPerMs: number) => ({
    baselineLoopsPerMs,
    readings: 10,
    trials: 10,
    loopsPerTrial: 50_000,
  });
  // As on 2026-12-04: the first run's baseline 27,047 loops/ms; a second run started at 17,169.
  const existing = makeRun([60, 60, 60], { ...RUN, cpuProbe: baseline(27_047) });
  expect(findSlowBaseline(existing, 17_169, 0.2)).toBe(
    "sweep-io: this run's CPU probe baseline, 17169 loops/ms, is 58 % slower than its earlier runs' 27047: the CPU is in a slow spell; record when it runs at speed again (npx node harness/run/measure-cpu-probe.ts shows it)",
  );
  expect(findSlowBaseline(existing, 28_101, 0.2)).toBeNull();
  expect(findSlowBaseline(existing, 23_000, 0.2)).toBeNull(); // 18 % slower: drift, not a spell
  // A dataset recorded before the probe has nothing to compare with.
  expect(findSlowBaseline(makeRun([60, 60, 60]), 17_169, 0.2)).toBeNull();
});

it('findAppendProblems leaves out what a run about to start cannot know yet', () => {
  const existing = makeRun([60, 60, 60]);
  const fresh = makeRun([1, 1, 1], RUN);
  fresh.servers = fresh.servers.map((s) => ({ ...s, argv: ['another', 'command'] }));
  const about = toExperiment(fresh);
  expect(findAppendProblems(existing, about)).toHaveLength(1);
  delete about.servers;
  delete about.groups;
  expect(findAppendProblems(existing, about)).toEqual([]);
});

it('findAppendProblems refuses to add a run to open-loop points', () => {
  const open = makeOpenLoopDataset();
  expect(findAppendProblems(open, toExperiment(open))).toEqual([
    'open-loop points take their rates from capacities measured in their own run and their percentiles from its histograms: record them in one run',
  ]);
});
