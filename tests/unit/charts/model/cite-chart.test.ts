import { describe, expect, it } from 'vitest';
import { toBibtex, toPlainCitation } from '../../../../src/charts/model/cite-chart.ts';

describe('citations', () => {
  const input = {
    chartId: 'test-chart',
    title: 'Synthetic {chart} & 100% made up',
    siteTitle: 'Worker Models',
    url: 'https://example.org/charts/test-chart/',
    datasetId: 'synthetic_set',
    datasetVersion: '0123456789ab',
    recordedAt: '2000-01-02T03:04:05Z',
    accessedAt: '2000-02-03T00:00:00Z',
  };

  it('name the title, site, URL, dataset version and recording date', () => {
    expect(toPlainCitation(input)).toMatchInlineSnapshot(
      `"Worker Models. "Synthetic {chart} & 100% made up" [chart]. Dataset synthetic_set, version 0123456789ab, recorded 2000-01-02. https://example.org/charts/test-chart/ (accessed 2000-02-03)."`,
    );
    expect(toBibtex(input)).toMatchInlineSnapshot(`
      "@misc{worker-models-test-chart,
        title        = {Synthetic \\{chart\\} \\& 100\\% made up},
        howpublished = {Worker Models},
        year         = {2000},
        url          = {https://example.org/charts/test-chart/},
        note         = {Chart. Dataset synthetic\\_set, version 0123456789ab, recorded 2000-01-02. Accessed 2000-02-03},
      }"
    `);
  });
});
