import { describe, expect, it } from 'vitest';
import { classifyPage, deriveEmbedPaths, readLocs } from '../../../scripts/audit/pages.ts';

describe.each([
  { path: '/', html: '<main><p>Hello</p></main>', type: 'text-only' },
  { path: '/gthread/', html: '<bench-chart data-chart-id="x">', type: 'chart' },
  { path: '/charts/memory/', html: '<bench-chart data-chart-id="memory">', type: 'chart' },
  { path: '/event-loop/', html: '<bench-chart></bench-chart><python-demo>', type: 'demo' },
  { path: '/charts/', html: '<img src="memory.png">', type: 'gallery' },
  { path: '/benchmarks/', html: '<worker-simulator data-x>', type: 'demo' },
  { path: '/embed/memory/', html: '<bench-chart>', type: 'embed' },
  {
    path: '/glossary/',
    html: '<p>The <code>&lt;bench-chart&gt;</code> element</p>',
    type: 'text-only',
  },
])('classifyPage($path)', ({ path, html, type }) => {
  it(`is ${type}`, () => expect(classifyPage(path, html, '/')).toBe(type));
});

describe('classifyPage under a base path', () => {
  it('reads the route after the base', () => {
    expect(classifyPage('/worker-models/embed/memory/', '', '/worker-models/')).toBe('embed');
    expect(classifyPage('/worker-models/charts/', '', '/worker-models/')).toBe('gallery');
  });
});

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
