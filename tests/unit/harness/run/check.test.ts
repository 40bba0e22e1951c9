/** The committed datasets, checked in CI exactly as `npm run bench:check` checks them. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDirectory } from '../../../../harness/run/check.ts';

const DIR = new URL('../../../../bench-data/', import.meta.url).pathname;
const files = readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== 'schema.json');

describe('committed bench-data', () => {
  it('holds datasets', () => expect(files.length).toBeGreaterThan(0));

  it('validates, passes the physical sanity checks, and schema.json is current', () => {
    expect(checkDirectory(DIR, { requireSchemaFile: true }).problems).toEqual([]);
  });
});
