/**
 * `<bench-chart>`: the interactive layer over a server-rendered chart figure. Reads its chart
 * data from its `<script type="application/json">` child, wires the controls (metric, scale, series, downloads, copy link),
 * keeps the view in the URL, follows the site theme, and loads Chart.js only when the chart
 * nears the viewport. Without JavaScript the figure still has its image, summary and table.
 */
import type { ThemeName } from '../draw/themes.ts';
import { readView, toDefaultScale, writeView, type ChartView } from '../model/chart-state.ts';
import { summarizeChart } from '../model/describe-chart.ts';
import type { MountedChart } from './mount-chart.ts';
import { toCsv } from '../model/to-csv.ts';
import type { ChartData } from '../model/to-chart-data.ts';
import { updateViewLinks } from './view-links.ts';

/** Start the chart when it comes this close to the viewport. */
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

/** The `<bench-chart>` custom element; `mounted` holds the drawn chart once it is in view. */
export class BenchChartElement extends HTMLElement {
  data!: ChartData;
  view!: ChartView;
  mounted: MountedChart | null = null;
  #observers: { disconnect(): void }[] = [];

  connectedCallback(): void {
    this.data = JSON.parse(
      this.querySelector('script[data-chart-json]')?.textContent ?? '{}',
    ) as ChartData;
    this.view = readView(this.data, new URLSearchParams(location.search));
    this.#wireControls();
    this.#render();
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
    const theme = new MutationObserver(() => this.mounted?.update(this.view, readTheme()));
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    this.#observers.push(visibility, theme);
    this.dataset['ready'] = 'controls';
  }

  disconnectedCallback(): void {
    for (const observer of this.#observers) observer.disconnect();
    this.mounted?.destroy();
    this.mounted = null;
  }

  async #mount(): Promise<void> {
    const canvas = this.querySelector('canvas');
    const tooltip = this.querySelector<HTMLElement>('[data-tooltip]');
    if (!canvas || !tooltip) return;
    const { mountChart } = await import('./mount-chart.ts');
    this.mounted = mountChart(canvas, tooltip, this.data, this.view, readTheme());
    this.dataset['ready'] = 'chart';
  }

  /** Applies the view to the controls, the summary, the URL and the chart. */
  #render(): void {
    const metric = this.querySelector<HTMLSelectElement>('[data-metric]');
    if (metric) metric.value = this.view.metric;
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

  /** The permalink of this view, on the chart's own page. */
  toPermalink(): string {
    const url = new URL(this.dataset['permalink'] ?? '', location.href);
    writeView(this.data, this.view, url.searchParams);
    return url.href;
  }

  #wireControls(): void {
    this.querySelector('[data-metric]')?.addEventListener('change', (event) => {
      const value = (event.target as HTMLSelectElement).value;
      const metric = this.data.metrics.find((m) => m === value);
      // Each metric opens on the scale its data calls for; the reader can switch after.
      if (metric) this.#setView({ metric, yScale: toDefaultScale(this.data, metric) });
    });
    for (const radio of this.querySelectorAll<HTMLInputElement>('[data-scale]')) {
      radio.addEventListener('change', () => {
        if (radio.checked)
          this.#setView({ yScale: radio.value === 'logarithmic' ? 'logarithmic' : 'linear' });
      });
    }
    for (const button of this.querySelectorAll<HTMLButtonElement>('[data-series]')) {
      button.addEventListener('click', () => {
        const key = button.dataset['series'] ?? '';
        const hidden = this.view.hidden.includes(key)
          ? this.view.hidden.filter((k) => k !== key)
          : [...this.view.hidden, key];
        this.#setView({
          hidden: this.data.series.map((s) => s.key).filter((k) => hidden.includes(k)),
        });
      });
    }
    this.#wireActions();
    this.#wireKeyboard();
  }

  #wireActions(): void {
    this.querySelector('[data-download="png"]')?.addEventListener('click', async (event) => {
      event.preventDefault();
      const { renderChartPng } = await import('./mount-chart.ts');
      const blob = await renderChartPng(
        this.data,
        this.view,
        readTheme(),
        this.dataset['attribution'] ?? '',
      );
      const scale = this.view.yScale === 'logarithmic' ? 'log' : 'linear';
      saveBlob(blob, `${this.data.id}-${this.view.metric}-${scale}.png`);
    });
    this.querySelector('[data-download="csv"]')?.addEventListener('click', (event) => {
      event.preventDefault();
      saveBlob(
        new Blob([toCsv(this.data, this.view)], { type: 'text/csv' }),
        `${this.data.id}.csv`,
      );
    });
    this.querySelector('[data-copy-link]')?.addEventListener('click', async () => {
      const link = this.toPermalink();
      const status = this.querySelector('[data-copy-status]');
      try {
        await navigator.clipboard.writeText(link);
        if (status) status.textContent = 'Link to this view copied.';
      } catch {
        if (status) status.textContent = `Copy this link: ${link}`;
      }
    });
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
