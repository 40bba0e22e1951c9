import { describe, expect, it } from 'vitest';
import {
  toBibtex,
  toImageAttribution,
  toPlainCitation,
} from '../../../../src/charts/model/cite-chart.ts';

const ACCESSED_SLOT = '<today>';

describe('citations', () => {
  const input = {
    chartId: 'test-chart',
    title: 'Synthetic {chart} & 100% made up',
    siteTitle: 'Worker Models',
    author: 'The Worker Models project',
    url: 'https://example.org/charts/test-chart/',
    datasetId: 'synthetic_set',
    datasetVersion: '0123456789ab',
    recordedAt: '2000-01-02T03:04:05Z',
    accessed: '2000-02-03',
  };

  it('name the author, title, site, URL, dataset version, recording and access dates', () => {
    expect(toPlainCitation(input)).toMatchInlineSnapshot(
      `"The Worker Models project. "Synthetic {chart} & 100% made up" [chart]. Worker Models. Dataset synthetic_set, version 0123456789ab, recorded 2000-01-02. https://example.org/charts/test-chart/ (accessed 2000-02-03)."`,
    );
    expect(toBibtex(input)).toMatchInlineSnapshot(`
      "@misc{worker-models-test-chart,
        author       = {{The Worker Models project}},
        title        = {Synthetic \\{chart\\} \\& 100\\% made up},
        howpublished = {Worker Models},
        year         = {2000},
        url          = {https://example.org/charts/test-chart/},
        urldate      = {2000-02-03},
        note         = {Chart. Dataset synthetic\\_set, version 0123456789ab, recorded 2000-01-02. Accessed 2000-02-03},
      }"
    `);
  });

  it.each([
    [
      'https://example.org/charts/a/',
      'Worker Models · https://example.org/charts/a/ · recorded 2000-01-02',
    ],
    [null, 'Worker Models · local build, not published · recorded 2000-01-02'],
  ])('attribute an image to %s', (permalink, line) => {
    expect(toImageAttribution('Worker Models', permalink, input.recordedAt)).toBe(line);
  });

  it.each([
    ['plain text', toPlainCitation],
    ['BibTeX', toBibtex],
  ])('leave the access date to the reader in %s when rendered with the slot', (_, cite) => {
    const text = cite({ ...input, accessed: ACCESSED_SLOT });
    expect(text).not.toContain('2000-02-03');
    expect(text.split(ACCESSED_SLOT).length - 1).toBeGreaterThan(0);
  });
});
