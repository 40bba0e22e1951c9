import { describe, expect, it } from 'vitest';
import { appendRun } from '../../../../harness/run/append.ts';
import { THEMES } from '../../../../src/charts/draw/themes.ts';
import { toChartConfig } from '../../../../src/charts/draw/to-chart-config.ts';
import { describePoint, describeSpread } from '../../../../src/charts/model/describe-chart.ts';
import { METRICS } from '../../../../src/charts/model/metrics.ts';
import { parseDefinition } from '../../../../src/charts/model/resolve-charts.ts';
import { toChartData } from '../../../../src/charts/model/to-chart-data.ts';
import { makeDataset, makePoint, makeRepetition } from '../../../support/bench-factory.ts';
import { syntheticSweep } from '../../../support/chart-factory.ts';

/** One run of the factory's point, with these throughputs per repetition. */
function makeRun(rps: number[], seed: number) {
  const reps = rps.map((throughputRps, index) =>
    makeRepetition({ index, runOrder: index, throughputRps, requests: throughputRps * 3 }),
  );
  return makeDataset([makePoint({}, reps)], {
    runs: [
      {
        date: `2026-12-0${seed}T08:00:00.000Z`,
        seed,
        harnessCommit: '1111111111111111111111111111111111111111',
        harnessDirty: false,
        command: 'npm run bench',
        kernel: 'Linux 6.1',
        schedAutogroup: false,
        cpuLoopsPerMs: 19000,
      },
    ],
  });
}

// Run medians 100 and 80: between = 20 / 90. Within: 10 / 100 and 4 / 80, median 0.075.
const twoRuns = appendRun(makeRun([95, 100, 105], 1), makeRun([78, 80, 82], 2));
const [point] = twoRuns.points;
if (!point) throw new Error('the factory dataset has one point');

describe('the betweenRuns and withinRuns metrics', () => {
  it("compare the runs' medians with the spread inside each run, as percentages", () => {
    expect(METRICS.betweenRuns.summary(point)?.median).toBeCloseTo(20 / 90);
    expect(METRICS.withinRuns.summary(point)?.median).toBeCloseTo(0.075);
    expect(METRICS.betweenRuns.unit).toBe('%');
    expect(20 / 90 / METRICS.betweenRuns.divisor).toBeCloseTo(22.2, 1);
  });

  it('are null, not zero, for a point recorded in one run', () => {
    const [single] = makeRun([1, 2, 3], 1).points;
    expect(single && METRICS.betweenRuns.summary(single)).toBeNull();
    expect(single && METRICS.withinRuns.summary(single)).toBeNull();
  });

  it('chart one number per point, described as such, with no repetitions', () => {
    const definition = parseDefinition({
      ...syntheticSweep,
      dataset: twoRuns.id,
      metrics: ['throughput', 'betweenRuns', 'withinRuns'],
    });
    const data = toChartData(definition, twoRuns);
    const value = data.series[0]?.values.betweenRuns?.[0];
    expect(value).toMatchObject({ median: (100 * 20) / 90, repetitions: [], perPoint: true });
    if (!value) throw new Error('no betweenRuns value charted');
    expect(describeSpread(value, 'betweenRuns')).toBe(
      'one number for the point, computed over its runs',
    );
    expect(describePoint(data, 'betweenRuns', 0, 0)).toEqual([
      expect.any(String),
      'Throughput spread between runs: 22.2 % (over the point’s runs)',
    ]);
    // Throughput itself keeps every repetition of both runs.
    expect(data.series[0]?.values.throughput?.[0]?.repetitions).toHaveLength(6);
    // The image's subtitle promises no bars where there are none.
    const subtitle = (metric: 'throughput' | 'betweenRuns') =>
      toChartConfig(data, { metric, yScale: 'linear', hidden: [] }, THEMES.light, {
        standalone: true,
      }).options?.plugins?.subtitle?.text?.at(-1);
    expect(subtitle('betweenRuns')).toBe(
      'Throughput spread between runs · linear scale · one number per point, over its runs',
    );
    expect(subtitle('throughput')).toBe(
      'Throughput · linear scale · bars: min–max over repetitions',
    );
  });
});
