import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, resolveScenarioSettings } from '../../../../harness/run/settings.ts';

describe.each([
  {
    name: 'a scenario with no settings of its own',
    scenario: {},
    flags: {},
    quick: false,
    expected: DEFAULT_SETTINGS,
  },
  {
    name: 'a CPU-bound scenario with 10 s windows',
    scenario: { durationS: 10 },
    flags: {},
    quick: false,
    expected: { ...DEFAULT_SETTINGS, durationS: 10 },
  },
  {
    name: 'a flag over the scenario',
    scenario: { durationS: 10, serverStarts: 4 },
    flags: { durationS: 5 },
    quick: false,
    expected: { ...DEFAULT_SETTINGS, durationS: 5, serverStarts: 4 },
  },
  {
    name: '--quick: 1 s windows, the scenario’s server starts kept',
    scenario: { durationS: 10, repetitions: 5, serverStarts: 4 },
    flags: {},
    quick: true,
    expected: { warmupS: 1, durationS: 1, repetitions: 3, serverStarts: 4 },
  },
  {
    name: '--quick with flags',
    scenario: { serverStarts: 4 },
    flags: { repetitions: 1, serverStarts: 2 },
    quick: true,
    expected: { warmupS: 1, durationS: 1, repetitions: 1, serverStarts: 2 },
  },
])('resolveScenarioSettings: $name', ({ scenario, flags, quick, expected }) => {
  it(`is ${JSON.stringify(expected)}`, () => {
    expect(resolveScenarioSettings(scenario, flags, quick)).toEqual(expected);
  });
});
