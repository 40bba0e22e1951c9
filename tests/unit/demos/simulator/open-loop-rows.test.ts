import { describe, expect, it } from 'vitest';
import {
  OPEN_LOOP_ROWS,
  roundPrediction,
  type OpenLoopPrediction,
} from '../../../../src/demos/simulator/open-loop-rows.ts';

/** 3 sync workers at 90 req/s for a 3 s window: a queue at the end, and timeouts. */
const overloaded: OpenLoopPrediction = {
  achievedRps: 75.000001,
  p50Ms: 1382.456,
  p99Ms: 1987.654,
  scheduled: 270,
  outstandingAtEnd: 135,
  timeouts: 45,
};

/** Nothing of the window answered within the timeout. */
const nothingInTime: OpenLoopPrediction = {
  achievedRps: 0,
  p50Ms: null,
  p99Ms: null,
  scheduled: 1500,
  outstandingAtEnd: 1500,
  timeouts: 1500,
};

const read = (metric: string, prediction: OpenLoopPrediction) =>
  OPEN_LOOP_ROWS.find((row) => row.metric === metric)?.read(prediction);

describe('the open-loop rows', () => {
  it.each([
    { metric: 'achieved', prediction: overloaded, shown: '75 req/s' },
    { metric: 'arrivalP50', prediction: overloaded, shown: '1,380 ms' },
    { metric: 'arrivalP99', prediction: overloaded, shown: '1,990 ms' },
    { metric: 'waiting', prediction: overloaded, shown: '135 of 270' },
    { metric: 'timedOut', prediction: overloaded, shown: '45 of 270' },
    { metric: 'achieved', prediction: nothingInTime, shown: '0 req/s' },
    { metric: 'arrivalP99', prediction: nothingInTime, shown: 'none answered' },
    { metric: 'timedOut', prediction: nothingInTime, shown: '1,500 of 1,500' },
  ])('$metric reads $shown', ({ metric, prediction, shown }) => {
    expect(read(metric, prediction)).toBe(shown);
  });

  it('labels every row as a prediction, and the timeout by its length', () => {
    expect(OPEN_LOOP_ROWS.map((row) => row.label)).toMatchInlineSnapshot(`
      [
        "Achieved rate, predicted",
        "p50 latency from arrival, predicted",
        "p99 latency from arrival, predicted",
        "Still waiting as the window closed, predicted",
        "Timed out (no answer 2 s after arrival), predicted",
      ]
    `);
  });

  it.each([
    { value: 59.8802, rounded: 59.9 },
    { value: 2263.4, rounded: 2260 },
    { value: 0.000123456, rounded: 0.000123 },
  ])('rounds $value to three significant digits', ({ value, rounded }) => {
    expect(roundPrediction(value)).toBe(rounded);
  });
});
