import { describe, expect, it } from 'vitest';
import type { BenchDataset } from '../../../../src/bench/schema.ts';
import {
  describeAutogroup,
  describeRecording,
} from '../../../../src/charts/model/describe-recording.ts';
import { makeDataset, makePoint, makeRepetition } from '../../../support/bench-factory.ts';

const base = makeDataset();
const factsOf = (dataset: BenchDataset) => {
  const { environment, method } = describeRecording(dataset);
  return Object.fromEntries([...environment, ...method]);
};

/** A dataset as the harness records it today: quiet-machine check, CPU probe, server contention. */
const current = makeDataset(
  [
    makePoint({}, [
      makeRepetition({ index: 0, contendingCpuShare: 0.02, serverCpuContention: 0.01 }),
      makeRepetition({
        index: 1,
        contendingCpuShare: 0.3,
        serverCpuContention: 0.2,
        noisyRetries: 2,
      }),
      makeRepetition({
        index: 2,
        contendingCpuShare: 0.04,
        serverCpuContention: 0.03,
        noisyRetries: 1,
      }),
    ]),
  ],
  {
    environment: {
      ...base.environment,
      harnessCommit: 'abcdef0123456789abcdef0123456789abcdef01',
      harnessDirty: true,
      quietMachine: true,
      preflightServerCpuContention: 0.005,
      cpuProbe: { baselineLoopsPerMs: 27444.6, readings: 10, trials: 10, loopsPerTrial: 50000 },
    },
    settings: {
      ...base.settings,
      noisyRetries: 2,
      cpuProbeThreshold: 0.05,
      command: 'npm run bench -- --noisy-retries 2',
    },
  },
);

describe('describeRecording', () => {
  it('says "not recorded" for what a dataset from before the checks lacks', () => {
    const old = makeDataset(undefined, {
      environment: { ...base.environment, schedAutogroup: null },
    });
    expect(factsOf(old)).toMatchObject({
      'Kernel autogroup': 'not recorded',
      'Quiet-machine check': 'not made (recorded before the harness checked)',
      'CPU probe baseline': 'not recorded (before the probe existed)',
      'Contention for the server CPUs': 'not recorded',
      'Noisy points': '0 of 1 points flagged noisy; none measured again (--noisy-retries was off)',
      'Noise threshold':
        'a repetition is noisy when other work took more than 10.0 % of the pinned CPUs',
      'Harness command': 'npm run bench',
      Python: 'CPython 3.14.0',
      'Servers and packages': 'gunicorn 26.2.2',
    });
  });

  it('states the checks, the probe, the calibration and the retries a current dataset records', () => {
    expect(factsOf(current)).toMatchObject({
      Recorded: '2026-11-26 20:00:00 UTC',
      'Harness commit': 'abcdef012345 (with uncommitted changes)',
      'Kernel autogroup': 'off',
      'Quiet-machine check': 'quiet, contention for the server CPUs 0.5 % before the run',
      'CPU probe baseline':
        '27,445 loops/ms of CPU time (the fastest of 10 readings of 10 trials × 50,000 loops)',
      'Calibration of the cpu endpoint': '20,000 loops/ms on a server CPU',
      'Noisy points':
        '1 of 1 points flagged noisy; 2 of 3 windows measured again as noisy (3 attempts discarded)',
      'Other work at normal priority, pinned CPUs':
        'median 4.0 %, max 30.0 %; above the noise threshold (10.0 %) in 1 of 3 windows',
      'Contention for the server CPUs':
        'median 3.0 %, max 20.0 %; above the noise threshold (10.0 %) in 1 of 3 windows',
      'Harness command': 'npm run bench -- --noisy-retries 2',
      'Noise threshold':
        "a repetition is noisy when other work took more than 10.0 % of the pinned CPUs, or when the CPU probe around it found the server's CPU more than 5.0 % slower than at the run's start",
    });
  });

  it('says a recording went on although the machine was not quiet, and why', () => {
    const noisy = makeDataset(undefined, {
      environment: {
        ...base.environment,
        quietMachine: false,
        quietMachineReason: 'CI runner',
        preflightServerCpuContention: 0.25,
      },
    });
    expect(factsOf(noisy)['Quiet-machine check']).toBe(
      'not quiet, recorded anyway (CI runner), contention for the server CPUs 25.0 % before the run',
    );
  });

  it('lists each run of a dataset recorded more than once, with its own command', () => {
    const run = {
      date: '2026-12-01T10:00:00.000Z',
      seed: 1,
      harnessCommit: '1111111111111111111111111111111111111111',
      harnessDirty: false,
      command: 'npm run bench',
      kernel: 'Linux 6.1',
      schedAutogroup: false,
      cpuLoopsPerMs: 20000,
    };
    const twice = makeDataset(undefined, {
      runs: [
        run,
        {
          ...run,
          date: '2026-12-02T10:00:00Z',
          schedAutogroup: null,
          command: 'npm run bench -- --append',
        },
      ],
    });
    const { environment } = describeRecording(twice);
    expect(environment.filter(([term]) => term.startsWith('Kernel autogroup'))).toEqual([
      ['Kernel autogroup (run 1)', 'off'],
      ['Kernel autogroup (run 2)', 'not recorded'],
    ]);
    expect(factsOf(twice)).toMatchObject({
      'Recorded (run 2)': '2026-12-02 10:00:00 UTC',
      'Harness command (run 2)': 'npm run bench -- --append',
    });
  });
});

describe.each([
  [null, 'not recorded'],
  [false, 'off'],
  [true, 'on (priorities count only within a session)'],
])('describeAutogroup(%s)', (value, expected) => {
  it(`says ${expected}`, () => expect(describeAutogroup(value)).toBe(expected));
});
