/**
 * The code a reader pastes into another site to embed a chart: an `<iframe>` of the chart's
 * embed page, and a small script that sets the frame's height from the height the embed page
 * reports (`EmbedResize`), so axis labels, caption and back-link never hide behind a scrollbar.
 * Where the script is stripped (many blog platforms allow iframes only), the frame keeps
 * {@link EMBED_FALLBACK_HEIGHT}. Where a site takes no frames at all, the image code links a
 * build-time picture of the same view.
 */
import { writeView, type ChartView } from './chart-state.ts';
import { toChartUrls, toViewImagePath } from './chart-urls.ts';
import { METRICS } from './metrics.ts';
import type { ChartData } from './to-chart-data.ts';

/** `type` of the message the embed page posts to its parent with its height in CSS pixels. */
export const EMBED_HEIGHT_MESSAGE = 'worker-models:embed-height';

/**
 * The frame's height before (or without) the script: enough for the embed at common widths
 * (phone, tablet, desktop column; `tests/e2e/charts-embed.spec.ts` measures it).
 */
export const EMBED_FALLBACK_HEIGHT = 1000;

/** The widest the frame gets: the chart's own image width. */
export const EMBED_MAX_WIDTH = 960;

/** What an embed snippet needs. */
export interface EmbedSnippetInput {
  /** Absolute URL of the embed page, with the reader's view in its query. */
  embedUrl: string;
  title: string;
}

/** Escapes text for an HTML attribute value in double quotes. */
function escapeAttribute(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

/**
 * The snippet. Its script trusts only messages from the embed page's origin and only resizes
 * the frame that sent them, so several embeds on one page each get their own height.
 */
export function toEmbedSnippet({ embedUrl, title }: EmbedSnippetInput): string {
  const origin = new URL(embedUrl).origin;
  const frame =
    `<iframe src="${escapeAttribute(embedUrl)}" title="${escapeAttribute(title)}" width="100%" ` +
    `height="${EMBED_FALLBACK_HEIGHT}" style="border:0;max-width:${EMBED_MAX_WIDTH}px" loading="lazy"></iframe>`;
  const script =
    `<script>addEventListener("message",function(e){var d=e.data;` +
    `if(e.origin!==${JSON.stringify(origin)}||!d||d.type!==${JSON.stringify(EMBED_HEIGHT_MESSAGE)})return;` +
    `var h=Math.min(Math.max(Number(d.height)||0,200),4000);` +
    `Array.prototype.forEach.call(document.getElementsByTagName("iframe"),function(f){` +
    `if(f.contentWindow===e.source)f.style.height=h+"px"})})</script>`;
  return `${frame}\n${script}`;
}

/** The size an image snippet declares, in CSS pixels (the build renders at this size, 2x). */
export interface ImageSize {
  width: number;
  height: number;
}

/**
 * For sites that take images but no frames: the build-time PNG of the reader's metric and
 * scale (every series, as `toViewImagePath` says), linked to the chart page in the same view,
 * sized so the host page does not shift when it loads and scaled down in a narrow column.
 * `siteRoot` is the absolute address of the site's base path.
 */
export function toImageSnippet(
  data: ChartData,
  view: ChartView,
  siteRoot: string,
  { width, height }: ImageSize,
): string {
  const link = new URL(toChartUrls(siteRoot, data.id, data.dataset).permalink);
  writeView(data, view, link.searchParams);
  const image = toViewImagePath(siteRoot, data, view);
  const axis = view.yScale === 'logarithmic' ? 'logarithmic' : 'linear';
  const alt = `${data.title}: ${METRICS[view.metric].label}, on a ${axis} axis`;
  return (
    `<a href="${escapeAttribute(link.href)}"><img src="${escapeAttribute(image)}" ` +
    `alt="${escapeAttribute(alt)}" width="${width}" height="${height}" ` +
    `style="max-width:100%;height:auto"></a>`
  );
}
