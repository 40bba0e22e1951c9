import { describe, expect, it } from 'vitest';
import { describeLocalSite, isPublicSite } from '../../../src/publishing/site-address.ts';

describe('isPublicSite', () => {
  it.each([
    ['https://example.org', true],
    ['https://user.github.io/worker-models/', true],
    ['http://localhost:4321', false],
    ['http://127.0.0.1:4321/', false],
    ['http://[::1]:4321/', false],
    ['http://docs.localhost/', false],
    [undefined, false],
  ])('%s → %s', (site, expected) => {
    expect(isPublicSite(site)).toBe(expected);
  });
});

describe('describeLocalSite', () => {
  it('names the address the build fell back to and how to set the real one', () => {
    const text = describeLocalSite('http://localhost:4321');
    expect(text).toContain('http://localhost:4321');
    expect(text).toMatch(/SITE=https:\/\/\S+ .*npm run build/);
  });
});
