import { describe, expect, it } from 'vitest';
import { deriveEmbedPaths, readLocs, readPagePaths } from '../../../../scripts/lib/sitemap.ts';

describe('deriveEmbedPaths', () => {
  it('gives each chart permalink its embed, and nothing for other pages', () => {
    const paths = ['/', '/charts/', '/charts/memory/', '/charts/sweep-io/', '/gthread/'];
    expect(deriveEmbedPaths(paths, '/')).toEqual(['/embed/memory/', '/embed/sweep-io/']);
  });
  it('keeps the base path, and works on base-relative paths', () => {
    expect(deriveEmbedPaths(['/wm/charts/memory/'], '/wm/')).toEqual(['/wm/embed/memory/']);
    expect(deriveEmbedPaths(['charts/memory/'], '')).toEqual(['embed/memory/']);
  });
});

describe('readLocs', () => {
  it('reads every loc of a sitemap', () => {
    const xml =
      '<urlset><url><loc>http://localhost:4321/</loc></url><url><loc>http://localhost:4321/gthread/</loc></url></urlset>';
    expect(readLocs(xml)).toEqual(['http://localhost:4321/', 'http://localhost:4321/gthread/']);
  });
});

describe('readPagePaths', () => {
  it('keeps the path of each loc, base path included, and drops the production origin', () => {
    const xml =
      '<urlset><url><loc>https://example.org/wm/</loc></url><url><loc>https://example.org/wm/charts/memory/</loc></url></urlset>';
    expect(readPagePaths(xml)).toEqual(['/wm/', '/wm/charts/memory/']);
  });
});
