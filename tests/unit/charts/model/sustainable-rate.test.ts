import { describe, expect, it } from 'vitest';
import {
  applyObjective,
  findSustainedRate,
  type RateCandidate,
} from '../../../../src/charts/model/sustainable-rate.ts';
import { describePoint, summarizeChart } from '../../../../src/charts/model/describe-chart.ts';
import { toDefaultView } from '../../../../src/charts/model/chart-state.ts';
import { catchMessage } from '../../../support/catch-message.ts';
import { makeChartData } from '../../../support/chart-factory.ts';
import { makeOpenLoopChart, sustainableChart } from '../../../support/open-loop-charts.ts';

/** A candidate at `rate` req/s with each repetition's p99; no failure, no flag unless given. */
const at = (rate: number, p99: (number | null)[], more: Partial<RateCandidate> = {}) => ({
  pointId: `p${rate}`,
  rateRps: rate,
  share: rate / 100,
  p99Ms: p99,
  failed: 0,
  generatorFlagged: 0,
  ...more,
});

describe.each([
  {
    name: 'every rate meets the objective',
    candidates: [at(10, [5, 6, 7]), at(50, [20, 30, 40]), at(90, [80, 90, 99])],
    met: 90,
    limit: null,
  },
  {
    name: 'the p99 passes the objective at the third rate',
    candidates: [at(10, [5, 6, 7]), at(50, [20, 30, 40]), at(90, [80, 101, 99])],
    met: 50,
    limit: { rate: 90, verdict: 'slow' },
  },
  {
    name: 'one repetition of three is slow (the median would pass: the worst counts)',
    candidates: [at(10, [5, 6, 7]), at(50, [40, 60, 150])],
    met: 10,
    limit: { rate: 50, verdict: 'slow' },
  },
  {
    name: 'a request failed at a fast rate',
    candidates: [at(10, [5, 6, 7]), at(50, [20, 30, 40], { failed: 1 })],
    met: 10,
    limit: { rate: 50, verdict: 'failed' },
  },
  {
    name: 'a repetition answered nothing in time (no p99)',
    candidates: [at(10, [5, 6, 7]), at(50, [20, null, 40])],
    met: 10,
    limit: { rate: 50, verdict: 'unanswered' },
  },
  {
    name: 'the generator fell behind: suspect, so it stops the bar however fast',
    candidates: [at(10, [5, 6, 7]), at(50, [1, 1, 1], { generatorFlagged: 1 }), at(90, [9, 9, 9])],
    met: 10,
    limit: { rate: 50, verdict: 'suspect' },
  },
  {
    name: 'a pass above a miss (chance, not capacity)',
    candidates: [at(90, [50, 50, 50]), at(10, [5, 6, 7]), at(50, [200, 200, 200])],
    met: 10,
    limit: { rate: 50, verdict: 'slow' },
  },
  {
    name: 'not even the lowest rate meets it',
    candidates: [at(10, [500, 6, 7]), at(50, [20, 30, 40])],
    met: null,
    limit: { rate: 10, verdict: 'slow' },
  },
])('findSustainedRate: $name', ({ candidates, met, limit }) => {
  it('finds the highest rate met from the lowest up, and the first that was not', () => {
    const found = findSustainedRate(candidates, 100);
    expect(found.met?.rateRps ?? null).toBe(met);
    expect(
      found.limit && { rate: found.limit.candidate.rateRps, verdict: found.limit.verdict },
    ).toEqual(limit);
  });
});

describe('a sustainable-rate chart', () => {
  const data = makeOpenLoopChart(sustainableChart, [
    { model: 'gunicorn-sync', endpoint: 'io', share: 0.1, p99: [60, 61, 62] },
    { model: 'gunicorn-sync', endpoint: 'io', share: 0.5, p99: [80, 90, 120] },
    { model: 'gunicorn-sync', endpoint: 'io', share: 1, p99: [300, 400, 500] },
    { model: 'uvicorn', endpoint: 'io', share: 0.5, p99: [55, 56, 57] },
    { model: 'uvicorn', endpoint: 'io', share: 1.5, p99: [70, 71, 72], late: 1 },
    { model: 'uvicorn', endpoint: 'cpu', share: 0.5, p99: [150, 150, 150] },
  ]);
  const bars = (chart = data) =>
    chart.series.map((s) => [s.key, s.values.sustainableRps?.map((v) => v?.median ?? null)]);

  it('has one bar per model and endpoint, at the default objective', () => {
    expect(data.x.categories?.map((c) => c.value)).toEqual(['io', 'cpu']);
    expect(data.sustainable).toEqual({ defaultMs: 100, minMs: 1, maxMs: 2000, objectiveMs: 100 });
    expect(bars()).toEqual([
      ['gunicorn-sync', [10, null]],
      ['uvicorn', [50, null]],
    ]);
  });

  it('moves its bars with the objective, and marks a bar stopped by a suspect rate', () => {
    const loose = applyObjective(data, 1000);
    expect(bars(loose)).toEqual([
      ['gunicorn-sync', [100, null]],
      ['uvicorn', [50, 50]],
    ]);
    expect(loose.series[1]?.values.sustainableRps?.[0]?.generatorFlagged).toBe(1);
    expect(bars(applyObjective(data, 50))).toEqual([
      ['gunicorn-sync', [null, null]],
      ['uvicorn', [null, null]],
    ]);
  });

  it('says what each bar rests on and why it stops', () => {
    expect(describePoint(data, 'sustainableRps', 0, 0)).toEqual([
      'gunicorn sync · Endpoint: /io',
      'Highest rate meeting p99 ≤ 100 ms and no request failed: 10 req/s offered (10% of capacity; worst repetition’s p99 62 ms)',
      'Next rate measured, 50 req/s: the worst repetition’s p99 was 120 ms',
    ]);
    expect(describePoint(applyObjective(data, 1000), 'sustainableRps', 1, 0).at(-1)).toBe(
      'Next rate measured, 150 req/s: the load generator fell behind or saturated its CPU in 1 repetition, so it cannot be judged (suspect)',
    );
  });

  it('summarizes every bar at the view’s objective', () => {
    const view = { ...toDefaultView(data), objectiveMs: 1000 };
    expect(summarizeChart(data, view)).toMatchInlineSnapshot(
      `"Highest offered rate in req/s with p99 ≤ 1,000 ms and no request failed, against Endpoint, for 2 of 2 series: gunicorn sync, /io: 100 req/s; uvicorn, /io: 50 req/s; uvicorn, /cpu: 50 req/s. Each is a rate measured on the grid of shares of capacity, not an interpolation. Hollow bars stop below a rate where the load generator fell behind, which cannot be judged."`,
    );
  });

  it('refuses closed-loop points, and the wrong metric', () => {
    expect(
      catchMessage(() =>
        makeChartData({ ...sustainableChart, dataset: 'synthetic' }, [{ model: 'uvicorn' }]),
      ),
    ).toMatchInlineSnapshot(
      `"ChartError: Chart "test-sustainable": point "uvicorn/hello/c1/w1t1/s0" is closed loop: a sustainable rate needs open-loop points (narrow "where")"`,
    );
    expect(
      catchMessage(() =>
        makeChartData({ ...sustainableChart, dataset: 'synthetic', metrics: ['p99'] }, []),
      ),
    ).toMatchInlineSnapshot(
      `"ChartError: Chart "test-sustainable": bad definition in src/charts/registry.ts: metrics: metric sustainableRps goes with "sustainable" (and a sustainable chart shows only it)"`,
    );
  });
});
