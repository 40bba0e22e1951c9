import { describe, expect, it } from 'vitest';
import type { ChartDefinitionInput } from '../../../../src/charts/model/chart-definition.ts';
import { resolveCharts } from '../../../../src/charts/model/resolve-charts.ts';
import {
  collectRecordedPoints,
  recordedCores,
} from '../../../../src/demos/simulator/collect-recorded-points.ts';
import { connectionSteps } from '../../../../src/demos/simulator/simulator-controls.ts';
import {
  findNearest,
  findRecorded,
  listPresets,
  type SimSettings,
} from '../../../../src/demos/simulator/simulator-settings.ts';
import { makeSyntheticDataset } from '../../../support/bench-factory.ts';

/*
 * The build-time lookup behind the simulator's "recorded" column: synthetic datasets (made-up
 * round numbers) through the real chart pipeline, as the page gets them.
 */
const connections = { field: 'concurrency', label: 'Connections' } as const;
const definitions: ChartDefinitionInput[] = [
  {
    id: 'sweep-io',
    title: 'Synthetic io sweep',
    dataset: 'sweep-io',
    x: connections,
    series: ['model'],
    metrics: ['throughput', 'p50', 'p99'],
    subtitle: 'A synthetic chart.',
    caption: 'Synthetic.',
  },
  {
    // A second chart of the same dataset: its points must not be listed twice.
    id: 'sweep-io-sync',
    title: 'Synthetic io sweep, sync only',
    dataset: 'sweep-io',
    x: connections,
    series: ['model'],
    where: [{ model: ['gunicorn-sync'] }],
    metrics: ['throughput'],
    subtitle: 'A synthetic chart.',
    caption: 'Synthetic.',
  },
  {
    id: 'workers-threads',
    title: 'Synthetic workers',
    dataset: 'workers-threads',
    x: { field: 'workers', label: 'Workers' },
    series: ['model', 'threads'],
    metrics: ['throughput', 'p99'],
    subtitle: 'A synthetic chart.',
    caption: 'Synthetic.',
  },
  {
    id: 'blocking-loop',
    title: 'Synthetic blocking loop',
    dataset: 'blocking-loop',
    x: connections,
    series: ['endpoint'],
    metrics: ['throughput'],
    subtitle: 'A synthetic chart.',
    caption: 'Synthetic.',
  },
];

const io = { endpoint: 'io', endpointMs: 50 } as const;
const datasets = new Map([
  [
    'sweep-io',
    makeSyntheticDataset('sweep-io', [
      { ...io, model: 'gunicorn-sync', workers: 3, concurrency: 16, throughput: [50, 60, 70] },
      { ...io, model: 'gunicorn-gthread', workers: 3, threads: 4, concurrency: 16 },
      { ...io, model: 'uvicorn', workers: 1, concurrency: 16, p50: [40, 50, 60] },
      { ...io, model: 'gunicorn-asgi', workers: 3, concurrency: 16 },
      { ...io, model: 'gunicorn-sync', workers: 3, concurrency: 64 },
    ]),
  ],
  [
    'workers-threads',
    makeSyntheticDataset('workers-threads', [
      { ...io, model: 'gunicorn-sync', workers: 8, concurrency: 128 },
      { ...io, model: 'gunicorn-gthread', workers: 8, threads: 4, concurrency: 128 },
    ]),
  ],
  [
    'blocking-loop',
    makeSyntheticDataset('blocking-loop', [{ endpoint: 'block', endpointMs: 50, concurrency: 16 }]),
  ],
]);
const known = ['sweep-io', 'workers-threads', 'blocking-loop'];
const { charts } = resolveCharts(definitions, datasets, known);

const settings = (overrides: Partial<SimSettings> = {}): SimSettings => ({
  io_ms: 50,
  cpu_ms: 0,
  connections: 16,
  workers: 3,
  threads: 4,
  loops: 1,
  cores: 1,
  pool: 0,
  ...overrides,
});

describe('collectRecordedPoints', () => {
  const points = collectRecordedPoints(charts, '/');

  it('lists each simulated model’s points once, from the first chart that shows them', () => {
    expect(points.map((p) => [p.model, p.recordedModel, p.connections, p.chart])).toEqual([
      ['sync', 'gunicorn-sync', 16, 'sweep-io'],
      ['sync', 'gunicorn-sync', 64, 'sweep-io'],
      ['gthread', 'gunicorn-gthread', 16, 'sweep-io'],
      ['asyncio', 'uvicorn', 16, 'sweep-io'],
      ['sync', 'gunicorn-sync', 128, 'workers-threads'],
      ['gthread', 'gunicorn-gthread', 128, 'workers-threads'],
    ]);
  });

  it('reads the medians from the chart data, and null where the chart has no such metric', () => {
    const sync = points[0];
    expect(sync?.throughput).toEqual({ median: 60, min: 50, max: 70 });
    expect(points[3]?.p50).toEqual({ median: 50, min: 40, max: 60 });
    expect(points[4]?.p50).toBeNull(); // the workers chart does not offer p50
    expect(points[4]?.p99).not.toBeNull();
  });

  it('turns endpoints into work per request and reads the server CPUs from the environment', () => {
    expect(points.every((p) => p.io_ms === 50 && p.cpu_ms === 0)).toBe(true);
    expect(recordedCores(points)).toBe(1);
  });

  it.each([
    ['/', '/charts/sweep-io/'],
    ['/worker-models/', '/worker-models/charts/sweep-io/'],
    ['/worker-models', '/worker-models/charts/sweep-io/'],
  ])('links to the chart permalink under base %j', (base, href) => {
    expect(collectRecordedPoints(charts, base)[0]?.href).toBe(href);
  });

  it('gives every point a preset that reproduces its whole experiment', () => {
    expect(points[0]?.preset).toEqual(settings()); // sync: gthread's threads, uvicorn's one loop
    expect(points[3]?.preset).toEqual(settings()); // uvicorn: the Gunicorn models' 3 workers
    expect(points[4]?.preset).toEqual(settings({ connections: 128, workers: 8 }));
    expect(listPresets(points).map((p) => p.label)).toEqual([
      '16 connections, 3 workers × 4 threads, 1 loop (50 ms wait, 0 ms CPU)',
      '64 connections, 3 workers × 4 threads, 1 loop (50 ms wait, 0 ms CPU)',
      '128 connections, 8 workers × 4 threads, 1 loop (50 ms wait, 0 ms CPU)',
    ]);
  });
});

describe('findRecorded and findNearest', () => {
  const points = collectRecordedPoints(charts, '/');

  it.each([
    ['sync', settings(), 16],
    ['gthread', settings(), 16],
    ['asyncio', settings(), 16],
    ['sync', settings({ connections: 64, threads: 7 }), 64], // threads do not matter to sync
  ] as const)('finds %s’s recorded point', (model, s, connections) => {
    expect(findRecorded(points, model, s)?.connections).toBe(connections);
  });

  it.each([
    ['gevent: not recorded at all', 'gevent', settings()],
    ['another wait', 'sync', settings({ io_ms: 55 })],
    ['another connection count', 'sync', settings({ connections: 32 })],
    ['more threads', 'gthread', settings({ threads: 8 })],
    ['more uvicorn processes', 'asyncio', settings({ loops: 3 })],
    ['more server CPUs', 'sync', settings({ cores: 2 })],
  ] as const)('finds nothing for %s', (_, model, s) => {
    expect(findRecorded(points, model, s)).toBeUndefined();
  });

  it.each([
    [settings({ connections: 32 }), 16], // one doubling from 16, one from 64: the first wins
    [settings({ connections: 48 }), 64],
    [settings({ connections: 128, workers: 4 }), 128],
    [settings({ io_ms: 60, connections: 1024, workers: 8 }), 128],
  ])('suggests the nearest recorded point for sync', (s, connections) => {
    expect(findNearest(points, 'sync', s)?.connections).toBe(connections);
  });

  it('suggests nothing for a model without recorded points', () => {
    expect(findNearest(points, 'gevent', settings())).toBeUndefined();
  });
});

describe('connectionSteps', () => {
  it('offers the doublings and every recorded connection count, in order', () => {
    expect(connectionSteps([3, 16, 2048])).toEqual([
      1, 2, 3, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048,
    ]);
  });
});

describe('a pool-size sweep (db-pool)', () => {
  const slowQuery = {
    app: 'flask',
    dbConnections: 'pool',
    endpoint: 'slow-query',
    endpointMs: 20,
    concurrency: 128,
    workers: 3,
  } as const;
  const { charts: poolCharts } = resolveCharts(
    [
      {
        id: 'db-pool',
        title: 'Synthetic pool sweep',
        dataset: 'db-pool',
        x: { field: 'poolSize', label: 'Pool size', scale: 'logarithmic' },
        series: ['model'],
        metrics: ['okThroughput', 'throughput'],
        subtitle: 'A synthetic chart.',
        caption: 'Synthetic.',
      },
    ],
    new Map([
      [
        'db-pool',
        makeSyntheticDataset('db-pool', [
          // 10 s windows: 400 answers 200 are 40 req/s of the 50 req/s answered.
          {
            ...slowQuery,
            model: 'gunicorn-sync',
            poolSize: 1,
            throughput: [50, 50, 50],
            statusCounts: { '200': 400, '503 pool-timeout': 100 },
          },
          { ...slowQuery, model: 'gunicorn-sync', poolSize: 2, statusCounts: { '200': 500 } },
        ]),
      ],
    ]),
    ['db-pool'],
  );
  const points = collectRecordedPoints(poolCharts, '/');
  const at = (pool: number) => settings({ io_ms: 20, connections: 128, pool });

  it('reads each point’s pool size and its answers 200 per second', () => {
    expect(points.map((p) => [p.pool, p.io_ms, p.okThroughput?.median])).toEqual([
      [1, 20, 40],
      [2, 20, 50],
    ]);
    expect(points[0]?.throughput.median).toBe(50);
  });

  it.each([
    [1, 1],
    [2, 2],
    [0, undefined], // no pool: not what was recorded
    [5, undefined],
  ])('with a pool of %i per process finds the point of pool %s', (pool, found) => {
    expect(findRecorded(points, 'sync', at(pool))?.pool).toBe(found);
  });

  it('puts the pool in the preset, its label and its nearest-point distance', () => {
    expect(points[0]?.preset).toEqual(at(1));
    expect(listPresets(points)[0]?.label).toBe(
      '128 connections, 3 workers × 4 threads, 1 loop, a pool of 1 per process (20 ms wait, 0 ms CPU)',
    );
    expect(findNearest(points, 'sync', at(3))?.pool).toBe(2);
  });
});
