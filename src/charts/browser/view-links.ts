/**
 * Keeps what a reader copies out of a chart page in step with the view they chose: the embed
 * snippet (`EmbedSnippet.astro`) opens the embed on the same metric, scale and series.
 */
import { writeView, type ChartView } from '../model/chart-state.ts';
import { toEmbedSnippet } from '../model/embed-snippet.ts';
import type { ChartData } from '../model/to-chart-data.ts';

/** Rewrites the page's embed snippet of this chart, if it has one, for `view`. */
export function updateViewLinks(data: ChartData, view: ChartView): void {
  const holder = document.querySelector<HTMLElement>(`[data-embed-for="${data.id}"]`);
  const code = holder?.querySelector('pre code');
  if (!holder || !code) return;
  const url = new URL(holder.dataset['embedUrl'] ?? '');
  writeView(data, view, url.searchParams);
  code.textContent = toEmbedSnippet({
    embedUrl: url.href,
    title: holder.dataset['embedTitle'] ?? '',
  });
}
