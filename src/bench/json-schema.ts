/** The JSON Schema export of the dataset schema (bench-data/schema.json), for non-TS readers. */
import { z } from 'zod';
import { BenchDatasetSchema } from './schema.ts';

/** Render bench-data/schema.json's exact text. `io: 'input'` so defaulted fields are optional. */
export function renderJsonSchema(): string {
  const schema = z.toJSONSchema(BenchDatasetSchema, { io: 'input', target: 'draft-2020-12' });
  return (
    JSON.stringify(
      {
        ...schema,
        title: 'BenchDataset',
        $comment:
          'Generated from src/bench/schema.ts by `npm run bench:check -- --write-schema`; do not edit.',
      },
      null,
      2,
    ) + '\n'
  );
}
