import { describe, expect, it } from 'vitest';
import { toDefaultView } from '../../../../src/charts/model/chart-state.ts';
import { toCsv } from '../../../../src/charts/model/to-csv.ts';
import { describedChart as data } from '../../../support/chart-factory.ts';

const view = toDefaultView(data);

describe('toCsv', () => {
  it('writes the visible series of the view as CSV, with gaps as empty cells', () => {
    expect(toCsv(data, { ...view, hidden: ['uvicorn'] })).toMatchInlineSnapshot(`
      "series,concurrency,throughput_rps_median,throughput_rps_min,throughput_rps_max,repetitions,throughput_rps_by_repetition,noisy,point_id
      gunicorn sync,1,1500.5,1000,2000,3,1000 1500.5 2000,false,gunicorn-sync/hello/c1/w1t1/s0
      gunicorn sync,4,,,,,,,
      "
    `);
  });
});
