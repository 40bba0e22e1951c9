import { describe, expect, it } from 'vitest';
import { computeBusyShare } from '../../../../harness/measure/repetition.ts';

describe.each([
  {
    name: 'half idle',
    before: { total: 100, idle: 50 },
    after: { total: 200, idle: 100 },
    share: 0.5,
  },
  {
    name: 'fully busy',
    before: { total: 100, idle: 50 },
    after: { total: 200, idle: 50 },
    share: 1,
  },
  {
    name: 'no tick passed',
    before: { total: 100, idle: 50 },
    after: { total: 100, idle: 50 },
    share: 0,
  },
  {
    name: 'coarse counters',
    before: { total: 100, idle: 50 },
    after: { total: 110, idle: 61 },
    share: 0,
  },
])('computeBusyShare: $name', ({ before, after, share }) => {
  it(`is ${share}`, () => expect(computeBusyShare(before, after)).toBe(share));
});
