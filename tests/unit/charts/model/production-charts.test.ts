/**
 * The chart model's container fields and metrics (issue 15): the CPU quota, how the app was
 * loaded and the worker restart as categorical x axes; throttling from the cgroup's cpu.stat,
 * OOM kills from its memory controller and the processes the server started as metrics.
 */
import { describe, expect, it } from 'vitest';
import type { ChartDefinitionInput } from '../../../../src/charts/model/chart-definition.ts';
import type { CgroupStats } from '../../../../src/bench/cgroup-stats.ts';
import { readMeasured } from '../../../../src/charts/model/read-measured.ts';
import { formatX } from '../../../../src/charts/model/describe-chart.ts';
import type { SyntheticPoint } from '../../../support/bench-factory.ts';
import { makeChartData } from '../../../support/chart-factory.ts';
import { catchMessage } from '../../../support/catch-message.ts';

const unlimited = { cpus: null, memoryBytes: null, procSysMounted: true };
const quota = (cpus: number) => ({ ...unlimited, cpus });

/** cpu.stat over one window: `throttledUs` of the factory's 10 s windows. */
function cpuStat(periods: number, throttledPeriods: number, throttledUs: number): CgroupStats {
  return { cpu: { periods, throttledPeriods, throttledUs, usageUs: 1_000_000 }, memory: null };
}

function memoryStat(oomKills: number): CgroupStats {
  const memory = {
    limitBytes: 268435456,
    usageBytes: 1048576,
    peakBytes: 268435456,
    oomKills,
    limitHits: oomKills * 10,
  };
  return { cpu: null, memory };
}

const cpuLimitChart: Partial<ChartDefinitionInput> = {
  x: { field: 'cpuLimit', label: 'CPU limit' },
  series: ['model', 'workers'],
  metrics: ['throughput', 'throttledTime', 'throttledPeriods'],
};

describe('the CPU quota on the x axis', () => {
  const points: SyntheticPoint[] = [
    { model: 'gunicorn-sync', workers: 3, limits: quota(0.5), throughput: [5, 5, 5] },
    { model: 'gunicorn-sync', workers: 3, limits: unlimited, throughput: [20, 20, 20] },
    { model: 'gunicorn-sync', workers: 3, limits: quota(1), throughput: [10, 10, 10] },
  ];

  it('orders no limit first, then the quotas from the largest down, each labelled', () => {
    const data = makeChartData(cpuLimitChart, points);
    expect(data.x.categories).toEqual([
      { value: 'none', label: 'no CPU limit' },
      { value: '1', label: '1 CPU' },
      { value: '0.5', label: '0.5 CPU' },
    ]);
    expect(data.series[0]?.values.throughput?.map((v) => v?.median)).toEqual([20, 10, 5]);
  });

  it('reads a point without limits as no CPU limit', () => {
    const data = makeChartData(cpuLimitChart, [{ model: 'uvicorn' }]);
    expect(data.x.categories?.map((c) => c.value)).toEqual(['none']);
  });

  it.each([
    { x: 'none', median: 20 },
    { x: '0.5', median: 5 },
  ])('lets <Measured> name the quota x="$x"', ({ x, median }) => {
    const data = makeChartData(cpuLimitChart, points);
    const found = readMeasured(data, {
      chart: data.id,
      series: 'gunicorn-sync.3',
      x,
      metric: 'throughput',
    });
    expect(found.value.median).toBe(median);
    expect(formatX(data, found.x)).toBe(`CPU limit: ${x === 'none' ? 'no CPU limit' : '0.5 CPU'}`);
  });

  it('filters on the quota with where, by its category value', () => {
    const data = makeChartData({ ...cpuLimitChart, where: [{ cpuLimit: ['none', '1'] }] }, points);
    expect(data.x.categories?.map((c) => c.value)).toEqual(['none', '1']);
  });

  it('refuses a quota no point ran under, listing the ones that exist', () => {
    const message = catchMessage(() =>
      makeChartData({ ...cpuLimitChart, where: [{ cpuLimit: ['2'] }] }, points),
    );
    expect(message).toContain('its cpuLimit values: none, 1, 0.5');
  });
});

describe('the throttling metrics', () => {
  it.each<{
    name: string;
    cgroup: CgroupStats;
    throttledTime: number | null;
    throttledPeriods: number | null;
  }>([
    {
      name: 'half of a 10 s window throttled, in every period',
      cgroup: cpuStat(100, 100, 5_000_000),
      throttledTime: 50,
      throttledPeriods: 100,
    },
    {
      name: 'a few periods throttled briefly',
      cgroup: cpuStat(100, 4, 100_000),
      throttledTime: 1,
      throttledPeriods: 4,
    },
    {
      name: 'no quota: no period ran, never throttled',
      cgroup: cpuStat(0, 0, 0),
      throttledTime: 0,
      throttledPeriods: 0,
    },
    {
      name: 'a cgroup without the cpu controller: not measured',
      cgroup: memoryStat(0),
      throttledTime: null,
      throttledPeriods: null,
    },
  ])('reads $name as a percentage', ({ cgroup, throttledTime, throttledPeriods }) => {
    const data = makeChartData(cpuLimitChart, [
      { model: 'uvicorn', limits: quota(0.5), cgroup: [cgroup, cgroup, cgroup] },
    ]);
    const values = data.series[0]?.values;
    // Percent from a share: 0.5 / 0.01 is 50 only up to floating point.
    const round = (value: number | undefined) => (value === undefined ? null : Math.round(value));
    expect(round(values?.throttledTime?.[0]?.median)).toBe(throttledTime);
    expect(round(values?.throttledPeriods?.[0]?.median)).toBe(throttledPeriods);
  });

  it('leaves them unmeasured (null), never zero, for a point run without a cgroup', () => {
    const data = makeChartData(cpuLimitChart, [{ model: 'uvicorn' }]);
    expect(data.series[0]?.values.throttledTime?.[0]).toBeNull();
  });
});

describe('how the app was loaded, on the x axis', () => {
  const chart: Partial<ChartDefinitionInput> = {
    x: { field: 'appLoading', label: 'How the app is loaded' },
    series: ['app', 'model'],
    metrics: ['idleMemory'],
  };

  it('reads lazy loading, --preload and --preload with gc.freeze() from the options', () => {
    const data = makeChartData(chart, [
      { app: 'django', model: 'gunicorn-sync', options: { preload: true, gcFreeze: true } },
      { app: 'django', model: 'gunicorn-sync' },
      { app: 'django', model: 'gunicorn-sync', options: { preload: true } },
    ]);
    expect(data.x.categories).toEqual([
      { value: 'per-worker', label: 'each worker imports the app' },
      { value: 'preload', label: '--preload' },
      { value: 'preload-gc-freeze', label: '--preload and gc.freeze()' },
    ]);
    expect(data.series.map((s) => s.label)).toEqual(['Django, gunicorn sync']);
  });

  it('puts a server that cannot preload (it spawns) at each worker importing the app', () => {
    const data = makeChartData(chart, [{ app: 'fastapi', model: 'uvicorn' }]);
    expect(data.x.categories?.map((c) => c.value)).toEqual(['per-worker']);
  });
});

describe('the worker restart on the x axis, and what a memory limit does', () => {
  const chart: Partial<ChartDefinitionInput> = {
    x: { field: 'maxRequests', label: 'Worker restart' },
    series: ['model', 'workers'],
    metrics: ['oomKills', 'processesStarted', 'errors'],
  };
  const limits = { cpus: null, memoryBytes: 268435456, procSysMounted: true };
  const points: SyntheticPoint[] = [
    {
      model: 'gunicorn-sync',
      workers: 3,
      limits,
      options: { maxRequests: 10, maxRequestsJitter: 10 },
      cgroup: [memoryStat(0), memoryStat(0), memoryStat(0)],
      serverMetrics: [6, 7, 5].map((processesStarted) => ({ processesStarted })),
    },
    {
      model: 'gunicorn-sync',
      workers: 3,
      limits,
      cgroup: [memoryStat(1), memoryStat(2), memoryStat(3)],
      serverMetrics: [1, 2, 3].map((processesStarted) => ({ processesStarted })),
    },
  ];

  it('orders no restart first and labels the restart', () => {
    const data = makeChartData(chart, points);
    expect(data.x.categories).toEqual([
      { value: '0', label: 'no max requests' },
      { value: '10', label: 'restart after 10 requests (+ jitter)' },
    ]);
  });

  it.each<{ metric: 'oomKills' | 'processesStarted'; medians: number[] }>([
    { metric: 'oomKills', medians: [2, 0] },
    { metric: 'processesStarted', medians: [2, 6] },
  ])('reads $metric per repetition from the cgroup and the server group', ({ metric, medians }) => {
    const data = makeChartData(chart, points);
    expect(data.series[0]?.values[metric]?.map((v) => v?.median)).toEqual(medians);
  });

  it('leaves OOM kills unmeasured (null) without a memory controller', () => {
    const data = makeChartData(chart, [{ model: 'uvicorn' }]);
    expect(data.series[0]?.values.oomKills?.[0]).toBeNull();
    expect(data.series[0]?.values.processesStarted?.[0]).toBeNull();
  });

  it('lets <Measured> name the restart by its value', () => {
    const data = makeChartData(chart, points);
    const found = readMeasured(data, {
      chart: data.id,
      series: 'gunicorn-sync.3',
      x: '10',
      metric: 'processesStarted',
    });
    expect(found.value.repetitions).toEqual([6, 7, 5]);
  });
});
