import { describe, expect, it } from 'vitest';
import { createRandom, shuffle } from '../../../../harness/run/run-order.ts';

describe.each([{ seed: 1 }, { seed: 42 }, { seed: 2 ** 31 - 1 }])(
  'shuffle with seed $seed',
  ({ seed }) => {
    it('is a reproducible permutation', () => {
      const items = Array.from({ length: 20 }, (_, i) => i);
      const a = shuffle(items, createRandom(seed));
      expect(shuffle(items, createRandom(seed))).toEqual(a);
      expect([...a].sort((x, y) => x - y)).toEqual(items);
    });
  },
);
