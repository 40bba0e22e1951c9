/**
 * `npm run bench:check`: every dataset in bench-data/ validates against the shared schema and
 * passes the physical sanity checks, and bench-data/schema.json matches the zod schema.
 * `--write-schema` regenerates schema.json; `--noise-report` says how many points the noise rule
 * marks in each dataset; a directory argument checks another folder.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readDataset, writeDataset, writeFileAtomically } from './dataset-io.ts';
import { renderJsonSchema } from '../../src/bench/json-schema.ts';
import { findClientSaturationWarnings } from '../measure/database-sanity.ts';
import { findSanityProblems } from '../measure/sanity.ts';
import { summarizeRepetitions } from '../../src/bench/summary.ts';
import { countNoisyPoints, formatNoiseCount } from './noise-report.ts';

const DEFAULT_DIR = resolve(new URL('../../bench-data/', import.meta.url).pathname);

/** Check one directory; returns the problems found (empty = all good). */
export function checkDirectory(
  dir: string,
  options: { requireSchemaFile: boolean },
): { problems: string[]; warnings: string[]; checked: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  const schemaPath = join(dir, 'schema.json');
  if (options.requireSchemaFile) {
    if (!existsSync(schemaPath))
      problems.push(`${schemaPath} is missing: run npm run bench:check -- --write-schema`);
    else if (readFileSync(schemaPath, 'utf8') !== renderJsonSchema())
      problems.push(
        `${schemaPath} is out of date with src/bench/schema.ts: run npm run bench:check -- --write-schema`,
      );
  }
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json') && f !== 'schema.json')
        .sort()
    : [];
  if (files.length === 0) problems.push(`no datasets in ${dir}`);
  for (const file of files) {
    try {
      const dataset = readDataset(join(dir, file));
      if (`${dataset.id}.json` !== file)
        problems.push(`${file}: id "${dataset.id}" does not match the file name`);
      problems.push(...findSanityProblems(dataset).map((p) => `${file}: ${p}`));
      warnings.push(...findClientSaturationWarnings(dataset).map((w) => `${file}: ${w}`));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return { problems, warnings, checked: files };
}

/**
 * Recompute every point's summary from its repetitions with the current rules (e.g. after the
 * noise rule changed). Only derived fields change; every measurement stays as recorded.
 */
function resummarizeDirectory(dir: string): void {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'schema.json')) {
    const dataset = readDataset(join(dir, file));
    for (const point of dataset.points) {
      const { noiseThreshold, cpuProbeThreshold } = dataset.settings;
      point.summary = summarizeRepetitions(point.repetitions, noiseThreshold, cpuProbeThreshold);
    }
    process.stdout.write(`resummarized ${writeDataset(dir, dataset)}\n`);
  }
}

/** How many points the noise rule marks in each dataset; reads only. */
function reportNoise(dir: string): void {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'schema.json')) {
    const dataset = readDataset(join(dir, file));
    process.stdout.write(
      `${formatNoiseCount(countNoisyPoints(dataset), dataset.settings.noiseThreshold)}\n`,
    );
  }
}

function main(): void {
  const { values, positionals } = parseArgs({
    options: {
      'write-schema': { type: 'boolean' },
      resummarize: { type: 'boolean' },
      'noise-report': { type: 'boolean' },
    },
    allowPositionals: true,
  });
  const dir = positionals[0] ? resolve(positionals[0]) : DEFAULT_DIR;
  if (values['noise-report']) reportNoise(dir);
  if (values['write-schema']) {
    writeFileAtomically(join(dir, 'schema.json'), renderJsonSchema());
    process.stdout.write(`wrote ${join(dir, 'schema.json')}\n`);
  }
  if (values.resummarize) resummarizeDirectory(dir);
  const { problems, warnings, checked } = checkDirectory(dir, {
    requireSchemaFile: dir === DEFAULT_DIR,
  });
  for (const problem of problems) process.stderr.write(`bench:check: ${problem}\n`);
  // Not wrong, but worth a look before a dataset is trusted: was wrk starved of CPU?
  for (const warning of warnings)
    process.stderr.write(`bench:check: warning: load generator may be saturated: ${warning}\n`);
  process.stdout.write(
    `bench:check: ${checked.length} dataset(s) in ${dir}, ${problems.length} problem(s)\n`,
  );
  process.exitCode = problems.length ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) main();
