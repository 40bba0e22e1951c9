/**
 * The chart model's database fields and metrics (issue 12): series split by app, driver access
 * and route; the pool size on x; the route as a categorical x; the database's connections and
 * the apps' 503s as metrics.
 */
import { describe, expect, it } from 'vitest';
import type { ChartDefinitionInput } from '../../../../src/charts/model/chart-definition.ts';
import type { SyntheticPoint } from '../../../support/bench-factory.ts';
import { formatX, summarizeChart } from '../../../../src/charts/model/describe-chart.ts';
import { readMeasured } from '../../../../src/charts/model/read-measured.ts';
import { toCsv } from '../../../../src/charts/model/to-csv.ts';
import { makeChartData } from '../../../support/chart-factory.ts';
import { catchMessage } from '../../../support/catch-message.ts';

const poolChart: Partial<ChartDefinitionInput> = {
  x: { field: 'poolSize', label: 'Pool size', scale: 'logarithmic' },
  series: ['app', 'model'],
  metrics: ['throughput', 'poolTimeouts', 'dbRefused', 'dbConnections'],
};

describe('series split by the database fields', () => {
  it.each<{
    name: string;
    definition: Partial<ChartDefinitionInput>;
    points: SyntheticPoint[];
    expected: [string, string][];
  }>([
    {
      name: 'app and model, apps in schema order',
      definition: { series: ['app', 'model'] },
      points: [
        { app: 'fastapi', model: 'uvicorn' },
        { app: 'flask', model: 'gunicorn-gthread' },
        { app: 'django', model: 'gunicorn-gthread' },
      ],
      expected: [
        ['flask.gunicorn-gthread', 'Flask, gunicorn gthread'],
        ['django.gunicorn-gthread', 'Django, gunicorn gthread'],
        ['fastapi.uvicorn', 'FastAPI, uvicorn'],
      ],
    },
    {
      name: 'how a request calls the driver',
      definition: { series: ['dbAccess'] },
      points: [{ dbAccess: 'sync-in-async' }, { dbAccess: 'async' }, { dbAccess: 'thread-pool' }],
      expected: [
        ['async', 'async driver, awaited'],
        ['sync-in-async', 'sync driver inside async def'],
        ['thread-pool', 'plain def, in the thread pool'],
      ],
    },
    {
      name: 'the route, an absent one read as direct as the schema defines it',
      definition: { series: ['dbRoute'] },
      points: [{ app: 'flask', dbRoute: 'pgbouncer' }, { app: 'flask' }],
      expected: [
        ['direct', 'straight to PostgreSQL'],
        ['pgbouncer', 'through PgBouncer'],
      ],
    },
  ])('$name', ({ definition, points, expected }) => {
    const data = makeChartData(definition, points);
    expect(data.series.map((s) => [s.key, s.label])).toEqual(expected);
  });

  it('filters on a database field with where', () => {
    const data = makeChartData({ series: ['app', 'model'], where: [{ app: ['django'] }] }, [
      { app: 'django', model: 'uvicorn' },
      { app: 'fastapi', model: 'uvicorn' },
    ]);
    expect(data.series.map((s) => s.key)).toEqual(['django.uvicorn']);
  });
});

describe('the pool size on the x axis', () => {
  it('places points by connections per process', () => {
    const data = makeChartData(poolChart, [
      { app: 'flask', model: 'gunicorn-sync', poolSize: 20 },
      { app: 'flask', model: 'gunicorn-sync', poolSize: 1 },
      { app: 'flask', model: 'gunicorn-sync', poolSize: 5 },
    ]);
    expect(data.x.values).toEqual([1, 5, 20]);
  });

  it('refuses a point without a pool size, naming the point and the field', () => {
    const message = catchMessage(() =>
      makeChartData(poolChart, [
        { app: 'flask', model: 'gunicorn-sync', poolSize: 2 },
        { app: 'django', model: 'gunicorn-gthread', dbConnections: 'per-request' },
      ]),
    );
    expect(message).toMatchInlineSnapshot(
      `"ChartError: Chart "test-sweep": point "django/per-request/gunicorn-gthread/hello/c1/w1t1/s0" of bench-data/synthetic.json has no poolSize for the x axis; narrow "where""`,
    );
  });
});

describe('the database metrics', () => {
  it.each<{ name: string; metric: 'poolTimeouts' | 'dbRefused' | 'dbConnections'; median: number }>(
    [
      { name: 'answers 503 pool-timeout', metric: 'poolTimeouts', median: 7 },
      { name: 'answers 503 database-unavailable', metric: 'dbRefused', median: 3 },
      { name: "the database's peak connections", metric: 'dbConnections', median: 12 },
    ],
  )('reads $name per repetition', ({ metric, median }) => {
    const data = makeChartData(poolChart, [
      {
        app: 'flask',
        model: 'gunicorn-gevent',
        poolSize: 10,
        statusCounts: { '200': 90, '503 pool-timeout': 7, '503 database-unavailable': 3 },
        dbPeakConnections: [11, 12, 13],
      },
    ]);
    expect(data.series[0]?.values[metric]?.[0]?.median).toBe(median);
  });

  it('counts only the answers 200 in the successful throughput', () => {
    const data = makeChartData({ ...poolChart, metrics: ['throughput', 'okThroughput'] }, [
      {
        app: 'fastapi',
        model: 'uvicorn',
        poolSize: 1,
        throughput: [10, 10, 10],
        statusCounts: { '200': 40, '503 pool-timeout': 60 },
      },
    ]);
    // The factory's windows are 10 s long: 40 answers 200 in each.
    expect(data.series[0]?.values.throughput?.[0]?.median).toBe(10);
    expect(data.series[0]?.values.okThroughput?.[0]?.median).toBe(4);
  });

  it('counts a kind that never occurred as zero where statuses were counted', () => {
    const data = makeChartData(poolChart, [
      { app: 'fastapi', model: 'uvicorn', poolSize: 1, statusCounts: { '200': 100 } },
    ]);
    expect(data.series[0]?.values.dbRefused?.[0]?.repetitions).toEqual([0, 0, 0]);
  });

  it('leaves them unmeasured (null), never zero, in a dataset without a database', () => {
    const data = makeChartData({ metrics: ['throughput', 'poolTimeouts', 'dbConnections'] }, [
      { model: 'uvicorn' },
    ]);
    expect(data.series[0]?.values.poolTimeouts?.[0]).toBeNull();
    expect(data.series[0]?.values.dbConnections?.[0]).toBeNull();
  });
});

describe('a categorical x axis: the route', () => {
  const routeChart: Partial<ChartDefinitionInput> = {
    x: { field: 'dbRoute', label: 'Route', scale: 'logarithmic' },
    series: ['app', 'model'],
    metrics: ['throughput', 'dbConnections'],
  };
  const points: SyntheticPoint[] = [
    { app: 'flask', model: 'gunicorn-gevent', dbRoute: 'pgbouncer', throughput: [7, 8, 9] },
    { app: 'flask', model: 'gunicorn-gevent', dbRoute: 'direct', throughput: [1, 2, 3] },
  ];

  it('puts each route at a position of a linear axis, in schema order, with its label', () => {
    const data = makeChartData(routeChart, points);
    expect(data.x.values).toEqual([0, 1]);
    expect(data.x.scale).toBe('linear');
    expect(data.x.categories).toEqual([
      { value: 'direct', label: 'straight to PostgreSQL' },
      { value: 'pgbouncer', label: 'through PgBouncer' },
    ]);
    expect(data.series[0]?.values.throughput?.map((v) => v?.median)).toEqual([2, 8]);
  });

  it('reads a category in words in tooltips, summaries and the table', () => {
    const data = makeChartData(routeChart, points);
    expect(formatX(data, 1)).toBe('Route: through PgBouncer');
    expect(summarizeChart(data, { metric: 'throughput', hidden: [], yScale: 'linear' })).toContain(
      'from straight to PostgreSQL to through PgBouncer',
    );
  });

  it('writes the category value into the CSV', () => {
    const data = makeChartData(routeChart, points);
    const csv = toCsv(data, { hidden: [] });
    const rows = csv.trim().split('\n');
    // The label holds a comma, so it is quoted: the x value follows the closing quote.
    expect(rows.slice(1).map((row) => row.split('",')[1]?.split(',')[0])).toEqual([
      'direct',
      'pgbouncer',
    ]);
  });

  it.each([
    { x: 'pgbouncer', median: 8 },
    { x: 'direct', median: 2 },
    { x: 'max', median: 8 },
  ])('lets <Measured> name the category x="$x"', ({ x, median }) => {
    const data = makeChartData(routeChart, points);
    const found = readMeasured(data, {
      chart: data.id,
      series: 'flask.gunicorn-gevent',
      x,
      metric: 'throughput',
    });
    expect(found.value.median).toBe(median);
  });

  it('refuses a category the chart does not have, listing those it has', () => {
    const data = makeChartData(routeChart, points);
    const message = catchMessage(() =>
      readMeasured(data, {
        chart: data.id,
        series: 'flask.gunicorn-gevent',
        x: 'pgpool',
        metric: 'throughput',
      }),
    );
    expect(message).toContain('no dbRoute pgpool (this chart has: direct, pgbouncer)');
  });
});
