import { describe, expect, it } from 'vitest';
import { countWrkThreads, findClientSaturation } from '../../../src/bench/client-load.ts';

describe.each([
  { cpus: 1, concurrency: 64, threads: 1 },
  { cpus: 2, concurrency: 64, threads: 2 },
  { cpus: 4, concurrency: 1, threads: 1 },
])('countWrkThreads($cpus CPUs, $concurrency connections)', ({ cpus, concurrency, threads }) => {
  it(`is ${threads}`, () => expect(countWrkThreads(cpus, concurrency)).toBe(threads));
});

describe.each([
  {
    name: 'room to spare',
    rep: { clientCpuCores: 0.3, clientCpuBusyShare: 0.6 },
    threads: 1,
    says: null,
  },
  {
    name: 'no busy share recorded (older datasets)',
    rep: { clientCpuCores: 0.3 },
    threads: 1,
    says: null,
  },
  {
    name: 'wrk at its core',
    rep: { clientCpuCores: 0.95, clientCpuBusyShare: 0.97 },
    threads: 1,
    says: "wrk used 95% of each of its 1 thread(s)' cores",
  },
  {
    name: 'two wrk threads with half a core each',
    rep: { clientCpuCores: 1.0, clientCpuBusyShare: 0.6 },
    threads: 2,
    says: null,
  },
  {
    name: 'a database beside wrk filling the client CPU',
    rep: { clientCpuCores: 0.4, clientCpuBusyShare: 0.93 },
    threads: 1,
    says: 'the client CPUs were 93% busy (wrk 0.40 cores, the rest the harness, services placed there or other work)',
  },
])('findClientSaturation: $name', ({ rep, threads, says }) => {
  it(`says ${says ?? 'nothing'}`, () => expect(findClientSaturation(rep, threads)).toBe(says));
});
