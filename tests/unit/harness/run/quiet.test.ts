import { describe, expect, it } from 'vitest';
import { judgeQuietMachine, type QuietProbe } from '../../../../harness/run/quiet.ts';

const probe = (p: Partial<QuietProbe>): QuietProbe => ({
  contention: 0.02,
  autogroup: false,
  busiest: [],
  probeS: 2,
  hz: 100,
  ...p,
});

const BUSY = probe({
  contention: 0.63,
  busiest: [{ pid: 4242, comm: 'node', ticks: 150, nice: 0, policy: 0 }],
});

describe.each([
  {
    name: 'a quiet machine',
    p: probe({}),
    allowNoisy: null,
    quick: false,
    verdict: { quietMachine: true, refusal: null },
  },
  {
    name: 'a machine without the autogroup switch',
    p: probe({ autogroup: null }),
    allowNoisy: null,
    quick: false,
    verdict: { quietMachine: true, refusal: null },
  },
  {
    name: 'a busy machine with a reason to go on',
    p: BUSY,
    allowNoisy: 'shared VM, re-recorded later',
    quick: false,
    verdict: { quietMachine: false, reason: 'shared VM, re-recorded later', refusal: null },
  },
  {
    name: 'a busy machine in a --quick smoke run',
    p: BUSY,
    allowNoisy: null,
    quick: true,
    verdict: { quietMachine: false, refusal: null },
  },
])('judgeQuietMachine: $name', ({ p, allowNoisy, quick, verdict }) => {
  it('lets the recording start and says what the datasets record', () => {
    expect(judgeQuietMachine(p, { threshold: 0.1, allowNoisy, quick, serverCpus: [0] })).toEqual(
      verdict,
    );
  });
});

describe.each([
  {
    name: 'other work on the server CPU',
    p: BUSY,
    refusal: `the machine is not quiet enough to record:
  - other work at normal priority took 63 % of server CPU 0 over 2 s (the noise threshold is 10 %); busiest: node (pid 4242, nice 0, 1.5 CPU s)
Stop that work or move it to idle priority (sh harness/env/demote-others.sh, which also turns autogroup off), or record anyway with --allow-noisy REASON: the datasets then say environment.quietMachine: false and why.`,
  },
  {
    name: 'autogroup on',
    p: probe({ autogroup: true }),
    refusal: `the machine is not quiet enough to record:
  - kernel.sched_autogroup_enabled=1: CPU time is shared between sessions before priorities count (sysctl kernel.sched_autogroup_enabled=0)
Stop that work or move it to idle priority (sh harness/env/demote-others.sh, which also turns autogroup off), or record anyway with --allow-noisy REASON: the datasets then say environment.quietMachine: false and why.`,
  },
])('judgeQuietMachine refuses a real recording with $name', ({ p, refusal }) => {
  it('and says what it saw and what to do', () => {
    expect(
      judgeQuietMachine(p, { threshold: 0.1, allowNoisy: null, quick: false, serverCpus: [0] }),
    ).toEqual({
      quietMachine: false,
      refusal,
    });
  });
});
