/**
 * Keeps what a reader copies out of a chart page in step with the view they chose: the embed
 * snippet (`EmbedSnippet.astro`) opens the embed on the same metric, scale, series and
 * objective, the image code shows the picture of that metric and scale, and the citation
 * (`ChartCitation.astro`) links to the permalink of that view.
 */
import { writeView, type ChartView } from '../model/chart-state.ts';
import { toEmbedSnippet, toImageSnippet } from '../model/embed-snippet.ts';
import type { ChartData } from '../model/to-chart-data.ts';

/** Rewrites the page's embed snippet of this chart, if it has one, for `view`. */
function updateEmbed(data: ChartData, view: ChartView): void {
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

/** Rewrites the page's image code of this chart, if it has one, for `view`. */
function updateImage(data: ChartData, view: ChartView): void {
  const holder = document.querySelector<HTMLElement>(`[data-image-for="${data.id}"]`);
  const code = holder?.querySelector('pre code');
  if (!holder || !code) return;
  const { siteRoot = '', imageWidth, imageHeight } = holder.dataset;
  code.textContent = toImageSnippet(data, view, siteRoot, {
    width: Number(imageWidth),
    height: Number(imageHeight),
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Points the page's citations of this chart at the permalink of `view`. Only the text nodes
 * that hold the link change, so the reader's access date (its own element) stays in place.
 */
function updateCitations(data: ChartData, view: ChartView): void {
  const holder = document.querySelector<HTMLElement>(`[data-citation-for="${data.id}"]`);
  const permalink = holder?.dataset['citationUrl'];
  if (!holder || !permalink) return;
  const url = new URL(permalink);
  writeView(data, view, url.searchParams);
  // The permalink with whatever view it was last given: up to a space, `}` or the end.
  const link = new RegExp(`${escapeRegExp(permalink)}(\\?[^\\s}]*)?`, 'g');
  const walker = document.createTreeWalker(holder, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? '';
    const next = text.replace(link, url.href);
    if (next !== text) node.textContent = next;
  }
}

/** Rewrites the page's embed snippet, image code and citations of this chart, where it has them. */
export function updateViewLinks(data: ChartData, view: ChartView): void {
  updateEmbed(data, view);
  updateImage(data, view);
  updateCitations(data, view);
}
