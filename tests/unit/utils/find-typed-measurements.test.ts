import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTypedMeasurements } from '../../../src/utils/find-typed-measurements.ts';

describe('findTypedMeasurements', () => {
  it.each([
    ['sync served 412 req/s with four workers', 'throughput', '412 req/s'],
    ['about 1,200 requests per second', 'throughput', '1,200 requests per second'],
    ['reached 3.5k rps', 'throughput', '3.5k rps'],
    ['each worker used 48 MiB', 'memory', '48 MiB'],
    ['the tree took 1.2 GB', 'memory', '1.2 GB'],
    ['a p99 of 230 ms under load', 'latency', 'p99 of 230 ms'],
    ['the median latency was 51.2 ms', 'latency', 'median latency was 51.2 ms'],
    ['uvicorn was 3x faster here', 'ratio', '3x faster'],
    ['gevent showed 40% higher throughput', 'ratio', '40% higher'],
  ])('flags %j as %s', (line, kind, text) => {
    expect(findTypedMeasurements(line)).toEqual([{ line: 1, kind, text }]);
  });

  it.each([
    ['a documented default', 'timeout defaults to 30 seconds'],
    ['an endpoint parameter', 'the io endpoint waits 50 ms per request'],
    ['a definition', 'half of the requests finish faster than the p50, 99% faster than the p99'],
    ['an escaped line', 'threads get 8 MiB stacks {/* not-measured: glibc default */}'],
  ])('leaves %s alone', (_, line) => {
    expect(findTypedMeasurements(line)).toEqual([]);
  });

  it('skips fenced code and reports line numbers of prose', () => {
    const source = ['```text', 'Requests/sec: 812.33', '```', '', 'We saw 812 req/s.'].join('\n');
    expect(findTypedMeasurements(source)).toMatchInlineSnapshot(`
      [
        {
          "kind": "throughput",
          "line": 5,
          "text": "812 req/s",
        },
      ]
    `);
  });
});

describe('the chapters', () => {
  const dir = 'content';
  // Recursive: a chapter split into pages keeps them in a folder of its own.
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) =>
    /\.mdx?$/.test(file),
  );

  it.each(files)('%s has no hand-typed measurement', (file) => {
    expect(findTypedMeasurements(readFileSync(join(dir, file), 'utf8'))).toEqual([]);
  });
});
