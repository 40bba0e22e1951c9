/**
 * Finds sentences that an MDX source breaks in two: a line that starts with `<Measured` right
 * after a blank line begins a new paragraph, so when the text before the blank line stops
 * mid-sentence ("a p99 of"), the page shows the number as the start of a paragraph of its own.
 * Prettier puts that blank line in whenever its wrapping would start a line with the tag; a
 * `{/* prettier-ignore *\/}` line before the paragraph keeps it whole.
 */

/** Where a sentence was split: the line of the `<Measured` that starts a paragraph. */
export interface SplitSentence {
  line: number;
  /** The last words before the break. */
  before: string;
}

const ENDS_SENTENCE = /[.!?:>}]$/;

/** The places in `source` (MDX) where a paragraph starts with `<Measured` mid-sentence. */
export function findSplitSentences(source: string): SplitSentence[] {
  const lines = source.split('\n');
  const found: SplitSentence[] = [];
  let fenced = false;
  lines.forEach((text, i) => {
    if (/^\s*```/.test(text)) fenced = !fenced;
    if (fenced || !text.startsWith('<Measured') || i < 2 || lines[i - 1]?.trim() !== '') return;
    const before = (lines[i - 2] ?? '').trim();
    if (before !== '' && !ENDS_SENTENCE.test(before))
      found.push({ line: i + 1, before: before.slice(-40) });
  });
  return found;
}
