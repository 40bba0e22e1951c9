/** A dataset as the site serves it (`/data/<id>.json`), and the version that pins it. */
import { createHash } from 'node:crypto';
import type { BenchDataset } from '../schemas/bench-dataset.ts';

/** The served JSON text: the validated dataset, two-space indented. */
export function serializeDataset(dataset: BenchDataset): string {
  return `${JSON.stringify(dataset, null, 2)}\n`;
}

/** First 12 hex digits of the SHA-256 of the served JSON: changes whenever any number does. */
export function toDatasetVersion(dataset: BenchDataset): string {
  return createHash('sha256').update(serializeDataset(dataset)).digest('hex').slice(0, 12);
}
