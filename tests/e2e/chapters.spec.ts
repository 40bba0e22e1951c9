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
  const demos = placedIds(source, 'PythonDemo');

  test(`${slug}: renders its ${charts.length} chart(s) and ${demos.length} demo(s)`, async ({
    page,
  }) => {
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
    await expect(runnable).toHaveCount(demos.length);
    for (const [index, id] of demos.entries()) {
      const demo = runnable.nth(index);
      await expect(demo).toHaveAttribute('data-filename', `${id}.py`);
      await demo.scrollIntoViewIfNeeded();
      // Near the viewport, the demo turns its static code into an editor with a Run button.
      await expect(demo.getByRole('button', { name: /^Run/ })).toBeVisible();
    }
  });
}
