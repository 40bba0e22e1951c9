import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { BenchDatasetSchema } from './bench/schema.ts';

export const collections = {
  /** The chapters: MDX files in the top-level `content/` folder. */
  docs: defineCollection({
    loader: glob({ base: './content', pattern: '**/[^_]*.{md,mdx}' }),
    schema: docsSchema(),
  }),
  /**
   * The benchmark datasets the harness records (`bench-data/<id>.json`), validated by the same
   * schema the harness validates them with before writing. `schema.json` is that schema as
   * JSON Schema, not a dataset.
   */
  datasets: defineCollection({
    loader: glob({ base: './bench-data', pattern: ['*.json', '!schema.json'] }),
    schema: BenchDatasetSchema,
  }),
};
