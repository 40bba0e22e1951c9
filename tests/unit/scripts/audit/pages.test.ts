import { describe, expect, it } from 'vitest';
import { classifyPage } from '../../../../scripts/audit/pages.ts';

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
