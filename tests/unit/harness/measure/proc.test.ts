import { describe, expect, it } from 'vitest';
import {
  parseCpuTicks,
  parsePidStat,
  parseSmapsRollup,
  sumCpuTicks,
  sumSessionTicks,
  type PidStat,
} from '../../../../harness/measure/proc.ts';

const stat = (comm: string): string =>
  `4242 (${comm}) S 1 4242 4242 0 -1 4194560 500 0 0 0 123 45 0 0 20 0 1 0 100 1000 200 18446744073709551615\n`;

describe.each([
  { comm: 'gunicorn', expected: 'gunicorn' },
  { comm: 'gunicorn: worker [wsgi_app:app]', expected: 'gunicorn: worker [wsgi_app:app]' },
  { comm: 'a) b (c', expected: 'a) b (c' },
])('parsePidStat comm=$comm', ({ comm, expected }) => {
  it('reads ids and CPU ticks despite spaces and parentheses in comm', () => {
    expect(parsePidStat(stat(comm))).toEqual({
      pid: 4242,
      comm: expected,
      ppid: 1,
      pgrp: 4242,
      session: 4242,
      utimeTicks: 123,
      stimeTicks: 45,
      reapedChildrenTicks: 0,
    });
  });
});

it('parsePidStat rejects garbage', () => {
  expect(() => parsePidStat('garbage')).toThrowErrorMatchingInlineSnapshot(
    `[Error: malformed /proc/PID/stat: "garbage"]`,
  );
});

const ROLLUP = `55d0c0a00000-7ffd1b5f2000 ---p 00000000 00:00 0                          [rollup]
Rss:               27408 kB
Pss:               13123 kB
Pss_Anon:           6400 kB
Shared_Clean:      14000 kB
`;

describe.each([
  { name: 'a worker', text: ROLLUP, pss: 13123 * 1024, rss: 27408 * 1024 },
  { name: 'an empty rollup', text: 'Rss: 0 kB\nPss: 0 kB\n', pss: 0, rss: 0 },
])('parseSmapsRollup: $name', ({ text, pss, rss }) => {
  it('converts kB to bytes', () => {
    expect(parseSmapsRollup(text)).toEqual({ pssBytes: pss, rssBytes: rss });
  });
});

it('parseSmapsRollup names the missing line', () => {
  expect(() => parseSmapsRollup('Rss: 1 kB\n')).toThrowErrorMatchingInlineSnapshot(
    `[Error: smaps_rollup has no Pss line]`,
  );
});

const PROC_STAT = `cpu  300 10 200 5000 50 5 15 7 0 0
cpu0 100 5 100 2500 25 2 10 3 0 0
cpu1 200 5 100 2500 25 3 5 4 0 0
intr 1234
`;

describe.each([
  {
    cpus: [0],
    ticks: {
      busy: 100 + 5 + 100 + 3,
      total: 208 + 2500 + 25 + 2 + 10,
      niced: 5,
      steal: 3,
      irq: 12,
      idle: 2525,
    },
  },
  {
    cpus: [1],
    ticks: {
      busy: 200 + 5 + 100 + 4,
      total: 309 + 2500 + 25 + 3 + 5,
      niced: 5,
      steal: 4,
      irq: 8,
      idle: 2525,
    },
  },
  {
    cpus: [0, 1],
    ticks: { busy: 208 + 309, total: 2745 + 2842, niced: 10, steal: 7, irq: 20, idle: 5050 },
  },
])('parseCpuTicks + sumCpuTicks cpus=$cpus', ({ cpus, ticks }) => {
  it('counts user+nice+system+steal as busy, irq and softirq apart and in the total', () => {
    expect(sumCpuTicks(parseCpuTicks(PROC_STAT), cpus)).toEqual(ticks);
  });
});

describe('parseCpuTicks and sumCpuTicks errors', () => {
  it('rejects a file without per-CPU lines', () => {
    expect(() => parseCpuTicks('cpu  1 2 3 4 5 6 7 8\n')).toThrowErrorMatchingInlineSnapshot(
      `[Error: /proc/stat has no cpuN lines]`,
    );
  });
  it('rejects a short line', () => {
    expect(() => parseCpuTicks('cpu0 1 2 3\n')).toThrowErrorMatchingInlineSnapshot(
      `[Error: malformed /proc/stat line: "cpu0 1 2 3"]`,
    );
  });
  it('rejects an unknown CPU', () => {
    expect(() => sumCpuTicks(parseCpuTicks(PROC_STAT), [7])).toThrowErrorMatchingInlineSnapshot(
      `[Error: CPU 7 is not in /proc/stat]`,
    );
  });
});

describe.each([
  { name: 'no reaped children', text: stat('postgres'), ticks: 0 },
  {
    name: 'reaped backends',
    text: '7 (postgres) S 1 7 7 0 -1 4194560 500 0 0 0 123 45 600 70 20 0 1 0 100 1000 200\n',
    ticks: 670,
  },
])('parsePidStat reapedChildrenTicks: $name', ({ text, ticks }) => {
  it('adds cutime and cstime', () => expect(parsePidStat(text).reapedChildrenTicks).toBe(ticks));
});

it('parsePidStat rejects a line without the reaped-children fields', () => {
  expect(() => parsePidStat('7 (postgres) S 1')).toThrow(/malformed/);
});

describe('sumSessionTicks', () => {
  const process = (pid: number, own: number, reaped: number): PidStat => ({
    pid,
    comm: 'gunicorn',
    ppid: 1,
    pgrp: 10,
    session: 10,
    utimeTicks: own,
    stimeTicks: 0,
    reapedChildrenTicks: reaped,
  });

  it("keeps an exited worker's ticks through its parent", () => {
    // Before: an arbiter (5 ticks) and a worker (300). After: the worker was recycled, the
    // arbiter waited for it (its 320 ticks now in cutime) and forked a new one (4 ticks).
    const before = sumSessionTicks([process(10, 5, 0), process(11, 300, 0)]);
    const after = sumSessionTicks([process(10, 6, 320), process(12, 4, 0)]);
    expect(after - before).toBe(1 + 20 + 4);
  });
});
