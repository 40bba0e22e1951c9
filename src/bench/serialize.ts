/**
 * A dataset's exact text (`bench-data/<id>.json`, served again as `/data/<id>.json`) and the
 * version that pins it. The harness writes this text and the site hashes it, so one function
 * serves both: the site's dataset version is the hash of the committed file's bytes.
 */
import { createHash } from 'node:crypto';
import type { BenchDataset } from './schema.ts';

/** The validated dataset, two-space indented, with a final newline. */
export function serializeDataset(dataset: BenchDataset): string {
  return `${JSON.stringify(dataset, null, 2)}\n`;
}

/** First 12 hex digits of the SHA-256 of the serialised dataset: changes whenever any number does. */
export function toDatasetVersion(dataset: BenchDataset): string {
  return createHash('sha256').update(serializeDataset(dataset)).digest('hex').slice(0, 12);
}
