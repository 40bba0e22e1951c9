/**
 * Text a `CopyBlock` fills in when the reader copies it. A citation's access date is the day
 * the reader copies it, not the day the site was built.
 */

/** Stands for today's date (the reader's, `YYYY-MM-DD`) in a copy block's text. */
export const TODAY_SLOT = '\u0000today\u0000';

/** The reader's local date as `YYYY-MM-DD`. */
export function formatToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
