import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';

/*
 * The worker-model simulator on its page of the benchmarks chapter, with real Pyodide in Chromium: the
 * sliders work from the keyboard, each change re-runs the simulation, and the recorded column
 * shows a dataset's value where one matches the settings and says so where none does.
 */

/** Loading Python cold on a busy two-core machine can take a while. */
const coldLoadMs = 90_000;

function findSimulator(page: Page): Locator {
  return page.getByRole('region', { name: /^A worker-model simulator/ });
}

/** A cell of the comparison table: row header × model column. */
function cell(sim: Locator, row: RegExp, model: number): Locator {
  return sim.getByRole('row', { name: row }).getByRole('cell').nth(model);
}

const SYNC = 0;
const ASYNCIO = 2;

async function expectValue(sim: Locator, label: string, value: string): Promise<void> {
  await expect(sim.getByRole('slider', { name: label, exact: true })).toHaveAttribute(
    'aria-valuetext',
    value,
  );
}

/** Waits for the predicted sync p50 to show a number other than `previous`; returns it. */
async function nextPrediction(sim: Locator, previous = ''): Promise<string> {
  const predicted = cell(sim, /^p50 latency, predicted/, SYNC);
  await expect(predicted).toHaveText(/^[\d,.]+ ms$/, { timeout: coldLoadMs });
  await expect(predicted).not.toHaveText(previous, { timeout: coldLoadMs });
  await expect(predicted).toHaveText(/^[\d,.]+ ms$/, { timeout: coldLoadMs });
  return (await predicted.textContent()) ?? '';
}

/** Presses Tab until `target` has focus, at most `limit` times; fails if it never does. */
async function tabTo(page: Page, target: Locator, limit = 30): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

/** The simulator's controls and tables pass axe in the light and the dark theme. */
async function expectAxeClean(page: Page): Promise<void> {
  for (const theme of ['light', 'dark']) {
    await page.evaluate((name) => (document.documentElement.dataset['theme'] = name), theme);
    const { violations } = await new AxeBuilder({ page })
      .include('worker-simulator .sim')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    expect(violations.map((v) => `${theme}: ${v.id} at ${v.nodes[0]?.target.join(' ')}`)).toEqual(
      [],
    );
  }
}

test.describe('the worker-model simulator', () => {
  test.describe.configure({ mode: 'serial' });
  let page: Page;
  let sim: Locator;

  test.beforeAll(async ({ browser }) => {
    // A context of its own, not browser.newPage(): axe needs one to inject itself.
    page = await (await browser.newContext()).newPage();
    await page.goto('benchmarks/simulator/');
    sim = findSimulator(page);
  });
  test.afterAll(async () => page.context().close());

  test('shows the recorded values of the default settings before anything runs', async () => {
    await expectValue(sim, 'Connections', '16');
    const recorded = cell(sim, /^Throughput, recorded/, SYNC).getByRole('link');
    await expect(recorded).toHaveAttribute('href', /\/charts\/sweep-io\/$/);
    // The number is the dataset's median, as the site publishes the dataset.
    const dataset = (await (await page.request.get('data/sweep-io.json')).json()) as {
      points: { id: string; summary: { throughputRps: { median: number } } }[];
    };
    const pointId = await recorded.getAttribute('data-point');
    const point = dataset.points.find((p) => p.id === pointId);
    const shown = Number((await recorded.textContent())?.replace(/[^\d.]/g, ''));
    expect(shown).toBeCloseTo(point?.summary.throughputRps.median ?? NaN, 1);
    await expect(sim.getByRole('row', { name: /^Recorded point/ }).getByRole('link')).toHaveCount(
      4,
    );
  });

  test('by keyboard alone: Tab reaches every control, arrows move a slider and re-run', async () => {
    test.setTimeout(coldLoadMs * 3);
    const run = sim.getByRole('button', { name: /^Run/ });
    await run.focus();
    const order: string[] = [];
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      order.push(
        await page.evaluate(
          () => document.activeElement?.id || document.activeElement?.textContent?.trim() || '',
        ),
      );
    }
    expect(order).toEqual(
      expect.arrayContaining([
        'sim-load-closed',
        'sim-io_ms',
        'sim-cpu_ms',
        'sim-connections',
        'sim-workers',
        'sim-threads',
        'sim-loops',
        'sim-cores',
        'sim-pool',
        'sim-overhead_ms',
        'sim-timeline',
        'sim-preset',
        'Use these settings',
      ]),
    );
    // The open loop's controls are hidden, so out of the tab order.
    expect(order).not.toContain('sim-rate_rps');

    const connections = sim.getByRole('slider', { name: 'Connections', exact: true });
    await run.focus();
    await tabTo(page, connections);
    await page.keyboard.press('ArrowRight');
    await expectValue(sim, 'Connections', '32');
    await expect(cell(sim, /^Recorded point/, SYNC)).toContainText('no recorded point');
    const at32 = await nextPrediction(sim);

    await page.keyboard.press('ArrowLeft');
    await expectValue(sim, 'Connections', '16');
    await expect(cell(sim, /^Recorded point/, SYNC).getByRole('link')).toBeVisible();
    const at16 = await nextPrediction(sim, at32);
    // Little's law for a saturated pool: latency grows with the connections waiting.
    expect(parseFloat(at16.replace(/,/g, ''))).toBeLessThan(parseFloat(at32.replace(/,/g, '')));
    await expect(sim.getByRole('img', { name: /^Timeline of 3 lanes/ })).toBeVisible();
  });

  test('no recorded point: says so, and "Use nearest" moves the sliders to one', async () => {
    test.setTimeout(coldLoadMs);
    await sim.getByRole('slider', { name: 'Gunicorn workers' }).focus();
    await page.keyboard.press('ArrowRight');
    await expectValue(sim, 'Gunicorn workers', '4');
    const where = cell(sim, /^Recorded point/, SYNC);
    await expect(where).toContainText('no recorded point');
    await expect(where).toContainText('nearest: 16 connections, 50 ms wait, 3 workers');
    await expect(cell(sim, /^Throughput, recorded/, SYNC)).toHaveText('–');
    // uvicorn's processes did not change: its recorded point still applies.
    await expect(cell(sim, /^Recorded point/, ASYNCIO).getByRole('link')).toBeVisible();

    await where.getByRole('button', { name: /^Use the nearest recorded point/ }).focus();
    await page.keyboard.press('Enter');
    await expectValue(sim, 'Gunicorn workers', '3');
    await expect(cell(sim, /^Throughput, recorded/, SYNC).getByRole('link')).toBeVisible();
    await nextPrediction(sim);
  });

  test('a recorded preset sets every slider and links to its chart', async () => {
    test.setTimeout(coldLoadMs);
    const before = await nextPrediction(sim);
    await sim.getByLabel('Recorded points').selectOption({
      label: '128 connections, 8 workers × 4 threads, 1 loop (50 ms wait, 0 ms CPU)',
    });
    await sim.getByRole('button', { name: 'Use these settings' }).press('Enter');
    await expectValue(sim, 'Connections', '128');
    await expectValue(sim, 'Gunicorn workers', '8');
    await expect(cell(sim, /^Throughput, recorded/, SYNC).getByRole('link')).toHaveAttribute(
      'href',
      /\/charts\/workers-threads\/$/,
    );
    // The workers chart has no p50 metric, so there is nothing to link to.
    await expect(cell(sim, /^p50 latency, recorded/, SYNC)).toHaveText('not charted');
    const after = await nextPrediction(sim, before);
    expect(after).not.toBe(before);
  });

  test('the controls and the filled-in table pass axe in both themes', async () => {
    // A state with every kind of cell: links, "not charted", "no recorded point" and a button.
    await sim.getByRole('slider', { name: 'Threads per gthread worker' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(cell(sim, /^Recorded point/, 1)).toContainText('no recorded point');
    await nextPrediction(sim);
    await expectAxeClean(page);
  });
});

/** A number of milliseconds or requests as a cell shows it (`2,013 ms`, `135 of 270`). */
function readNumber(text: string | null): number {
  return parseFloat((text ?? '').replace(/,/g, ''));
}

/** Waits for the open-loop sync p99 to show a number other than `previous`; returns it. */
async function nextOpenPrediction(sim: Locator, previous = ''): Promise<string> {
  const predicted = cell(sim, /^p99 latency from arrival, predicted/, SYNC);
  await expect(predicted).toHaveText(/^[\d,.]+ ms$/, { timeout: coldLoadMs });
  await expect(predicted).not.toHaveText(previous, { timeout: coldLoadMs });
  await expect(predicted).toHaveText(/^[\d,.]+ ms$/, { timeout: coldLoadMs });
  return (await predicted.textContent()) ?? '';
}

test.describe('the simulator in open loop', () => {
  test.describe.configure({ mode: 'serial' });
  let page: Page;
  let sim: Locator;

  test.beforeAll(async ({ browser }) => {
    // A phone's width: the switch and the sliders must fit it.
    page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await page.goto('benchmarks/simulator/');
    sim = findSimulator(page);
  });
  test.afterAll(async () => page.context().close());

  test('the switch, by keyboard: an arrival rate replaces the connections', async () => {
    test.setTimeout(coldLoadMs * 2);
    const closed = sim.getByRole('radio', { name: 'Closed loop (connections)' });
    const open = sim.getByRole('radio', { name: 'Open loop (arrival rate)' });
    await expect(closed).toBeChecked();
    await expect(sim.getByRole('slider', { name: 'Arrival rate' })).toBeHidden();
    await closed.focus();
    await page.keyboard.press('ArrowRight');
    await expect(open).toBeChecked();
    await expect(sim.getByRole('slider', { name: 'Connections', exact: true })).toBeHidden();
    await expectValue(sim, 'Arrival rate', '90 req/s');
    await expectValue(sim, 'Measured window', '3 s');
    await expect(sim.getByLabel('Arrivals')).toHaveValue('constant');

    // 90 req/s on 3 sync workers that serve 60: the queue grows for the whole run, and
    // every request in it counts its wait. One uvicorn loop keeps up.
    await nextOpenPrediction(sim);
    const p99 = (model: number) => cell(sim, /^p99 latency from arrival, predicted/, model);
    const waiting = (model: number) =>
      cell(sim, /^Still waiting as the window closed, predicted/, model);
    expect(readNumber(await p99(SYNC).textContent())).toBeGreaterThan(1000);
    await expect(waiting(SYNC)).toHaveText(/^[\d,]+ of 270$/);
    expect(readNumber(await waiting(SYNC).textContent())).toBeGreaterThan(50);
    expect(readNumber(await p99(ASYNCIO).textContent())).toBeLessThan(60);
  });

  test('below capacity the latency is the request time; the table passes axe', async () => {
    test.setTimeout(coldLoadMs * 2);
    const rate = sim.getByRole('slider', { name: 'Arrival rate' });
    const before = await nextOpenPrediction(sim);
    await rate.focus();
    for (const shown of ['80', '70', '60', '50', '40', '30']) {
      await page.keyboard.press('ArrowLeft');
      await expectValue(sim, 'Arrival rate', `${shown} req/s`);
    }
    const after = await nextOpenPrediction(sim, before);
    expect(readNumber(after)).toBeLessThan(60);
    await expect(cell(sim, /^Achieved rate, predicted/, SYNC)).toHaveText('30 req/s');
    await expectAxeClean(page);
  });

  test('fits a phone: the switch and the sliders lie within its 390 px', async () => {
    for (const control of [
      sim.getByRole('radio', { name: 'Open loop (arrival rate)' }),
      sim.getByRole('slider', { name: 'Arrival rate' }),
      sim.getByRole('slider', { name: 'Measured window' }),
      sim.getByLabel('Arrivals'),
    ]) {
      const box = await control.boundingBox();
      expect(box?.x).toBeGreaterThanOrEqual(0);
      expect((box?.x ?? Infinity) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
  });

  test('back to closed loop: the connections and the recorded column return', async () => {
    await sim.getByRole('radio', { name: 'Open loop (arrival rate)' }).focus();
    await page.keyboard.press('ArrowLeft');
    await expect(sim.getByRole('radio', { name: 'Closed loop (connections)' })).toBeChecked();
    await expectValue(sim, 'Connections', '16');
    await expect(sim.getByRole('slider', { name: 'Arrival rate' })).toBeHidden();
    await expect(cell(sim, /^Throughput, recorded/, SYNC).getByRole('link')).toBeVisible();
  });
});
