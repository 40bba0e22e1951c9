import { describe, expect, it } from 'vitest';
import { readSchedAutogroup } from '../../../../harness/run/environment.ts';

describe('readSchedAutogroup', () => {
  it.each([
    { file: '1\n', expected: true },
    { file: '0\n', expected: false },
  ])('reads $file as $expected', ({ file, expected }) => {
    expect(readSchedAutogroup(() => file)).toBe(expected);
  });

  it('is null on a kernel without the switch', () => {
    const missing = () => {
      throw new Error('ENOENT');
    };
    expect(readSchedAutogroup(missing)).toBeNull();
  });
});
