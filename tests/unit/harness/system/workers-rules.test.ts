import { describe, expect, it } from 'vitest';
import type { WorkersRule } from '../../../../src/bench/schema.ts';
import type { ContainerView } from '../../../../harness/system/container.ts';
import { findModel } from '../../../../harness/system/models.ts';
import {
  applyWorkersRule,
  countRuleCpus,
  findWorkersRuleProblem,
} from '../../../../harness/system/workers-rules.ts';

const NODE_2 = { nodeCpus: 2, serverCpus: 1 };

describe.each<{ rule: WorkersRule; cpuLimit: number | null; cpus: number }>([
  { rule: 'node-cpus', cpuLimit: 0.5, cpus: 2 },
  { rule: 'node-cpus', cpuLimit: null, cpus: 2 },
  { rule: 'cpu-limit', cpuLimit: 0.5, cpus: 1 },
  { rule: 'cpu-limit', cpuLimit: 1, cpus: 1 },
  { rule: 'cpu-limit', cpuLimit: 1.5, cpus: 2 },
  { rule: 'cpu-limit', cpuLimit: null, cpus: 1 },
  { rule: 'one-per-pod', cpuLimit: 2, cpus: 2 },
])('countRuleCpus($rule, limit $cpuLimit) on a 2-CPU node', ({ rule, cpuLimit, cpus }) => {
  it(`counts ${cpus}`, () => {
    expect(countRuleCpus(rule, { ...NODE_2, cpuLimit })).toBe(cpus);
  });
});

describe.each<{ model: string; rule: WorkersRule; workers: number; threads: number }>([
  { model: 'gunicorn-sync', rule: 'node-cpus', workers: 5, threads: 1 },
  { model: 'gunicorn-sync', rule: 'cpu-limit', workers: 3, threads: 1 },
  { model: 'gunicorn-sync', rule: 'one-per-pod', workers: 1, threads: 1 },
  { model: 'gunicorn-gthread', rule: 'node-cpus', workers: 5, threads: 8 },
  { model: 'gunicorn-gthread', rule: 'one-per-pod', workers: 1, threads: 4 },
  { model: 'uvicorn', rule: 'node-cpus', workers: 2, threads: 1 },
  { model: 'uvicorn', rule: 'cpu-limit', workers: 1, threads: 1 },
])(
  'applyWorkersRule($model, $rule) under 0.5 CPU on a 2-CPU node',
  ({ model, rule, workers, threads }) => {
    it(`gives ${workers} x ${threads}`, () => {
      expect(applyWorkersRule(findModel(model), rule, { ...NODE_2, cpuLimit: 0.5 })).toEqual({
        workers,
        threads,
      });
    });
  },
);

const VIEW = (cpus: number): ContainerView => ({
  'os.cpu_count()': cpus,
  'multiprocessing.cpu_count()': cpus,
  'os.process_cpu_count()': 1,
  'len(os.sched_getaffinity(0))': 1,
});
const LIMITS = { cpus: 0.5, memoryBytes: null, procSysMounted: true };

describe('findWorkersRuleProblem', () => {
  it('accepts the count the container implies', () => {
    const point = { workers: 5, threads: 1, workersRule: 'node-cpus' as const, limits: LIMITS };
    expect(findWorkersRuleProblem(findModel('gunicorn-sync'), point, VIEW(2), 1)).toBeNull();
  });

  it('says what differs when the container sees other CPUs than the scenario counted', () => {
    const point = { workers: 5, threads: 1, workersRule: 'node-cpus' as const, limits: LIMITS };
    expect(
      findWorkersRuleProblem(findModel('gunicorn-sync'), point, VIEW(4), 1),
    ).toMatchInlineSnapshot(
      `"workers rule node-cpus: inside the container multiprocessing.cpu_count() is 4, which gives gunicorn-sync 9 workers x 1 threads, but the point has 5 x 1 (the scenario counted the CPUs online outside: does the container see other CPUs?)"`,
    );
  });
});
