import { describe, expect, it } from 'vitest';
import { listConnections } from '../../../../harness/scenarios/closed-vs-open.ts';
import { buildScenarios } from '../../../../harness/scenarios/index.ts';
import { SHARES } from '../../../../harness/scenarios/open-loop.ts';
import { MODELS } from '../../../../harness/system/models.ts';

const ctx = { models: MODELS, serverCpuCount: 1 };
const [openLoop, closedVsOpen] = buildScenarios(['open-loop', 'closed-vs-open'], ctx);

describe.each([
  {
    model: 'gunicorn-sync',
    io: { from: 'configuration', rps: 60 },
    cpu: { from: 'probe', concurrency: 4 },
  },
  {
    model: 'gunicorn-gthread',
    io: { from: 'configuration', rps: 240 },
    cpu: { from: 'probe', concurrency: 4 },
  },
  {
    model: 'gunicorn-gevent',
    io: { from: 'probe', concurrency: 1024 },
    cpu: { from: 'probe', concurrency: 4 },
  },
  {
    model: 'uvicorn',
    io: { from: 'probe', concurrency: 1024 },
    cpu: { from: 'probe', concurrency: 4 },
  },
  {
    model: 'gunicorn-uvicorn-worker',
    io: { from: 'probe', concurrency: 1024 },
    cpu: { from: 'probe', concurrency: 4 },
  },
  {
    model: 'gunicorn-asgi',
    io: { from: 'probe', concurrency: 1024 },
    cpu: { from: 'probe', concurrency: 4 },
  },
])('open-loop scenario, $model on one server CPU', ({ model, io, cpu }) => {
  const points = openLoop?.points.filter((p) => p.model === model) ?? [];

  it.each([
    { endpoint: 'io', rule: io },
    { endpoint: 'cpu', rule: cpu },
  ])(
    'offers every share of its $endpoint capacity, with Poisson arrivals',
    ({ endpoint, rule }) => {
      const grid = points.filter((p) => p.endpoint === endpoint);
      expect(grid.map((p) => p.openLoop?.share)).toEqual(SHARES);
      for (const p of grid) {
        expect(p.openLoop).toMatchObject({ arrival: 'poisson', capacity: rule });
        expect(p.concurrency).toBe(1024);
      }
    },
  );
});

it('runs from about 10 % to 150 % of capacity, most points around it', () => {
  expect(Math.min(...SHARES)).toBe(0.1);
  expect(Math.max(...SHARES)).toBe(1.5);
  expect(SHARES.filter((s) => s >= 0.75 && s <= 1).length).toBeGreaterThanOrEqual(3);
});

describe.each([
  { workers: 3, connections: [1, 2, 3, 12] },
  { workers: 1, connections: [1, 4] },
  { workers: 5, connections: [1, 4, 5, 20] },
])('closed-vs-open at $workers workers', ({ workers, connections }) => {
  it(`measures wrk at ${connections.join(', ')} connections`, () => {
    expect(listConnections(workers)).toEqual(connections);
  });
});

it('closed-vs-open pairs each closed-loop point with open-loop points at its rate', () => {
  const points = closedVsOpen?.points ?? [];
  for (const concurrency of [1, 2, 3, 12]) {
    expect(points.filter((p) => !p.openLoop && p.concurrency === concurrency)).toHaveLength(1);
    const open = points.filter(
      (p) =>
        p.openLoop?.capacity.from === 'point' && p.openLoop.capacity.concurrency === concurrency,
    );
    expect(open.map((p) => [p.openLoop?.arrival, p.openLoop?.share])).toEqual([
      ['constant', 1],
      ['poisson', 1],
    ]);
  }
});

describe('open-loop-db', () => {
  const [db] = buildScenarios(['open-loop-db'], ctx);
  const configurations = [
    ...new Set(db?.points.map((p) => `${p.app}/${p.model}/${p.dbConnections}/${p.poolSize}`)),
  ];

  it('runs each app under the models readers deploy it with, pooled as db-frameworks does', () => {
    expect(configurations).toEqual([
      'flask/gunicorn-sync/pool/1',
      'flask/gunicorn-gthread/pool/4',
      'flask/gunicorn-gevent/pool/4',
      'django/gunicorn-sync/persistent/1',
      'django/uvicorn/pool/4',
      'fastapi/uvicorn/pool/10',
    ]);
  });

  it.each(configurations)('offers %s every share of its probed capacity on /db', (c) => {
    const grid = db?.points.filter(
      (p) => `${p.app}/${p.model}/${p.dbConnections}/${p.poolSize}` === c,
    );
    expect(grid?.map((p) => p.openLoop?.share)).toEqual(SHARES);
    for (const p of grid ?? []) {
      expect(p.endpoint).toBe('db');
      expect(p.openLoop).toMatchObject({
        arrival: 'poisson',
        capacity: { from: 'probe', concurrency: 16 },
      });
    }
  });
});
