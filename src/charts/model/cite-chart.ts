/** Citations of a chart: a plain-text reference and a BibTeX entry. */

/** What a citation names. */
export interface CitationInput {
  chartId: string;
  title: string;
  siteTitle: string;
  /** Absolute URL of the chart's permalink. */
  url: string;
  datasetId: string;
  /** Short content hash of the dataset as served, so a citation pins the exact numbers. */
  datasetVersion: string;
  /** Recording date of the dataset, ISO 8601. */
  recordedAt: string;
  /** Date the citation is for (the build), ISO 8601. */
  accessedAt: string;
}

/** Escapes the characters BibTeX treats specially. */
function escapeBibtex(text: string): string {
  return text.replace(/([{}&%$#_])/g, '\\$1');
}

/** `Site title. "Chart title". Dataset sweep-io (version abc, recorded 2026-11-26). URL`. */
export function toPlainCitation(input: CitationInput): string {
  const recorded = input.recordedAt.slice(0, 10);
  return (
    `${input.siteTitle}. "${input.title}" [chart]. Dataset ${input.datasetId}, version ${input.datasetVersion}, ` +
    `recorded ${recorded}. ${input.url} (accessed ${input.accessedAt.slice(0, 10)}).`
  );
}

/** A BibTeX `@misc` entry keyed by site and chart id. */
export function toBibtex(input: CitationInput): string {
  const recorded = input.recordedAt.slice(0, 10);
  const key = `worker-models-${input.chartId}`;
  return [
    `@misc{${key},`,
    `  title        = {${escapeBibtex(input.title)}},`,
    `  howpublished = {${escapeBibtex(input.siteTitle)}},`,
    `  year         = {${recorded.slice(0, 4)}},`,
    `  url          = {${input.url}},`,
    `  note         = {Chart. Dataset ${escapeBibtex(input.datasetId)}, version ${input.datasetVersion}, recorded ${recorded}. Accessed ${input.accessedAt.slice(0, 10)}},`,
    `}`,
  ].join('\n');
}
