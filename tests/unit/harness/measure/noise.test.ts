import { describe, expect, it } from 'vitest';
import {
  computeOtherCpuShare,
  computeServerCpuContention,
  measureServerCpuContention,
  type ServerCpuReading,
} from '../../../../harness/measure/noise.ts';
import { parseCpuTicks, sumCpuTicks } from '../../../../harness/measure/proc.ts';
import { parseThreadStat } from '../../../../harness/measure/threads.ts';
import { isNoisy } from '../../../../src/bench/summary.ts';
import { makeProcStat, makeThreadStat, type CpuColumns } from './proc-fixtures.ts';

// 200 ticks of pinned capacity, 120 of them busy: the server used 40, a database beside it 50,
// wrk and the harness 10. Counting the database as someone else's would call the window noisy.
describe.each([
  { name: 'every group is own work', own: 40 + 50 + 10, share: 0.1 },
  { name: 'the server alone is own work', own: 40 + 10, share: 0.35 },
  { name: 'more own ticks than busy ones (coarse counters)', own: 130, share: 0 },
])('computeOtherCpuShare: $name', ({ own, share }) => {
  it(`is ${share}`, () => expect(computeOtherCpuShare(120, 200, own)).toBeCloseTo(share, 10));
});

it('computeOtherCpuShare is 0 for an empty window', () => {
  expect(computeOtherCpuShare(0, 0, 0)).toBe(0);
});

const SCHED_OTHER = 0;
const SCHED_IDLE = 5;

/** A thread of someone else's build during a 100-tick window: its ticks and where it ran. */
interface Other {
  ticks: number;
  cpu: number;
  nice?: number;
  policy?: number;
}

/**
 * A 100-tick window on server CPU 0 and client CPU 1: /proc/stat and every thread before and
 * after it. The server (pid 100, pinned to CPU 0) uses `server` ticks of CPU 0, 5 of them in
 * softirq (tick accounting charges them to both its stime and the softirq column); the other
 * threads add their ticks to their CPU's user (or nice) column; steal is added to CPU 0.
 */
function makeWindow(server: number, others: Other[], steal = 0) {
  const cpu0: CpuColumns = { user: server - 5, softirq: 5, steal };
  const cpu1: CpuColumns = {};
  for (const o of others) {
    const column = (o.nice ?? 0) > 0 ? 'nice' : 'user';
    const cpu = o.cpu === 0 ? cpu0 : cpu1;
    cpu[column] = (cpu[column] ?? 0) + o.ticks;
  }
  for (const cpu of [cpu0, cpu1]) {
    const busy = (cpu.user ?? 0) + (cpu.nice ?? 0) + (cpu.softirq ?? 0) + (cpu.steal ?? 0);
    cpu.idle = 100 - busy;
  }
  const read = (stat: string, threads: string[]): ServerCpuReading => ({
    cpu: sumCpuTicks(parseCpuTicks(stat), [0]),
    threads: new Map(
      threads.map((text, i) => {
        const thread = parseThreadStat(text, 100 + i);
        return [thread.tid, thread];
      }),
    ),
  });
  const threads = (scale: number): string[] => [
    makeThreadStat(100, 'gunicorn: worker', { utime: 1000 + scale * server, cpu: 0 }),
    ...others.map((o, i) =>
      makeThreadStat(101 + i, 'node', {
        utime: 500 + scale * o.ticks,
        cpu: o.cpu,
        nice: o.nice ?? 0,
        policy: o.policy ?? SCHED_OTHER,
      }),
    ),
  ];
  return {
    before: read(makeProcStat({ idle: 0 }, { idle: 0 }), threads(0)),
    after: read(makeProcStat(cpu0, cpu1), threads(1)),
  };
}

describe.each([
  { name: 'a quiet machine', server: 60, others: [], contention: 0, noisy: false },
  {
    name: 'a normal-priority build on the server CPU',
    server: 60,
    others: [{ ticks: 30, cpu: 0 }],
    contention: 0.3,
    noisy: true,
  },
  {
    name: 'an idle-priority (SCHED_IDLE) build filling the server CPU’s idle time',
    server: 60,
    others: [{ ticks: 40, cpu: 0, policy: SCHED_IDLE }],
    contention: 0,
    noisy: false,
  },
  {
    name: 'a build at nice 19 on the server CPU',
    server: 60,
    others: [{ ticks: 40, cpu: 0, nice: 19 }],
    contention: 0,
    noisy: false,
  },
  {
    name: 'a normal-priority build on the client CPU only',
    server: 60,
    others: [{ ticks: 90, cpu: 1 }],
    contention: 0,
    noisy: false,
  },
  {
    name: 'steal: the hypervisor runs another VM on the server CPU',
    server: 60,
    others: [],
    steal: 20,
    contention: 0.2,
    noisy: true,
  },
])('server CPU contention with $name', ({ server, others, steal, contention, noisy }) => {
  it(`is ${contention}, so the repetition is${noisy ? '' : ' not'} noisy`, () => {
    const { before, after } = makeWindow(server, others, steal);
    const measured = measureServerCpuContention(before, after, [0], server);
    expect(measured.contention).toBeCloseTo(contention, 10);
    expect(measured.steal).toBeCloseTo((steal ?? 0) / 100, 10);
    expect(isNoisy({ serverCpuContention: measured.contention, otherCpuShare: 0 }, 0.1)).toBe(
      noisy,
    );
  });
});

describe('computeServerCpuContention', () => {
  const cpu = { busy: 0, total: 0, niced: 0, steal: 0, irq: 0, idle: 0 };
  it('is 0 for an empty window', () => {
    expect(computeServerCpuContention(cpu, 0, 0)).toEqual({ contention: 0, steal: 0 });
  });
  it('never goes below 0 when own ticks exceed the busy ones (coarse counters)', () => {
    expect(computeServerCpuContention({ ...cpu, busy: 50, total: 100 }, 60, 0).contention).toBe(0);
  });
});

describe.each([
  {
    name: 'recorded contention decides',
    rep: { serverCpuContention: 0.05, otherCpuShare: 0.9 },
    noisy: false,
  },
  {
    name: 'recorded contention decides',
    rep: { serverCpuContention: 0.2, otherCpuShare: 0 },
    noisy: true,
  },
  {
    name: 'an older dataset falls back to otherCpuShare',
    rep: { otherCpuShare: 0.2 },
    noisy: true,
  },
])('isNoisy: $name', ({ rep, noisy }) => {
  it(`is ${noisy} for ${JSON.stringify(rep)}`, () => expect(isNoisy(rep, 0.1)).toBe(noisy));
});
