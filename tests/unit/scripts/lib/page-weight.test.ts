import { describe, expect, it } from 'vitest';
import { countElements, measurePage } from '../../../../scripts/lib/page-weight.ts';

describe.each([
  { html: '', elements: 0 },
  {
    html: '<!doctype html><html><body><p>a <b>b</b></p><br/><img src=x></body></html>',
    elements: 6,
  },
  { html: '<p>1 < 2 and 3<4</p>', elements: 1 },
  { html: '<!-- <div><div> --><main></main>', elements: 1 },
  { html: '<script type="application/json">{"a":"<b><i>"}</script><p></p>', elements: 2 },
  { html: '<style>a<b{}</style><textarea><p>typed</p></textarea>', elements: 2 },
  { html: '<svg><use href="#a"/></svg><my-element data-x="<i>"></my-element>', elements: 3 },
])('countElements($html)', ({ html, elements }) => {
  it(`counts ${elements}`, () => expect(countElements(html)).toBe(elements));
});

describe('measurePage', () => {
  it('gives the raw bytes in UTF-8 (– is three) and a gzip size that shrinks repetitive markup', () => {
    const html = `<ul>${'<li>–</li>'.repeat(500)}</ul>`;
    const weight = measurePage('/x/', html);
    expect(weight).toMatchObject({ path: '/x/', elements: 501, bytes: 4 + 500 * (4 + 3 + 5) + 5 });
    expect(weight.gzipBytes).toBeGreaterThan(0);
    expect(weight.gzipBytes).toBeLessThan(weight.bytes / 10);
  });
});
