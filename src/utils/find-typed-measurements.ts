/**
 * Finds measured numbers typed by hand into chapter prose. Every measurement on the site must
 * come from a recorded dataset through a component, so text and data cannot drift apart; a
 * number with a throughput, memory or latency-percentile unit written into the text is a bug.
 *
 * Fenced code blocks are skipped (configuration and program output are not claims), and so is
 * a line that says why its number is not a measurement: `{/* not-measured: <why> *\/}`.
 */

/** A suspicious number: where it is and what it looks like. */
export interface TypedMeasurement {
  /** 1-based line number in the file. */
  line: number;
  /** The matched text. */
  text: string;
  /** Which kind of measurement it looks like. */
  kind: 'throughput' | 'memory' | 'latency' | 'ratio';
}

const number = String.raw`\d[\d,]*(?:\.\d+)?`;

const patterns: ReadonlyArray<{ kind: TypedMeasurement['kind']; regex: RegExp }> = [
  {
    kind: 'throughput',
    regex: new RegExp(
      String.raw`${number}\s*k?\s*(?:req(?:uest)?s?\s*/\s*s(?:ec(?:ond)?)?\b|requests? (?:per|a|each) second|rps\b)`,
      'gi',
    ),
  },
  { kind: 'memory', regex: new RegExp(String.raw`${number}\s*(?:[KMGT]i?B)\b`, 'g') },
  {
    kind: 'latency',
    regex: new RegExp(
      String.raw`\b(?:p\d{2}(?:\.\d)?|median|mean|average|tail) (?:latency )?(?:of|was|is|at|around|about|near|reached|rose to|fell to)\s*${number}\s*(?:ms|s|seconds|milliseconds)\b`,
      'gi',
    ),
  },
  {
    kind: 'ratio',
    regex: new RegExp(
      // "40% higher" compares measurements; "99% faster than the p99" only defines a percentile.
      String.raw`${number}\s*(?:(?:[x×]|times) (?:faster|slower|more|higher|lower)|% (?:higher|lower|more|less|fewer)\b)`,
      'gi',
    ),
  },
];

const escape = /\{\/\*\s*not-measured:[^*]+\*\/\}/;
const fence = /^\s*(```|~~~)/;

/** Scans one MDX or Markdown source and returns every hand-typed measurement in it. */
export function findTypedMeasurements(source: string): TypedMeasurement[] {
  const found: TypedMeasurement[] = [];
  let inFence = false;
  source.split('\n').forEach((text, index) => {
    if (fence.test(text)) inFence = !inFence;
    if (inFence || fence.test(text) || escape.test(text)) return;
    for (const { kind, regex } of patterns) {
      for (const match of text.matchAll(regex)) {
        found.push({ line: index + 1, text: match[0], kind });
      }
    }
  });
  return found;
}
