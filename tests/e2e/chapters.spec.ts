/**
 * Every chapter shows our data or a demo where it makes its point: the charts and demos that
 * each page's MDX source places are on the page and come alive, so a page cannot silently lose
 * one. A chapter split into pages (e.g. the benchmarks) is checked page by page.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { chapterPages, chapterPageSlugs, chapters } from '../../src/site.config.ts';
import { expectChartDrawn } from './charts-support.ts';

function readSource(slug: string): string {
  return readFileSync(new URL(`../../content/${slug}.mdx`, import.meta.url), 'utf8');
}

/** The ids an MDX source passes to `<Component id="…">`, in order. */
function placedIds(source: string, component: string): string[] {
  const pattern = new RegExp(`<${component}\\s+id="([^"]+)"`, 'g');
  return [...source.matchAll(pattern)].map((match) => match[1] ?? '');
}

/** The charts and demos a page's source places. */
function readPlaced(slug: string): { charts: string[]; demos: string[] } {
  const source = readSource(slug);
  return {
    charts: placedIds(source, 'Chart'),
    // `<WorkerSimulator />` is a `<PythonDemo id="worker-simulator">` with sliders.
    demos: [
      ...placedIds(source, 'PythonDemo'),
      ...(source.includes('<WorkerSimulator') ? ['worker-simulator'] : []),
    ],
  };
}

test('every chapter places a chart or a demo, on its own page or one of its pages', () => {
  const without = chapters.filter((slug) =>
    [slug, ...(chapterPages[slug]?.pages ?? [])]
      .map(readPlaced)
      .every(({ charts, demos }) => charts.length + demos.length === 0),
  );
  expect(without).toEqual([]);
});

for (const slug of chapterPageSlugs) {
  const { charts, demos } = readPlaced(slug);

  test(`${slug}: renders its ${charts.length} chart(s) and ${demos.length} demo(s)`, async ({
    page,
  }) => {
    // Some pages hold a dozen charts, each drawn as it scrolls into view.
    test.setTimeout(30_000 + 5_000 * charts.length);
    await page.goto(`${slug}/`);

    const figures = page.locator('.sl-markdown-content bench-chart');
    await expect(figures).toHaveCount(charts.length);
    for (const [index, id] of charts.entries()) {
      const { data } = await expectChartDrawn(figures.nth(index));
      expect(data.id).toBe(id);
      expect(data.series.length).toBeGreaterThan(0);
    }

    const runnable = page.locator('python-demo');
    const filenames = await runnable.evaluateAll((nodes) =>
      nodes.map((node) => node.getAttribute('data-filename')),
    );
    expect(filenames.sort()).toEqual(demos.map((id) => `${id}.py`).sort());
    for (const demo of await runnable.all()) {
      await demo.scrollIntoViewIfNeeded();
      // Near the viewport, the demo turns its static code into an editor with a Run button.
      await expect(demo.getByRole('button', { name: /^Run/ })).toBeVisible();
    }
  });
}
