import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BenchDatasetSchema } from '../../../src/bench/schema.ts';
import { DatasetValidationError, validateDataset } from '../../../harness/lib/dataset-io.ts';
import { renderJsonSchema } from '../../../src/bench/json-schema.ts';
import { makeDataset, makePoint, makeRepetition } from '../../support/bench-factory.ts';

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
});

type Dataset = ReturnType<typeof makeDataset>;

// The expected first error of each case, exactly as zod's prettifyError prints it.
describe.each([
  {
    name: 'an unknown model',
    mutate: (d: Dataset) => ({ ...d, points: [{ ...d.points[0], model: 'waitress' }] }),
    message:
      '✖ Invalid option: expected one of "gunicorn-sync"|"gunicorn-gthread"|"gunicorn-gevent"|"uvicorn"|"uvicorn-asyncio-h11"|"gunicorn-uvicorn-worker"|"gunicorn-asgi"\n  → at points[0].model',
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
    new URL('../../../bench-data/schema.json', import.meta.url),
    'utf8',
  );
  expect(committed).toBe(renderJsonSchema());
});
