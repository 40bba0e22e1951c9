import { describe, expect, it } from 'vitest';
import type { ChartDefinitionInput } from '../../../../src/charts/model/chart-definition.ts';
import type { SyntheticPoint } from '../../../support/bench-factory.ts';
import { makeChartData } from '../../../support/chart-factory.ts';
import { catchMessage } from '../../../support/catch-message.ts';

describe('toChartData', () => {
  it('groups points into series along x and keeps median, spread and repetitions', () => {
    const data = makeChartData({}, [
      { model: 'uvicorn', concurrency: 4, throughput: [30, 10, 20] },
      { model: 'uvicorn', concurrency: 1, throughput: [5, 6, 7] },
      { model: 'gunicorn-sync', concurrency: 1, throughput: [1, 2, 3] },
    ]);
    expect(data.x.values).toEqual([1, 4]);
    expect(data.series.map((s) => [s.key, s.label, s.colorIndex])).toEqual([
      ['gunicorn-sync', 'gunicorn sync', 0],
      ['uvicorn', 'uvicorn', 3],
    ]);
    expect(data.series[1]?.values.throughput?.[1]).toMatchObject({
      median: 20,
      min: 10,
      max: 30,
      repetitions: [30, 10, 20],
    });
  });

  it("gives every model a colour of its own, and a variant its model's colour, dotted", () => {
    const data = makeChartData({}, [
      { model: 'gunicorn-sync', concurrency: 1 },
      { model: 'gunicorn-sync-python-parser', concurrency: 1 },
      { model: 'uvicorn', concurrency: 1 },
      { model: 'uvicorn-asyncio-h11', concurrency: 1 },
      { model: 'hypercorn', concurrency: 1 },
      { model: 'daphne', concurrency: 1 },
    ]);
    expect(data.series.map((s) => [s.key, s.colorIndex, s.variant ?? false])).toEqual([
      ['gunicorn-sync', 0, false],
      ['uvicorn', 3, false],
      ['uvicorn-asyncio-h11', 3, true],
      ['hypercorn', 6, false],
      ['daphne', 7, false],
      ['gunicorn-sync-python-parser', 0, true],
    ]);
  });

  it('leaves a gap (null), never a zero, where a series has no point', () => {
    const data = makeChartData({}, [
      { model: 'uvicorn', concurrency: 1 },
      { model: 'uvicorn', concurrency: 16 },
      { model: 'gunicorn-sync', concurrency: 4 },
    ]);
    expect(data.series[0]?.values.throughput?.map((v) => v?.median ?? null)).toEqual([
      null,
      200,
      null,
    ]);
  });

  it('keeps a metric that measured nothing as null, and a repetition that measured nothing too', () => {
    const data = makeChartData({}, [
      { concurrency: 1, p50: [null, null, null] },
      { concurrency: 2, p50: [4, null, 8] },
    ]);
    const p50 = data.series[0]?.values.p50;
    expect(p50?.[0]).toBeNull();
    expect(p50?.[1]?.repetitions).toEqual([4, null, 8]);
  });

  it('converts bytes to MiB for memory', () => {
    const data = makeChartData({}, [{ concurrency: 1 }]);
    expect(data.series[0]?.values.memory?.[0]?.median).toBe(2);
  });

  it('labels series split by several fields and orders them by field', () => {
    const data = makeChartData(
      { series: ['model', 'threads'], x: { field: 'workers', label: 'Workers' } },
      [
        { model: 'gunicorn-gthread', threads: 8, workers: 1 },
        { model: 'gunicorn-gthread', threads: 2, workers: 1 },
        { model: 'gunicorn-sync', threads: 1, workers: 1 },
      ],
    );
    expect(data.series.map((s) => s.label)).toEqual([
      'gunicorn sync, 1 thread',
      'gunicorn gthread, 2 threads',
      'gunicorn gthread, 8 threads',
    ]);
  });

  it('computes throughput bounds from the parameters of the charted points, not from measurements', () => {
    const data = makeChartData(
      { bounds: [{ by: 'slots', model: 'gunicorn-gthread' }, { by: 'server-cpus' }] },
      [
        { model: 'gunicorn-gthread', endpoint: 'io', endpointMs: 50, workers: 3, threads: 4 },
        { model: 'uvicorn', endpoint: 'io', endpointMs: 50 },
      ],
    );
    expect(data.bounds).toEqual([
      { label: 'gunicorn gthread: 3 workers x 4 threads x 1000 / 50 ms', value: 240 },
      { label: '1 server CPU x 1000 / 50 ms', value: 20 },
    ]);
  });

  it('summarizes RSS from the repetitions like the harness summarizes the rest', () => {
    const data = makeChartData({ metrics: ['rss'] }, [{ concurrency: 1 }]);
    expect(data.series[0]?.values.rss?.[0]).toMatchObject({ median: 4, min: 4, max: 4 });
  });

  it('filters points with where', () => {
    const data = makeChartData({ where: [{ model: ['uvicorn'] }] }, [
      { model: 'uvicorn', concurrency: 1 },
      { model: 'gunicorn-sync', concurrency: 1 },
    ]);
    expect(data.series.map((s) => s.key)).toEqual(['uvicorn']);
  });
});

const refusals: {
  name: string;
  overrides: Partial<ChartDefinitionInput>;
  points: SyntheticPoint[];
}[] = [
  {
    name: 'two points on one series and x',
    overrides: {},
    points: [
      { model: 'uvicorn', concurrency: 1, workers: 1 },
      { model: 'uvicorn', concurrency: 1, workers: 2 },
    ],
  },
  {
    name: 'a where value that matches no point',
    overrides: { where: [{ model: ['uvicron'] }] },
    points: [{ model: 'uvicorn' }, { model: 'gunicorn-sync' }],
  },
  {
    name: 'a where filter that leaves nothing',
    overrides: { where: [{ model: ['uvicorn'], workers: [2] }] },
    points: [{ model: 'uvicorn' }, { model: 'gunicorn-sync', workers: 2 }],
  },
  { name: 'a dataset other than the one named', overrides: { dataset: 'sweep-io' }, points: [{}] },
  {
    name: 'a bound over points with different waits',
    overrides: { bounds: [{ by: 'server-cpus' }] },
    points: [
      { concurrency: 1, endpointMs: 5 },
      { concurrency: 2, endpointMs: 50 },
    ],
  },
  {
    name: 'a slots bound for a model not in the chart',
    overrides: { bounds: [{ by: 'slots', model: 'gunicorn-sync' }] },
    points: [{ endpointMs: 50 }],
  },
];

describe('toChartData refuses a definition that does not fit its dataset', () => {
  it('with a message naming the chart, the file and the field', () => {
    const messages = Object.fromEntries(
      refusals.map(({ name, overrides, points }) => [
        name,
        catchMessage(() => makeChartData(overrides, points)),
      ]),
    );
    expect(messages).toMatchInlineSnapshot(`
      {
        "a bound over points with different waits": "ChartError: Chart "test-sweep": a bound needs one endpointMs across its points of bench-data/synthetic.json, found: 5, 50",
        "a dataset other than the one named": "ChartError: Chart "test-sweep": names dataset "sweep-io" but was given "synthetic"",
        "a slots bound for a model not in the chart": "ChartError: Chart "test-sweep": bounds: by "slots" needs a model with points in the chart, got "gunicorn-sync"",
        "a where filter that leaves nothing": "ChartError: Chart "test-sweep": its where filter leaves no point of bench-data/synthetic.json",
        "a where value that matches no point": "ChartError: Chart "test-sweep": where[0].model value "uvicron" matches no point in bench-data/synthetic.json (its model values: gunicorn-sync, uvicorn)",
        "two points on one series and x": "ChartError: Chart "test-sweep": points "uvicorn/hello/c1/w1t1/s0" and "uvicorn/hello/c1/w2t1/s0" of bench-data/synthetic.json both fall on series "uvicorn" at concurrency=1; split series by another field or narrow "where"",
      }
    `);
  });
});
