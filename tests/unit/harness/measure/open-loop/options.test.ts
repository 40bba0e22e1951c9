import { describe, expect, it } from 'vitest';
import {
  findUrlProblem,
  parseOpenLoopOptions,
} from '../../../../../harness/measure/open-loop/options.ts';

const GOOD = { url: 'http://127.0.0.1:8000/hello', rateRps: 100, durationS: 3 };

describe('parseOpenLoopOptions', () => {
  it('fills in the defaults', () => {
    expect(parseOpenLoopOptions(GOOD)).toEqual({
      ...GOOD,
      warmupS: 1,
      timeoutS: 2,
      connections: 256,
      arrival: 'constant',
      seed: 1,
    });
  });

  it.each([
    { name: 'zero rate', input: { ...GOOD, rateRps: 0 }, message: 'rateRps must be > 0' },
    { name: 'negative rate', input: { ...GOOD, rateRps: -5 }, message: 'rateRps must be > 0' },
    {
      name: 'infinite rate',
      input: { ...GOOD, rateRps: Infinity },
      message: 'rateRps must be finite',
    },
    {
      name: 'huge rate',
      input: { ...GOOD, rateRps: 1e6 },
      message: 'rateRps must be at most 100000',
    },
    {
      name: 'rate as text',
      input: { ...GOOD, rateRps: '100' },
      message: 'rateRps must be a number',
    },
    { name: 'no duration', input: { url: GOOD.url, rateRps: 1 }, message: 'durationS is required' },
    { name: 'zero duration', input: { ...GOOD, durationS: 0 }, message: 'durationS must be > 0' },
    {
      name: 'negative warm-up',
      input: { ...GOOD, warmupS: -1 },
      message: 'warmupS must be in [0, 600]',
    },
    { name: 'zero timeout', input: { ...GOOD, timeoutS: 0 }, message: 'timeoutS must be > 0' },
    {
      name: 'fractional connections',
      input: { ...GOOD, connections: 1.5 },
      message: 'connections must be a whole number',
    },
    {
      name: 'no connections',
      input: { ...GOOD, connections: 0 },
      message: 'connections must be at least 1',
    },
    {
      name: 'bad arrival',
      input: { ...GOOD, arrival: 'bursty' },
      message: 'arrival: Invalid option',
    },
    { name: 'a typo', input: { ...GOOD, rate: 5 }, message: 'Unrecognized key: "rate"' },
    {
      name: 'public host',
      input: { ...GOOD, url: 'http://93.184.216.34/' },
      message: 'url must target loopback',
    },
  ])('rejects $name, naming it', ({ input, message }) => {
    expect(() => parseOpenLoopOptions(input)).toThrow(message);
  });

  it('lists every problem at once', () => {
    expect(() => parseOpenLoopOptions({ url: 'http://10.1.2.3/', rateRps: 0, durationS: -1 }))
      .toThrowErrorMatchingInlineSnapshot(`
      [Error: bad open-loop options:
        url must target loopback (127.0.0.0/8 or [::1]) by address; got host "10.1.2.3"
        rateRps must be > 0
        durationS must be > 0]
    `);
  });
});

describe.each([
  { url: 'http://127.0.0.1:8000/hello', problem: null },
  { url: 'http://127.3.2.1/io?ms=50', problem: null },
  { url: 'http://[::1]:8080/', problem: null },
  { url: 'http://localhost:8000/', problem: /by address; got host "localhost"/ },
  { url: 'http://10.0.0.1/', problem: /must target loopback/ },
  { url: 'http://192.168.1.1/', problem: /must target loopback/ },
  { url: 'http://0.0.0.0:8000/', problem: /must target loopback/ },
  { url: 'http://128.0.0.1/', problem: /must target loopback/ },
  { url: 'http://[::ffff:127.0.0.1]/', problem: /must target loopback/ },
  { url: 'https://127.0.0.1/', problem: /must be http:\/\/, got https:/ },
  { url: 'ftp://127.0.0.1/', problem: /must be http:\/\/, got ftp:/ },
  { url: '127.0.0.1:8000', problem: /url is not a URL/ },
  { url: 'not a url', problem: /url is not a URL: "not a url"/ },
])('findUrlProblem($url)', ({ url, problem }) => {
  it(problem ? 'refuses it' : 'accepts it', () => {
    if (problem) expect(findUrlProblem(url)).toMatch(problem);
    else expect(findUrlProblem(url)).toBeNull();
  });
});
