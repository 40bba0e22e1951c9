import { describe, expect, it } from 'vitest';
import { toDefaultView } from '../../../../src/charts/model/chart-state.ts';
import { toCsv } from '../../../../src/charts/model/to-csv.ts';
import { describedChart as data } from '../../../support/chart-factory.ts';

const view = toDefaultView(data);

describe('toCsv', () => {
  it('writes every metric of the visible series as CSV, with gaps as empty cells', () => {
    expect(toCsv(data, { ...view, hidden: ['uvicorn'] })).toMatchInlineSnapshot(`
      "series,concurrency,throughput_rps_median,throughput_rps_min,throughput_rps_max,throughput_rps_by_repetition,p50_ms_median,p50_ms_min,p50_ms_max,p50_ms_by_repetition,repetitions,noisy,point_id
      gunicorn sync,1,1500.5,1000,2000,1000 1500.5 2000,10,10,10,10 10 10,3,false,gunicorn-sync/hello/c1/w1t1/s0
      gunicorn sync,4,,,,,,,,,,,
      "
    `);
  });
});
