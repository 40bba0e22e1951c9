import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BenchDatasetSchema, ModelIdSchema } from '../../../../src/bench/schema.ts';
import { DatasetValidationError, validateDataset } from '../../../../harness/run/dataset-io.ts';
import { renderJsonSchema } from '../../../../src/bench/json-schema.ts';
import { makeDataset, makePoint, makeRepetition } from '../../../support/bench-factory.ts';

describe('BenchDatasetSchema', () => {
  it('accepts a valid dataset', () => {
    expect(BenchDatasetSchema.parse(makeDataset()).points).toHaveLength(1);
  });

  it('fills defaults for optional counters', () => {
    const raw = JSON.parse(JSON.stringify(makeDataset()));
    delete raw.points[0].slowClients;
    delete raw.points[0].repetitions[0].noisyRetries;
    delete raw.schemaVersion;
    const parsed = BenchDatasetSchema.parse(raw);
    expect(parsed.points[0]?.slowClients).toBe(0);
    expect(parsed.points[0]?.repetitions[0]?.noisyRetries).toBe(0);
    expect(parsed.schemaVersion).toBe(1);
  });

  it('adds no groups to a dataset recorded before groups, so it serialises as before', () => {
    const parsed = BenchDatasetSchema.parse(makeDataset());
    expect('groups' in parsed).toBe(false);
    expect('groups' in (parsed.points[0]?.repetitions[0] ?? {})).toBe(false);
  });

  it('keeps the groups of the system under test and their usage per repetition', () => {
    const groups = [
      {
        name: 'postgres',
        role: 'service',
        cpus: [1],
        argv: ['postgres', '-p', '{port}'],
        commandLine: "postgres -p '{port}'",
        versions: { postgres: '18.1' },
        facts: { maxConnections: 100, sharedBuffers: '128MB' },
      },
      { name: 'server', role: 'server', cpus: [0] },
    ];
    const usage = {
      cpuCores: 0.3,
      pssBytesMean: 1,
      pssBytesMax: 2,
      rssBytesMax: 3,
      idlePssBytes: 1,
      processes: 4,
      metrics: { peakConnections: 12 },
    };
    const parsed = BenchDatasetSchema.parse(
      makeDataset([makePoint({}, [makeRepetition({ groups: { postgres: usage } })])], {
        groups: groups as never,
      }),
    );
    expect(parsed.groups?.[1]).toEqual({
      name: 'server',
      role: 'server',
      cpus: [0],
      versions: {},
      facts: {},
    });
    expect(parsed.groups?.[0]?.facts).toEqual({ maxConnections: 100, sharedBuffers: '128MB' });
    expect(parsed.points[0]?.repetitions[0]?.groups).toEqual({ postgres: usage });
  });
});

type Dataset = ReturnType<typeof makeDataset>;

// The expected first error of each case, exactly as zod's prettifyError prints it.
describe.each([
  {
    name: 'an unknown model',
    mutate: (d: Dataset) => ({ ...d, points: [{ ...d.points[0], model: 'waitress' }] }),
    message: `✖ Invalid option: expected one of ${ModelIdSchema.options.map((m) => `"${m}"`).join('|')}\n  → at points[0].model`,
  },
  {
    name: 'a negative throughput',
    mutate: (d: Dataset) => ({
      ...d,
      points: [makePoint({}, [makeRepetition({ throughputRps: -1 })])],
    }),
    message:
      '✖ Too small: expected number to be >=0\n  → at points[0].repetitions[0].throughputRps',
  },
  {
    name: 'an otherCpuShare above 1',
    mutate: (d: Dataset) => ({
      ...d,
      points: [makePoint({}, [makeRepetition({ otherCpuShare: 1.5 })])],
    }),
    message: '✖ Too big: expected number to be <=1\n  → at points[0].repetitions[0].otherCpuShare',
  },
  {
    name: 'a group usage with negative CPU',
    mutate: (d: Dataset) => ({
      ...d,
      points: [
        makePoint({}, [
          makeRepetition({
            groups: {
              db: {
                cpuCores: -1,
                pssBytesMean: 0,
                pssBytesMax: 0,
                rssBytesMax: 0,
                idlePssBytes: 0,
                processes: 0,
                metrics: {},
              },
            },
          }),
        ]),
      ],
    }),
    message:
      '✖ Too small: expected number to be >=0\n  → at points[0].repetitions[0].groups.db.cpuCores',
  },
  {
    name: 'a group of unknown role',
    mutate: (d: Dataset) => ({ ...d, groups: [{ name: 'db', role: 'sidecar', cpus: [1] }] }),
    message: '✖ Invalid option: expected one of "server"|"service"\n  → at groups[0].role',
  },
  {
    name: 'an id with capitals',
    mutate: (d: Dataset) => ({ ...d, id: 'Sweep IO' }),
    message: '✖ Invalid string: must match pattern /^[a-z0-9-]+$/\n  → at id',
  },
])('validateDataset rejects $name', ({ mutate, message }) => {
  it('with a message naming the dataset and the failing path', () => {
    const attempt = (): unknown => validateDataset(mutate(makeDataset()), 'test.json');
    expect(attempt).toThrow(DatasetValidationError);
    expect(attempt).toThrow(`test.json does not match the bench-dataset schema:\n${message}`);
  });
});

it('validateDataset message format', () => {
  expect(() => validateDataset({ ...makeDataset(), points: [] }, 'empty.json'))
    .toThrowErrorMatchingInlineSnapshot(`
    [DatasetValidationError: empty.json does not match the bench-dataset schema:
    ✖ Too small: expected array to have >=1 items
      → at points]
  `);
});

it('bench-data/schema.json is generated from the zod schema', () => {
  const committed = readFileSync(
    new URL('../../../../bench-data/schema.json', import.meta.url),
    'utf8',
  );
  expect(committed).toBe(renderJsonSchema());
});
