import { describe, expect, it } from 'vitest';
import { computeOtherCpuShare } from '../../../../harness/measure/noise.ts';

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
