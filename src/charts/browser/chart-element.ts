/**
 * `<bench-chart>`: the interactive layer over a server-rendered chart figure. Wires the controls
 * (metric, scale, series, downloads, copy link) with one listener each for the whole figure,
 * and does the rest only when the chart nears the viewport or the reader reaches for it:
 * fetches its chart data (`data-src`), applies the view the URL asks for, keeps the view in the
 * URL, follows the site theme and draws it with Chart.js. Until then it costs the page almost
 * nothing. Without JavaScript the figure still has its image, summary and table.
 */
import type { ThemeName } from '../draw/themes.ts';
import {
  findViewProblems,
  readObjective,
  readView,
  toDefaultScale,
  writeView,
  type ChartView,
} from '../model/chart-state.ts';
import { summarizeChart } from '../model/describe-chart.ts';
import type { MountedChart } from './mount-chart.ts';
import { toCsv } from '../model/to-csv.ts';
import type { ChartData } from '../model/to-chart-data.ts';
import { updateViewLinks } from './view-links.ts';
import { yieldToMain } from './yield-to-main.ts';

/** Fetch the data and draw the chart when it comes this close to the viewport. */
const LAZY_ROOT_MARGIN = '400px 0px';

/** The page's theme as Starlight (or the embed page) sets it on `<html data-theme>`. */
function readTheme(): ThemeName {
  return document.documentElement.dataset['theme'] === 'dark' ? 'dark' : 'light';
}

/** Saves a blob under a file name through a temporary link. */
function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const ARROW_KEYS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/**
 * The `<bench-chart>` custom element. `data` and `view` are set once the chart data has arrived
 * (`load()`), and `mounted` holds the drawn chart once it is in view.
 */
export class BenchChartElement extends HTMLElement {
  data!: ChartData;
  view!: ChartView;
  mounted: MountedChart | null = null;
  #loading: Promise<void> | null = null;
  #observers: { disconnect(): void }[] = [];

  connectedCallback(): void {
    this.#wireControls();
    const visibility = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          visibility.disconnect();
          void this.#mount();
        }
      },
      { rootMargin: LAZY_ROOT_MARGIN },
    );
    visibility.observe(this);
    this.#observers.push(visibility);
    // A reader who reaches for the controls (Tab, a pointer) should not wait for the scroll.
    for (const intent of ['focusin', 'pointerenter'])
      this.addEventListener(intent, () => void this.load().catch(() => undefined), { once: true });
    this.dataset['ready'] = 'controls';
  }

  disconnectedCallback(): void {
    for (const observer of this.#observers) observer.disconnect();
    this.mounted?.destroy();
    this.mounted = null;
  }

  /** Fetches the chart data (once) and applies the view the URL asks for. */
  load(): Promise<void> {
    this.#loading ??= (async () => {
      const response = await fetch(this.dataset['src'] ?? '');
      if (!response.ok) throw new Error(`${response.url} answered ${response.status}`);
      this.data = (await response.json()) as ChartData;
      // Charts whose data arrive together would otherwise be rendered in one long task.
      await yieldToMain();
      const params = new URLSearchParams(location.search);
      this.view = readView(this.data, params);
      this.#showProblem(findViewProblems(this.data, params).join(' '));
      this.#render();
    })();
    this.#loading.catch(() => {
      this.#loading = null; // Try again on the next intent or control.
    });
    return this.#loading;
  }

  async #mount(): Promise<void> {
    const canvas = this.querySelector('canvas');
    const tooltip = this.querySelector<HTMLElement>('[data-tooltip]');
    if (!canvas || !tooltip) return;
    try {
      const [{ mountChart }] = await Promise.all([import('./mount-chart.ts'), this.load()]);
      // One chart drawn per task: figures near the viewport at load are drawn in turn, with
      // input and paint between them, not in one long task (issue 16).
      await yieldToMain();
      if (!this.isConnected) return;
      this.mounted = mountChart(canvas, tooltip, this.data, this.view, readTheme());
    } catch (error) {
      this.#showImage(canvas);
      throw error;
    }
    const theme = new MutationObserver(() => this.mounted?.update(this.view, readTheme()));
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    this.#observers.push(theme);
    this.dataset['ready'] = 'chart';
  }

  /** Without its data the chart cannot be drawn: show the build-time image in its place. */
  #showImage(canvas: HTMLCanvasElement): void {
    const fallback = this.querySelector('.chart-plot noscript')?.textContent;
    if (!fallback || this.querySelector('.chart-plot img')) return;
    canvas.hidden = true;
    canvas.insertAdjacentHTML('afterend', fallback);
  }

  /** Applies the view to the controls, the summary, the URL and the chart. */
  #render(): void {
    const metric = this.querySelector<HTMLSelectElement>('[data-metric]');
    if (metric) metric.value = this.view.metric;
    const objective = this.querySelector<HTMLInputElement>('[data-objective]');
    if (objective && this.view.objectiveMs !== undefined) {
      objective.value = String(this.view.objectiveMs);
    }
    for (const radio of this.querySelectorAll<HTMLInputElement>('[data-scale]')) {
      radio.checked = radio.value === this.view.yScale;
    }
    for (const button of this.querySelectorAll<HTMLButtonElement>('[data-series]')) {
      button.setAttribute(
        'aria-pressed',
        String(!this.view.hidden.includes(button.dataset['series'] ?? '')),
      );
    }
    const summary = summarizeChart(this.data, this.view);
    const summaryElement = this.querySelector('[data-summary]');
    if (summaryElement) summaryElement.textContent = summary;
    this.querySelector('canvas')?.setAttribute('aria-label', `${this.data.title}. ${summary}`);
    const url = new URL(location.href);
    writeView(this.data, this.view, url.searchParams);
    if (url.href !== location.href) history.replaceState(history.state, '', url);
    updateViewLinks(this.data, this.view);
    this.mounted?.update(this.view, readTheme());
  }

  #setView(change: Partial<ChartView>): void {
    this.view = { ...this.view, ...change };
    this.#render();
  }

  /** The permalink of this view, on the chart's own page (once the data has arrived). */
  toPermalink(): string {
    const url = new URL(this.dataset['permalink'] ?? '', location.href);
    writeView(this.data, this.view, url.searchParams);
    return url.href;
  }

  /** One listener per kind of event for the whole figure; each waits for the data. */
  #wireControls(): void {
    this.addEventListener('change', (event) => void this.#onChange(event.target as Element));
    this.addEventListener('click', (event) => {
      const target = (event.target as Element).closest<HTMLElement>(
        '[data-series], [data-download="png"], [data-download="csv"], [data-copy-link]',
      );
      if (!target) return;
      // The links download the default view without JavaScript; here they follow the view.
      if (target.matches('[data-download]')) event.preventDefault();
      void this.#onClick(target);
    });
    this.#wireKeyboard();
  }

  async #onChange(target: Element): Promise<void> {
    if (!(target instanceof HTMLSelectElement || target instanceof HTMLInputElement)) return;
    // Read the choice now: applying the URL's view once the data arrives resets the controls.
    const { value } = target;
    const scaleChecked = target.matches('[data-scale]:checked');
    const isObjective = target.matches('[data-objective]');
    if (!target.matches('[data-metric]') && !scaleChecked && !isObjective) return;
    await this.load();
    if (isObjective) {
      if (target instanceof HTMLInputElement) this.#setObjective(target, value);
    } else if (scaleChecked)
      this.#setView({ yScale: value === 'logarithmic' ? 'logarithmic' : 'linear' });
    else {
      const metric = this.data.metrics.find((m) => m === value);
      // Each metric opens on the scale its data calls for; the reader can switch after.
      if (metric) this.#setView({ metric, yScale: toDefaultScale(this.data, metric) });
    }
  }

  /** Applies a typed objective, or says what is wrong with it and keeps the bars as they are. */
  #setObjective(input: HTMLInputElement, value: string): void {
    const reading = readObjective(this.data, value);
    input.setAttribute('aria-invalid', String(!reading.ok));
    if (!reading.ok) {
      const problem = reading.problem.replace(/; showing .*$/, '');
      this.#showProblem(`The ${problem}. The bars still show ${this.view.objectiveMs ?? ''} ms.`);
      return;
    }
    this.#showProblem('');
    this.#setView({ objectiveMs: reading.objectiveMs });
  }

  /** Shows (or clears) what is wrong with an objective, beside the control. */
  #showProblem(text: string): void {
    const problem = this.querySelector('[data-objective-problem]');
    if (problem && problem.textContent !== text) problem.textContent = text;
  }

  async #onClick(target: HTMLElement): Promise<void> {
    await this.load();
    const series = target.dataset['series'];
    if (series !== undefined) {
      const hidden = this.view.hidden.includes(series)
        ? this.view.hidden.filter((k) => k !== series)
        : [...this.view.hidden, series];
      this.#setView({
        hidden: this.data.series.map((s) => s.key).filter((k) => hidden.includes(k)),
      });
    } else if (target.dataset['download'] === 'png') {
      const { renderChartPng } = await import('./mount-chart.ts');
      const blob = await renderChartPng(
        this.data,
        this.view,
        readTheme(),
        this.dataset['attribution'] ?? '',
      );
      const scale = this.view.yScale === 'logarithmic' ? 'log' : 'linear';
      const objective =
        this.view.objectiveMs === undefined ? '' : `-p99-${this.view.objectiveMs}ms`;
      saveBlob(blob, `${this.data.id}-${this.view.metric}-${scale}${objective}.png`);
    } else if (target.dataset['download'] === 'csv') {
      saveBlob(
        new Blob([toCsv(this.data, this.view)], { type: 'text/csv' }),
        `${this.data.id}.csv`,
      );
    } else await this.#copyLink();
  }

  async #copyLink(): Promise<void> {
    const link = this.toPermalink();
    const status = this.querySelector('[data-copy-status]');
    try {
      await navigator.clipboard.writeText(link);
      if (status) status.textContent = 'Link to this view copied.';
    } catch {
      if (status) status.textContent = `Copy this link: ${link}`;
    }
  }

  #wireKeyboard(): void {
    const canvas = this.querySelector('canvas');
    canvas?.addEventListener('keydown', (event) => {
      const move = ARROW_KEYS[event.key];
      if (move) {
        event.preventDefault();
        this.mounted?.movePoint(move[0], move[1]);
      } else if (event.key === 'Escape') {
        this.mounted?.clearPoint();
      }
    });
    canvas?.addEventListener('blur', () => this.mounted?.clearPoint());
  }
}

if (!customElements.get('bench-chart')) customElements.define('bench-chart', BenchChartElement);
