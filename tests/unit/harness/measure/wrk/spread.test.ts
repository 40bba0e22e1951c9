import { describe, expect, it } from 'vitest';
import {
  parseSpreadLine,
  summarizeSpread,
  type RawSpread,
} from '../../../../../harness/measure/wrk/spread.ts';

// 16 connections on three workers as report.lua printed them for one gthread window: one
// process took ten of them, so its four threads served each less often.
const UNEVEN: RawSpread = {
  connections: [
    ...Array.from({ length: 10 }, (): [number, string] => [22, '300']),
    [48, '100'],
    [49, '100'],
    [48, '100'],
    [49, '100'],
    [48, '200'],
    [49, '200'],
  ],
  untagged: 0,
};

describe('summarizeSpread', () => {
  it('counts requests and connections per process and spreads requests per connection', () => {
    expect(summarizeSpread(UNEVEN, 16)).toEqual({
      processes: {
        '100': {
          requests: 194,
          connections: 4,
          requestsPerConnection: { min: 48, p10: 48, median: 48.5, p90: 49, max: 49 },
        },
        '200': {
          requests: 97,
          connections: 2,
          requestsPerConnection: { min: 48, p10: 48.1, median: 48.5, p90: 48.9, max: 49 },
        },
        '300': {
          requests: 220,
          connections: 10,
          requestsPerConnection: { min: 22, p10: 22, median: 22, p90: 22, max: 22 },
        },
      },
      connectionsSeen: 16,
      connectionsWithoutResponse: 0,
      requestsPerConnection: { min: 22, p10: 22, median: 22, p90: 49, max: 49 },
      untagged: 0,
    });
  });

  it.each([
    { name: 'connections that got nothing', concurrency: 20, without: 4 },
    {
      name: 'more connections than wrk keeps (a server that closes each one)',
      concurrency: 4,
      without: 0,
    },
  ])('counts $name', ({ concurrency, without }) => {
    expect(summarizeSpread(UNEVEN, concurrency).connectionsWithoutResponse).toBe(without);
  });

  it('is all zero for a window without responses', () => {
    expect(summarizeSpread({ connections: [], untagged: 0 }, 4)).toMatchObject({
      processes: {},
      connectionsSeen: 0,
      connectionsWithoutResponse: 4,
      requestsPerConnection: { min: 0, median: 0, max: 0 },
    });
  });
});

describe.each([
  { name: 'no spread line', stdout: 'WRK_JSON {}\n', expected: null },
  {
    name: 'a spread line',
    stdout: 'WRK_JSON {}\nWRK_SPREAD {"connections":[[3,"41"],[2,"42"]],"untagged":1}\n',
    expected: {
      connections: [
        [3, '41'],
        [2, '42'],
      ],
      untagged: 1,
    },
  },
])('parseSpreadLine: $name', ({ stdout, expected }) => {
  it('reads it', () => expect(parseSpreadLine(stdout)).toEqual(expected));
});

describe.each([
  {
    name: 'broken JSON',
    stdout: 'WRK_SPREAD {"connections":[',
    message: `wrk's WRK_SPREAD line is not JSON: Unexpected end of JSON input`,
  },
  {
    name: 'a pid that is not a number (a response without the header)',
    stdout: 'WRK_SPREAD {"connections":[[3,"nil"]],"untagged":0}',
    message: `wrk's WRK_SPREAD line lacks [requests, "pid"] pairs or an untagged count: WRK_SPREAD {"connections":[[3,"nil"]],"untagged":0}`,
  },
])('parseSpreadLine rejects $name', ({ stdout, message }) => {
  it('with a message that says what is wrong', () => {
    expect(() => parseSpreadLine(stdout)).toThrow(new Error(message));
  });
});
