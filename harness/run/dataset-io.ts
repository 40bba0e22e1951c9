/**
 * Validate datasets against the shared schema and write them atomically: a temp file in the
 * destination directory, then rename, so a reader never sees half a file and an aborted run
 * leaves the old file in place.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { BenchDatasetSchema, type BenchDataset } from '../../src/bench/schema.ts';
import { serializeDataset } from '../../src/bench/serialize.ts';

/** A dataset that does not match the schema. */
export class DatasetValidationError extends Error {
  override name = 'DatasetValidationError';
}

/** Parse and validate; the error names the dataset and every failing path. */
export function validateDataset(data: unknown, label: string): BenchDataset {
  const result = BenchDatasetSchema.safeParse(data);
  if (!result.success)
    throw new DatasetValidationError(
      `${label} does not match the bench-dataset schema:\n${z.prettifyError(result.error)}`,
    );
  return result.data;
}

/** Write text to `path` atomically (same directory, so rename cannot cross filesystems). */
export function writeFileAtomically(path: string, text: string): void {
  const dir = join(path, '..');
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.tmp-${process.pid}`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Validate, then write `<dir>/<id>.json` atomically. */
export function writeDataset(dir: string, dataset: unknown): string {
  const valid = validateDataset(dataset, `dataset ${(dataset as { id?: string }).id ?? '?'}`);
  const path = join(dir, `${valid.id}.json`);
  writeFileAtomically(path, serializeDataset(valid));
  return path;
}

export function readDataset(path: string): BenchDataset {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DatasetValidationError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  return validateDataset(data, path);
}
