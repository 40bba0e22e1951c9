/**
 * Citations of a chart: a plain-text reference and a BibTeX entry, and the attribution line of
 * its images. The date the reader accessed the chart is theirs, not the build's: the page passes
 * a placeholder as `accessed` and fills in the reader's date when they copy
 * (`ChartCitation.astro`, `CopyBlock.astro`).
 */

/** What a citation names. */
export interface CitationInput {
  chartId: string;
  title: string;
  siteTitle: string;
  /** Who the citation names as author: the project. */
  author: string;
  /** Absolute URL of the chart's permalink. */
  url: string;
  datasetId: string;
  /** Short content hash of the dataset as served, so a citation pins the exact numbers. */
  datasetVersion: string;
  /** Recording date of the dataset, ISO 8601. */
  recordedAt: string;
  /** Date the reader accessed the chart, `YYYY-MM-DD`, or a placeholder the page fills in. */
  accessed: string;
}

/**
 * The line under a chart image: the site, the chart's public address and the recording date.
 * A build without a public address (`permalink` null) says so instead of naming localhost.
 */
export function toImageAttribution(
  siteTitle: string,
  permalink: string | null,
  recordedAt: string,
): string {
  const where = permalink ?? 'local build, not published';
  return `${siteTitle} · ${where} · recorded ${recordedAt.slice(0, 10)}`;
}

/** Escapes the characters BibTeX treats specially. */
function escapeBibtex(text: string): string {
  return text.replace(/([{}&%$#_])/g, '\\$1');
}

/** `Author. "Chart title" [chart]. Site. Dataset sweep-io, version abc, recorded … URL (accessed …).` */
export function toPlainCitation(input: CitationInput): string {
  const recorded = input.recordedAt.slice(0, 10);
  return (
    `${input.author}. "${input.title}" [chart]. ${input.siteTitle}. Dataset ${input.datasetId}, ` +
    `version ${input.datasetVersion}, recorded ${recorded}. ${input.url} (accessed ${input.accessed}).`
  );
}

/**
 * A BibTeX `@misc` entry keyed by site and chart id. The author is braced twice, so BibTeX
 * keeps the project's name whole instead of reading it as a first and last name.
 */
export function toBibtex(input: CitationInput): string {
  const recorded = input.recordedAt.slice(0, 10);
  const key = `worker-models-${input.chartId}`;
  return [
    `@misc{${key},`,
    `  author       = {{${escapeBibtex(input.author)}}},`,
    `  title        = {${escapeBibtex(input.title)}},`,
    `  howpublished = {${escapeBibtex(input.siteTitle)}},`,
    `  year         = {${recorded.slice(0, 4)}},`,
    `  url          = {${input.url}},`,
    `  urldate      = {${input.accessed}},`,
    `  note         = {Chart. Dataset ${escapeBibtex(input.datasetId)}, version ${input.datasetVersion}, recorded ${recorded}. Accessed ${input.accessed}},`,
    `}`,
  ].join('\n');
}
