import { describe, expect, it } from 'vitest';
import {
  addListing,
  startChurnSampler,
  type Churn,
} from '../../../../harness/measure/process-churn.ts';

describe.each([
  { name: 'nothing changes', listings: [[1, 2, 3]], started: [], exited: [] },
  {
    name: 'a worker replaced',
    listings: [
      [1, 2, 3],
      [1, 2, 4],
    ],
    started: [4],
    exited: [3],
  },
  {
    name: 'a short-lived worker seen once',
    listings: [
      [1, 2],
      [1, 2, 5],
      [1, 2],
    ],
    started: [5],
    exited: [5],
  },
  { name: 'the whole server gone', listings: [[1, 2], []], started: [], exited: [1, 2] },
  {
    name: 'a pid that comes back is started once',
    listings: [[1], [1, 7], [1], [1, 7]],
    started: [7],
    exited: [7],
  },
])('addListing: $name', ({ listings, started, exited }) => {
  it(`started ${started.join(',') || 'none'}, exited ${exited.join(',') || 'none'}`, () => {
    const [first = new Set<number>(), ...rest] = listings.map((l) => new Set<number>(l));
    const churn: Churn = { started: new Set(), exited: new Set() };
    let previous = first;
    for (const now of rest) {
      addListing(churn, first, previous, now);
      previous = now;
    }
    expect([...churn.started].sort()).toEqual(started);
    expect([...churn.exited].sort()).toEqual(exited);
  });
});

it('a sampler of a session that does not exist reports its leader gone', async () => {
  const sampler = startChurnSampler(2 ** 22 + 12_345);
  expect(await sampler.stop()).toEqual({
    processesStarted: 0,
    processesExited: 0,
    leaderExited: 1,
  });
});
