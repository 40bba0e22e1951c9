import { describe, expect, it } from 'vitest';
import {
  isYielding,
  listBusiestProcesses,
  parseRunDelayNs,
  parseThreadStat,
  sumYieldingTicks,
  type ThreadSample,
} from '../../../../harness/measure/threads.ts';
import { makeThreadStat } from './proc-fixtures.ts';

describe.each([
  { name: 'SCHED_OTHER at nice 0', nice: 0, policy: 0, yielding: false },
  { name: 'SCHED_IDLE at nice 0 (in /proc/stat user)', nice: 0, policy: 5, yielding: true },
  {
    name: 'SCHED_IDLE at nice 19 (already in the nice column)',
    nice: 19,
    policy: 5,
    yielding: false,
  },
  { name: 'SCHED_BATCH', nice: 0, policy: 3, yielding: false },
])('isYielding: $name', ({ nice, policy, yielding }) => {
  it(`is ${yielding}`, () => {
    const thread = parseThreadStat(
      makeThreadStat(77, 'node (worker)', { utime: 30, stime: 12, nice, policy }),
      70,
    );
    expect(thread).toMatchObject({
      tid: 77,
      pid: 70,
      comm: 'node (worker)',
      ticks: 42,
      nice,
      policy,
    });
    expect(isYielding(thread)).toBe(yielding);
  });
});

it('parseThreadStat rejects garbage', () => {
  expect(() => parseThreadStat('garbage', 1)).toThrowErrorMatchingInlineSnapshot(
    `[Error: malformed /proc/PID/task/TID/stat: "garbage"]`,
  );
});

const sample = (tid: number, pid: number, t: Parameters<typeof makeThreadStat>[2]): ThreadSample =>
  parseThreadStat(makeThreadStat(tid, `t${tid}`, t), pid);

describe('sumYieldingTicks and listBusiestProcesses', () => {
  const before = new Map([
    [10, sample(10, 10, { utime: 100, policy: 5, cpu: 0 })],
    [11, sample(11, 10, { utime: 100, policy: 5, cpu: 1 })],
    [20, sample(20, 20, { utime: 100, cpu: 0 })],
  ]);
  const after = new Map([
    [10, sample(10, 10, { utime: 130, policy: 5, cpu: 0 })], // 30 yielding ticks on CPU 0
    [11, sample(11, 10, { utime: 105, policy: 5, cpu: 1 })], // 5 yielding ticks on CPU 1
    [20, sample(20, 20, { utime: 150, cpu: 0 })], // 50 normal ticks
    [21, sample(21, 20, { utime: 7, cpu: 0 })], // born in the window: all 7 count
  ]);

  it.each([
    { cpus: [0], onCpus: 30 },
    { cpus: [1], onCpus: 5 },
    { cpus: [], onCpus: 0 },
  ])('counts yielding ticks on CPUs $cpus, and on the machine', ({ cpus, onCpus }) => {
    expect(sumYieldingTicks(before, after, cpus)).toEqual({ total: 35, onCpus });
  });

  it('lists the busiest processes with their priority, leaving out the excluded', () => {
    expect(listBusiestProcesses(before, after, 5)).toEqual([
      { pid: 20, comm: 't20', ticks: 57, nice: 0, policy: 0 },
      { pid: 10, comm: 't10', ticks: 35, nice: 0, policy: 5 },
    ]);
    expect(listBusiestProcesses(before, after, 5, new Set([20])).map((p) => p.pid)).toEqual([10]);
  });
});

describe.each([
  { text: '123456 789000 42\n', delay: 789000 },
  { text: '0 0 0', delay: 0 },
])('parseRunDelayNs($text)', ({ text, delay }) => {
  it(`is ${delay}`, () => expect(parseRunDelayNs(text)).toBe(delay));
});

it('parseRunDelayNs rejects a short line', () => {
  expect(() => parseRunDelayNs('12')).toThrowErrorMatchingInlineSnapshot(
    `[Error: malformed schedstat: "12"]`,
  );
});
