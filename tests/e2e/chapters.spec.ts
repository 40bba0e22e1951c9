/**
 * Every chapter shows our data or a demo where it makes its point: the charts and demos that
 * its MDX source places are on the page and come alive, so a chapter cannot silently lose one.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { chapters } from '../../src/site.config.ts';
import { expectChartDrawn } from './charts-support.ts';

/** The ids an MDX source passes to `<Component id="…">`, in order. */
function placedIds(source: string, component: string): string[] {
  const pattern = new RegExp(`<${component}\\s+id="([^"]+)"`, 'g');
  return [...source.matchAll(pattern)].map((match) => match[1] ?? '');
}

for (const slug of chapters) {
  const source = readFileSync(new URL(`../../content/${slug}.mdx`, import.meta.url), 'utf8');
  const charts = placedIds(source, 'Chart');
  // `<WorkerSimulator />` is a `<PythonDemo id="worker-simulator">` with sliders.
  const demos = [
    ...placedIds(source, 'PythonDemo'),
    ...(source.includes('<WorkerSimulator') ? ['worker-simulator'] : []),
  ];

  test(`${slug}: renders its ${charts.length} chart(s) and ${demos.length} demo(s)`, async ({
    page,
  }) => {
    // Some chapters hold a dozen charts, each drawn as it scrolls into view.
    test.setTimeout(30_000 + 5_000 * charts.length);
    expect(charts.length + demos.length, 'a chapter needs a chart or a demo').toBeGreaterThan(0);
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
