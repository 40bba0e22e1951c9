import { describe, expect, it } from 'vitest';
import { listRoundTicks, toChartConfig } from '../../../../src/charts/draw/to-chart-config.ts';
import { THEMES } from '../../../../src/charts/draw/themes.ts';
import { toDefaultView } from '../../../../src/charts/model/chart-state.ts';
import { describePoint, summarizeChart } from '../../../../src/charts/model/describe-chart.ts';
import { P999_MIN_REQUESTS } from '../../../../src/charts/model/open-loop-metrics.ts';
import { makeFieldReader } from '../../../../src/charts/model/read-point-field.ts';
import { toCsv } from '../../../../src/charts/model/to-csv.ts';
import { makeSyntheticDataset } from '../../../support/bench-factory.ts';
import { hockeyChart, makeOpenLoopChart } from '../../../support/open-loop-charts.ts';

const data = makeOpenLoopChart(hockeyChart, [
  { model: 'gunicorn-sync', share: 0.5, p99: [80, 90, 100], timeouts: 3 },
  { model: 'gunicorn-sync', share: 1, late: 2, completed: P999_MIN_REQUESTS },
  { model: 'uvicorn', share: 0.75, completed: P999_MIN_REQUESTS - 1 },
]);
const [sync, uvicorn] = data.series;

describe('a hockey-stick chart (latency against the offered rate)', () => {
  it('puts each series at its own offered rates', () => {
    expect(data.x.values).toEqual([50, 75, 100]);
    expect(sync?.values.p99?.map((v) => v?.pointId ?? null)).toEqual([
      'gunicorn-sync/io/poisson-0.5',
      null,
      'gunicorn-sync/io/poisson-1',
    ]);
  });

  it("charts open-loop latency over all repetitions' requests, with the repetitions' spread", () => {
    // The factory's merged p99 is 91 ms; the repetitions' own are 80, 90 and 100.
    expect(sync?.values.p99?.[0]).toMatchObject({
      median: 91,
      min: 80,
      max: 100,
      repetitions: [80, 90, 100],
      pooled: true,
    });
    expect(describePoint(data, 'p99', 0, 0)[1]).toBe(
      'Tail latency (p99): 91 ms (all repetitions’ requests together)',
    );
  });

  it('shows a p99.9 only where it rests on enough requests', () => {
    expect(sync?.values.p999?.[2]?.median).toBe(100);
    expect(uvicorn?.values.p999?.[1]).toBeNull();
    expect(sync?.values.p999?.[0]).toBeNull();
  });

  it('counts failed window requests and the rate achieved', () => {
    expect(sync?.values.failed?.[0]).toMatchObject({ median: 0, max: 3, repetitions: [3, 0, 0] });
    expect(sync?.values.achievedRps?.[0]?.median).toBe(45);
  });

  it('marks the points where the generator fell behind, and says so', () => {
    expect(sync?.values.p99?.[2]?.generatorFlagged).toBe(2);
    expect(sync?.values.p99?.[0]).not.toHaveProperty('generatorFlagged');
    expect(describePoint(data, 'p99', 0, 2).at(-1)).toBe(
      'Suspect: the load generator fell behind its schedule or saturated its CPU in 2 repetitions',
    );
    expect(summarizeChart(data, toDefaultView(data))).toContain('Large hollow markers are suspect');
    const config = toChartConfig(data, toDefaultView(data), THEMES.light, { standalone: false });
    expect(config.data.datasets[0]?.pointRadius).toEqual([4, 7]);
    expect(config.data.datasets[0]?.pointBackgroundColor).toEqual([
      THEMES.light.series[0],
      THEMES.light.background,
    ]);
  });

  it('joins each line through its own points only', () => {
    const config = toChartConfig(data, toDefaultView(data), THEMES.light, { standalone: false });
    expect(config.data.datasets.map((d) => d.data.map((p) => p.x))).toEqual([[50, 100], [75]]);
  });

  it('writes a CSV row per point measured, with the generator flags', () => {
    const csv = toCsv(data, { hidden: [] }).split('\n');
    expect(csv[0]).toContain(',generator_flagged_repetitions,point_id');
    expect(csv.slice(1, -1).map((row) => row.split(',').slice(0, 2))).toEqual([
      ['gunicorn sync', '50'],
      ['gunicorn sync', '100'],
      ['uvicorn', '75'],
    ]);
  });
});

describe.each([
  { min: 6, max: 9, ticks: [6, 9] },
  { min: 6, max: 90, ticks: [10, 20, 50] },
  { min: 0.5, max: 3000, ticks: [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000] },
  { min: 0, max: 10, ticks: [] },
])('listRoundTicks($min, $max)', ({ min, max, ticks }) => {
  it('lists the round values between', () => expect(listRoundTicks(min, max)).toEqual(ticks));
});

describe('the fields of closed- and open-loop points', () => {
  const dataset = makeSyntheticDataset('closed-vs-open', [
    { model: 'gunicorn-sync', endpoint: 'io', endpointMs: 50, workers: 3, concurrency: 2 },
    {
      model: 'gunicorn-sync',
      endpoint: 'io',
      endpointMs: 50,
      workers: 3,
      concurrency: 1024,
      openLoop: {
        arrival: 'poisson',
        share: 1,
        capacity: { from: 'point', concurrency: 2, estimateRps: 40 },
      },
    },
  ]);
  const read = makeFieldReader(dataset);
  const [closed, open] = dataset.points;

  it.each([
    { field: 'load', closed: 'closed', open: 'poisson' },
    { field: 'closedConnections', closed: 2, open: 2 },
    { field: 'offeredRps', closed: '', open: 40 },
    { field: 'share', closed: '', open: 1 },
    { field: 'concurrency', closed: 2, open: 1024 },
  ] as const)('$field reads $closed and $open', ({ field, ...expected }) => {
    expect(closed && read(closed, field)).toBe(expected.closed);
    expect(open && read(open, field)).toBe(expected.open);
  });
});
