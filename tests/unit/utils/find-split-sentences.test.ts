import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSplitSentences } from '../../../src/utils/find-split-sentences.ts';

const measured = '<Measured chart="sweep-io" series="uvicorn" x="max" metric="p99" />';

describe('findSplitSentences', () => {
  it.each([
    ['a sentence broken before its number', `wrk measured a p99 of\n\n${measured} at twelve.`, 3],
    ['a broken sentence after a comma', `it held,\n\n${measured} connections`, 3],
  ])('flags %s', (_, source, line) => {
    expect(findSplitSentences(source).map((s) => s.line)).toEqual([line]);
  });

  it.each([
    ['a number inside its sentence', `wrk measured a p99 of ${measured}.`],
    ['a paragraph that starts with a number', `That was all.\n\n${measured} is the p99.`],
    ['a paragraph after a component', `<Chart id="sweep-io" />\n\n${measured} is the p99.`],
    ['fenced code', '```mdx\nsome text\n\n<Measured />\n```'],
  ])('leaves %s alone', (_, source) => {
    expect(findSplitSentences(source)).toEqual([]);
  });
});

const contentDir = join(import.meta.dirname, '../../../content');
const pages = readdirSync(contentDir, { recursive: true, encoding: 'utf8' }).filter((f) =>
  f.endsWith('.mdx'),
);

it.each(pages)('%s keeps every measured number inside its sentence', (page) => {
  const split = findSplitSentences(readFileSync(join(contentDir, page), 'utf8'));
  expect(split, relative(process.cwd(), join(contentDir, page))).toEqual([]);
});
