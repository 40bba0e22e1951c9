import { describe, expect, it } from 'vitest';
import {
  classifyPage,
  findUncoveredPages,
  representativeChartIds,
  selectPages,
} from '../../support/page-templates.ts';

describe.each([
  { path: '', template: 'landing' },
  { path: 'event-loop/', template: 'chapter' },
  { path: 'benchmarks/', template: 'chapter' },
  { path: 'benchmarks/simulator/', template: 'chapter' },
  { path: 'glossary/', template: 'chapter' },
  { path: 'charts/', template: 'gallery' },
  { path: 'charts/sweep-io/', template: 'chart' },
  { path: 'embed/sweep-io/', template: 'embed' },
  { path: 'talks/pycon/', template: undefined },
  { path: 'charts/sweep-io/notes/', template: undefined },
  { path: 'event-loop', template: undefined },
])('classifyPage($path)', ({ path, template }) => {
  it(`is ${template ?? 'no known template'}`, () => expect(classifyPage(path)).toBe(template));
});

/** A small build: two chapters, the gallery, three charts with their embeds. */
const built = [
  '',
  'event-loop/',
  'gthread/',
  'charts/',
  ...['a', 'b', 'c'].flatMap((id) => [`charts/${id}/`, `embed/${id}/`]),
];

describe('selectPages', () => {
  it('keeps every written page and the permalink and embed of each representative', () => {
    expect(selectPages(built, ['b'])).toEqual([
      '',
      'event-loop/',
      'gthread/',
      'charts/',
      'charts/b/',
      'embed/b/',
    ]);
  });
  it('keeps a representative that is not built, so that its test fails', () => {
    expect(selectPages(built, ['gone'])).toContain('charts/gone/');
  });
  it('adds no chart pages to a build without any (no dataset recorded yet)', () => {
    expect(selectPages(['', 'event-loop/', 'charts/'])).toEqual(['', 'event-loop/', 'charts/']);
  });
  it('uses the stated representatives by default', () => {
    expect(selectPages(['charts/x/'])).toEqual(
      representativeChartIds.flatMap((id) => [`charts/${id}/`, `embed/${id}/`]),
    );
  });
});

describe.each([
  {
    case: 'what selectPages picks',
    paths: built,
    checked: selectPages(built, ['a']),
    uncovered: [],
  },
  {
    case: 'a new kind of page',
    paths: [...built, 'talks/pycon/'],
    checked: selectPages(built, ['a']),
    uncovered: ['talks/pycon/: of no known template (see tests/support/page-templates.ts)'],
  },
  {
    case: 'a chapter left out',
    paths: built,
    checked: selectPages(built, ['a']).filter((path) => path !== 'gthread/'),
    uncovered: ['gthread/: a chapter page, not checked'],
  },
  {
    case: 'no embed page',
    paths: built,
    checked: ['', 'event-loop/', 'gthread/', 'charts/', 'charts/a/'],
    uncovered: ['embed/a/', 'embed/b/', 'embed/c/'].map((p) => `${p}: no embed page is checked`),
  },
  {
    case: 'a representative that is not built',
    paths: built,
    checked: selectPages(built, ['a', 'gone']),
    uncovered: ['charts/gone/', 'embed/gone/'].map(
      (p) => `${p}: checked, but not a page of the build`,
    ),
  },
])('findUncoveredPages, given $case', ({ paths, checked, uncovered }) => {
  it('names exactly the uncovered pages', () =>
    expect(findUncoveredPages(paths, checked)).toEqual(uncovered));
});
