import { describe, expect, it } from 'vitest';
import { METRICS } from '../../../../src/charts/model/metrics.ts';
import { makePoint, makeRepetition } from '../../../support/bench-factory.ts';

const probe = (slowdown: number) => ({
  beforeLoopsPerMs: 20_000,
  afterLoopsPerMs: 20_000 / (1 + slowdown),
  slowdown,
});

describe('the cpuSlowdown metric', () => {
  const spec = METRICS.cpuSlowdown;

  it("reads each window's probe slowdown and shows it as a percentage", () => {
    const reps = [0, 0.78, 0.06].map((slowdown, index) =>
      makeRepetition({ index, runOrder: index, cpuProbe: probe(slowdown) }),
    );
    const point = makePoint({}, reps);
    expect(reps.map((r) => spec.repetition(r, point))).toEqual([0, 0.78, 0.06]);
    expect(spec.summary(point)).toMatchObject({ median: 0.06, min: 0, max: 0.78 });
    expect(0.78 / spec.divisor).toBeCloseTo(78);
    expect(spec.unit).toBe('%');
  });

  it('is null, not zero, for a run without the probe', () => {
    const point = makePoint();
    for (const r of point.repetitions) expect(spec.repetition(r, point)).toBeNull();
    expect(spec.summary(point)).toBeNull();
  });

  it('summarizes only the windows the probe measured', () => {
    const reps = [
      makeRepetition({ index: 0, cpuProbe: probe(0.5) }),
      makeRepetition({ index: 1 }),
      makeRepetition({ index: 2, cpuProbe: probe(0.1) }),
    ];
    expect(spec.summary(makePoint({}, reps))).toMatchObject({ min: 0.1, max: 0.5 });
  });
});
