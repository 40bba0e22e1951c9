import type { Span } from '../../pyodide/protocol.ts';
import { drawTimelineSvg, drawTimelineTable } from './render-timeline.ts';
import { findPhaseRanges, type TimeRange } from './timeline-layout.ts';

/**
 * The timeline of a demo's last run, with one button per phase that zooms the time axis to it.
 * On a phone the whole run is ~300 px wide and a short phase (`all_at_once`, the point of the
 * first demo) gets a few pixels; zoomed, it gets the full width, on the same left-to-right time
 * axis the text talks about ("a staircase", "side by side"), which a vertical layout would lose.
 */
export class TimelineView {
  readonly #figure: HTMLElement;
  readonly #chart: HTMLElement;
  readonly #table: HTMLElement;
  readonly #zoom: HTMLElement;
  #spans: readonly Span[] = [];
  #range: TimeRange | undefined;

  constructor(parts: {
    figure: HTMLElement;
    chart: HTMLElement;
    table: HTMLElement;
    zoom: HTMLElement;
  }) {
    this.#figure = parts.figure;
    this.#chart = parts.chart;
    this.#table = parts.table;
    this.#zoom = parts.zoom;
  }

  /** Shows a run's spans over the whole run; hides the figure when there is nothing to draw. */
  show(spans: readonly Span[]): void {
    const drawable = spans.some((span) => span.state !== 'phase');
    this.#figure.hidden = !drawable;
    if (!drawable) return;
    this.#spans = spans;
    this.#range = undefined;
    this.#makeZoomButtons();
    this.#draw();
    this.#table.replaceChildren(drawTimelineTable(spans));
  }

  #makeZoomButtons(): void {
    const phases = findPhaseRanges(this.#spans);
    this.#zoom.hidden = phases.length < 2;
    const choices: { label: string; range: TimeRange | undefined }[] = [
      { label: 'Whole run', range: undefined },
      ...phases.map((phase) => ({ label: phase.label || 'phase', range: phase })),
    ];
    const buttons = choices.map(({ label, range }) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'pd-button';
      button.textContent = label;
      button.setAttribute('aria-pressed', String(range === undefined));
      button.addEventListener('click', () => {
        this.#range = range;
        for (const other of buttons) other.setAttribute('aria-pressed', String(other === button));
        this.#draw();
      });
      return button;
    });
    this.#zoom.replaceChildren(...buttons);
  }

  #draw(): void {
    this.#chart.replaceChildren(
      drawTimelineSvg(this.#spans, this.#chart.clientWidth || undefined, this.#range),
    );
  }
}
