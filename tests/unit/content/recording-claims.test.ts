import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BenchDatasetSchema, type BenchDataset } from '../../../src/bench/schema.ts';
import { chartDefinitions } from '../../../src/charts/registry.ts';
import { listRuns } from '../../../harness/run/append.ts';
import { makeDataset, makePoint, makeRepetition } from '../../support/bench-factory.ts';

/*
 * The methodology and benchmarks chapters say how the recordings were made: autogroup off,
 * other work at idle priority, a quiet machine, three repetitions of 3-second windows, a noise
 * threshold of a tenth. Each dataset records those facts about itself (`environment`,
 * `settings`, every repetition's contention), so this finds every sentence that states one and
 * checks it against the datasets the sentence names, or, when it names none, every dataset the
 * chapter charts. A re-recording that changes a fact, or a sentence that generalises one,
 * fails here and names the sentence and the dataset.
 */
const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

const datasets = new Map<string, BenchDataset>(
  readdirSync(new URL('bench-data/', root))
    .filter((f) => f.endsWith('.json') && f !== 'schema.json')
    .map((f) => {
      const dataset = BenchDatasetSchema.parse(JSON.parse(read(`bench-data/${f}`)));
      return [dataset.id, dataset];
    }),
);
const datasetOfChart = new Map(chartDefinitions.map((c) => [c.id, c.dataset]));

/** Datasets a chapter charts or quotes: `<Chart id>` and `<Measured chart>`. */
function readChartedDatasets(source: string): Set<string> {
  const ids = [...source.matchAll(/<(?:Chart id|Measured chart)="([^"]+)"/g)].map((m) => {
    const dataset = datasetOfChart.get(m[1] ?? '');
    if (!dataset) throw new Error(`chart ${m[1]} is not in the registry`);
    return dataset;
  });
  return new Set(ids.filter((id) => datasets.has(id)));
}

/** Datasets a sentence names itself, as `id` or `id.json`. */
function readNamedDatasets(sentence: string): string[] {
  return [...sentence.matchAll(/`([a-z0-9-]+?)(?:\.json)?`/g)]
    .map((m) => m[1] ?? '')
    .filter((id) => datasets.has(id));
}

/** The chapter's prose as sentences, without imports, code blocks and JSX comments. */
function toSentences(source: string): string[] {
  const prose = source
    .replace(/^---[\s\S]*?^---$/m, '')
    .replace(/^```[\s\S]*?^```$/gm, '')
    .replace(/\{\/\*[\s\S]*?\*\/\}/g, '')
    .replace(/^(#|\|).*$/gm, '\n.')
    .replace(/\s+/g, ' ');
  return prose.split(/(?<=[.!?])\s+(?=[A-Z`*(_[])/);
}

const allRepetitions = (d: BenchDataset) => d.points.flatMap((p) => p.repetitions);
const recorded = /\b(recorded|recording|recordings|ran)\b/i;

interface Claim {
  name: string;
  /** A sentence that states the property about a recording. */
  states: (sentence: string) => boolean;
  /** What the dataset records against it, or null when it agrees. */
  contradiction: (d: BenchDataset) => string | null;
}

const claims: Claim[] = [
  {
    name: 'autogroup was off',
    states: (s) => /\b(autogroup[^.]*|recorded with it) off\b/i.test(s) && recorded.test(s),
    contradiction: (d) => {
      const values = [d.environment.schedAutogroup, ...(d.runs ?? []).map((r) => r.schedAutogroup)];
      return values.every((v) => v === false)
        ? null
        : `schedAutogroup: ${values.map(String).join(', ')}`;
    },
  },
  {
    name: 'other work ran at idle priority',
    // A sentence that names work at normal priority beside it is not claiming all work was idle.
    states: (s) =>
      /\bidle priority\b|SCHED_IDLE/.test(s) && recorded.test(s) && !/normal priority/i.test(s),
    contradiction: (d) => {
      const over = allRepetitions(d).filter(
        (r) => r.contendingCpuShare > d.settings.noiseThreshold,
      );
      return over.length === 0
        ? null
        : `contendingCpuShare above ${d.settings.noiseThreshold} in ${over.length} of ${allRepetitions(d).length} repetitions (max ${Math.max(...over.map((r) => r.contendingCpuShare))})`;
    },
  },
  {
    name: 'the machine was quiet',
    states: (s) => /\bquiet machine\b/i.test(s) && recorded.test(s),
    contradiction: (d) =>
      d.environment.quietMachine === true && (d.runs ?? []).every((r) => r.quietMachine === true)
        ? null
        : `quietMachine: ${d.environment.quietMachine ?? 'not recorded'}`,
  },
  {
    name: 'most points are flagged noisy',
    states: (s) => /\bmost points carry\b/i.test(s),
    contradiction: (d) => {
      const noisy = d.points.filter((p) => p.summary.noisy).length;
      return noisy * 2 > d.points.length ? null : `${noisy} of ${d.points.length} points noisy`;
    },
  },
  {
    name: 'three repetitions per point',
    states: (s) => /\bthree repetitions\b/i.test(s),
    contradiction: (d) =>
      d.settings.repetitions === 3 ? null : `settings.repetitions: ${d.settings.repetitions}`,
  },
  {
    name: '3-second windows after a 1-second warm-up',
    states: (s) => /\b3-second window|three seconds per repetition/i.test(s),
    contradiction: (d) =>
      d.settings.durationS === 3 && d.settings.warmupS === 1
        ? null
        : `settings.durationS: ${d.settings.durationS}, warmupS: ${d.settings.warmupS}`,
  },
  {
    name: 'recorded in two runs',
    states: (s) => /\b(two runs|recorded twice|second run)\b/i.test(s),
    contradiction: (d) => {
      const runs = d.runs?.length ?? 1;
      return runs >= 2 ? null : `${runs} run`;
    },
  },
  {
    name: 'noise threshold of a tenth',
    states: (s) => /a tenth of the pinned CPUs/i.test(s),
    contradiction: (d) =>
      d.settings.noiseThreshold === 0.1
        ? null
        : `settings.noiseThreshold: ${d.settings.noiseThreshold}`,
  },
];

const chapterFiles = [
  ...readdirSync(new URL('content/', root))
    .filter((f) => /^methodology.*\.mdx$/.test(f))
    .map((f) => `content/${f}`),
  ...readdirSync(new URL('content/benchmarks/', root), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => `content/benchmarks/${f}`),
];
const benchmarkPages = chapterFiles.filter((f) => f.startsWith('content/benchmarks/'));
/** The benchmarks chapter charts nothing itself: it speaks for its pages' datasets. */
const chapters = [
  ...chapterFiles.map((file) => ({ file, charted: readChartedDatasets(read(file)) })),
  {
    file: 'content/benchmarks.mdx',
    charted: new Set(benchmarkPages.flatMap((f) => [...readChartedDatasets(read(f))])),
  },
];

/** Every sentence of a chapter that states a claim, with the datasets it speaks for. */
function findStatements(file: string, charted: Set<string>) {
  return toSentences(read(file)).flatMap((sentence) => {
    const named = readNamedDatasets(sentence);
    const about = named.length > 0 ? named : [...charted];
    return claims
      .filter((claim) => claim.states(sentence))
      .map((claim) => ({ claim, sentence, about }));
  });
}

it('reads the chapters and finds the claims they make', () => {
  expect(benchmarkPages.length).toBeGreaterThan(0);
  expect(chapterFiles).toContain('content/methodology.mdx');
  const stated = chapters.flatMap(({ file, charted }) => findStatements(file, charted));
  expect(new Set(stated.map((s) => s.claim.name)).size).toBeGreaterThanOrEqual(3);
});

describe.each(chapters)('$file', ({ file, charted }) => {
  it('states no recording property that a dataset it names contradicts', () => {
    const contradicted = findStatements(file, charted).flatMap(({ claim, sentence, about }) =>
      about.flatMap((id) => {
        const dataset = datasets.get(id);
        const why = dataset ? claim.contradiction(dataset) : 'no such dataset';
        return why ? [`"${claim.name}" in «${sentence.trim()}»: ${id} records ${why}`] : [];
      }),
    );
    expect(contradicted).toEqual([]);
  });
});

describe('the claim detectors', () => {
  const [autogroup, idle, quiet] = claims;
  it.each([
    [autogroup, 'Our datasets were recorded with it off, autogroup off.', true],
    [autogroup, 'Priorities only work when the autogroup feature is off.', false],
    [autogroup, 'It warns when autogroup is on. Our datasets were recorded with it off.', true],
    [idle, 'The recording ran with that other work at idle priority.', true],
    [idle, 'Others ran at idle priority, but work at normal priority took a share.', false],
    [quiet, 'It was recorded on a quiet machine.', true],
    [quiet, 'A real recording refuses to start on a busy machine.', false],
  ])('%#: detects a recording claim only where one is stated', (claim, sentence, expected) => {
    expect(claim?.states(sentence)).toBe(expected);
  });

  it('names what a dataset without the fields records', () => {
    // A recording from before the harness read autogroup and judged the machine quiet, made
    // beside other work at normal priority in one of its three windows.
    const reps = [0.02, 0.35, 0.03].map((contendingCpuShare, index) =>
      makeRepetition({ index, runOrder: index, contendingCpuShare }),
    );
    const old = makeDataset([makePoint({}, reps)]);
    const before = { ...old, environment: { ...old.environment, schedAutogroup: null } };
    expect(autogroup?.contradiction(before)).toBe('schedAutogroup: null');
    expect(quiet?.contradiction(before)).toBe('quietMachine: not recorded');
    expect(idle?.contradiction(before)).toBe(
      'contendingCpuShare above 0.1 in 1 of 3 repetitions (max 0.35)',
    );
    const quietRun = makeDataset([makePoint()], {
      environment: { ...old.environment, schedAutogroup: false, quietMachine: true },
    });
    expect(autogroup?.contradiction(quietRun)).toBeNull();
    expect(quiet?.contradiction(quietRun)).toBeNull();
    expect(idle?.contradiction(quietRun)).toBeNull();
  });

  it('checks a claim of two runs against the runs a dataset lists', () => {
    const twoRuns = claims.find((c) => c.name === 'recorded in two runs');
    expect(twoRuns?.states('`sweep-cpu` was recorded in two runs, hours apart.')).toBe(true);
    expect(twoRuns?.states('One run of three windows cannot show it.')).toBe(false);
    const one = makeDataset([makePoint()]);
    expect(twoRuns?.contradiction(one)).toBe('1 run');
    const runs = listRuns(one);
    const again = runs.map((run) => ({ ...run, seed: run.seed + 1 }));
    expect(twoRuns?.contradiction({ ...one, runs: [...runs, ...again] })).toBeNull();
  });
});
