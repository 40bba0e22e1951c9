import { describe, expect, it } from 'vitest';
import { toDefaultView } from '../../../../src/charts/model/chart-state.ts';
import { toEmbedSnippet, toImageSnippet } from '../../../../src/charts/model/embed-snippet.ts';
import { makeChartData } from '../../../support/chart-factory.ts';

const data = makeChartData({ title: 'Sync & "async" <compared>' }, [
  { model: 'uvicorn', concurrency: 1 },
  { model: 'gunicorn-sync', concurrency: 4 },
]);
const siteRoot = 'https://example.org/worker-models/';
const size = { width: 960, height: 540 };
/** The attributes of the snippet's one `<a>` and one `<img>`, unescaped. */
function readSnippet(snippet: string): { href: string; src: string; alt: string } {
  const attribute = (name: string) =>
    (new RegExp(` ${name}="([^"]*)"`).exec(snippet)?.[1] ?? '')
      .replaceAll('&quot;', '"')
      .replaceAll('&lt;', '<')
      .replaceAll('&amp;', '&');
  return { href: attribute('href'), src: attribute('src'), alt: attribute('alt') };
}

describe('the image code', () => {
  it('shows the default view with the chart image, linked to the plain permalink', () => {
    const { href, src, alt } = readSnippet(
      toImageSnippet(data, toDefaultView(data), siteRoot, size),
    );
    expect(src).toBe(`${siteRoot}charts/test-sweep.png`);
    expect(href).toBe(`${siteRoot}charts/test-sweep/`);
    expect(alt).toBe('Sync & "async" <compared>: Throughput, on a linear axis');
  });

  it('follows the metric and scale, and links back to the same view, hidden series included', () => {
    const view = { metric: 'p50' as const, yScale: 'logarithmic' as const, hidden: ['uvicorn'] };
    const snippet = toImageSnippet(data, view, siteRoot, size);
    const { href, src, alt } = readSnippet(snippet);
    expect(src).toBe(`${siteRoot}charts/test-sweep/p50-log.png`);
    expect(Object.fromEntries(new URL(href).searchParams)).toEqual({
      'test-sweep-metric': 'p50',
      'test-sweep-scale': 'log',
      'test-sweep-hide': 'uvicorn',
    });
    expect(alt).toMatch(/: Median latency \(p50\), on a logarithmic axis$/);
    expect(snippet).toContain('width="960" height="540"');
  });

  it('escapes what it puts in attributes', () => {
    const snippet = toImageSnippet(data, toDefaultView(data), siteRoot, size);
    expect(snippet).not.toContain('<compared>');
    expect(snippet).toContain('&quot;async&quot;');
  });
});

describe('the embed code', () => {
  it('trusts height messages from the embed page origin only', () => {
    const snippet = toEmbedSnippet({ embedUrl: `${siteRoot}embed/test-sweep/`, title: 'A "t"' });
    expect(snippet).toContain('e.origin!=="https://example.org"');
    expect(snippet).toContain('title="A &quot;t&quot;"');
  });
});
