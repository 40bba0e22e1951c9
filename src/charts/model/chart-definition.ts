/**
 * The shape of one entry of the chart registry (`registry.ts`). Checked with zod when the
 * registry is read, so a malformed entry stops the build with the chart id and the field.
 */
import { z } from 'zod';
import { ModelIdSchema } from '../../bench/schema.ts';
import { METRIC_IDS } from './metrics.ts';
import { POINT_FIELDS, X_FIELDS } from './point-fields.ts';

/** Axis scale types, named as Chart.js names them. */
export const ScaleTypeSchema = z.enum(['linear', 'logarithmic']);

/** One chart: which dataset, what goes on each axis, which series, and what it shows. */
export const ChartDefinitionSchema = z.object({
  /** Stable id, used in URLs (`/charts/<id>/`) and by `<Chart id>`. Never rename a published one. */
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** Title shown above the chart and in citations. */
  title: z.string().min(1),
  /** Dataset id: `bench-data/<dataset>.json`. */
  dataset: z.string().min(1),
  /**
   * The x axis: a numeric point field, or a categorical one (`CATEGORY_X_FIELDS`: one position
   * per value, on a linear scale), its label and its scale.
   */
  x: z.object({
    field: z.enum(X_FIELDS),
    label: z.string().min(1),
    scale: ScaleTypeSchema.default('linear'),
    /**
     * `shared`: the series share the experiment's grid of x values (connections, workers), a
     * tick marks each, and a line breaks where a series has no point. `per-series`: each series
     * has x values of its own (an offered rate is a share of that model's capacity), so the
     * axis gets round ticks and each line joins its own points.
     */
    grid: z.enum(['shared', 'per-series']).default('shared'),
  }),
  /** Points are grouped into series by these fields (one line per distinct combination). */
  series: z.array(z.enum(POINT_FIELDS)).min(1),
  /**
   * Which points are charted: those matching any of these filters (all points when empty). A
   * point matches a filter when each listed field has one of the listed values. Every listed
   * value must match some point, so a typo fails the build instead of hiding a series.
   */
  where: z
    .array(z.partialRecord(z.enum(POINT_FIELDS), z.array(z.union([z.string(), z.number()])).min(1)))
    .default([]),
  /** Metrics the reader can switch between; the first is shown by default. */
  metrics: z.array(z.enum(METRIC_IDS)).min(1),
  /**
   * Throughput bounds drawn as dashed lines (Little's law: slots x 1000 / ms per request). They
   * are computed from the experiment's parameters (CPUs, workers, the endpoint's ms), never
   * from measurements, and shown only with the throughput metric.
   */
  bounds: z
    .array(
      z.object({
        /** What caps throughput: the server's CPUs (cpu endpoint) or one model's slots (io). */
        by: z.enum(['server-cpus', 'slots']),
        /** For `slots`: the model whose workers x threads cap it. */
        model: ModelIdSchema.optional(),
      }),
    )
    .default([]),
  /**
   * The y scale the chart opens on. Left out, it follows the data: a metric whose values span
   * more than two orders of magnitude opens on a log axis (`model/choose-y-scale.ts`).
   */
  yScale: ScaleTypeSchema.optional(),
  /**
   * One sentence shown under the title on the chart, its page, its embed, its images and its
   * gallery card: what is plotted. Numbers come only from the dataset's configuration through
   * placeholders (`model/fill-subtitle.ts`), e.g. `{workers@gunicorn-sync}` → "3 workers", so
   * the literal text may hold no digit: a typed number would outlive a re-recording.
   */
  subtitle: z
    .string()
    .min(1)
    .refine((text) => !/(?<![\p{L}\p{N}])\d/u.test(text.replace(/\{[^}]*\}/g, '')), {
      // Digits inside a name (h11, p99) are not numbers.
      message: 'has a number outside a {placeholder}: numbers must come from the dataset',
    }),
  /**
   * A sustainable-rate chart (`sustainable-rate.ts`): one bar per series and x category, the
   * highest offered rate of its open-loop points that met a p99 objective the reader can change
   * (kept in the URL) with no request failed. Its only metric is `sustainableRps`.
   */
  sustainable: z
    .object({
      /** The p99 objective the chart opens on, ms. */
      defaultObjectiveMs: z.number().positive(),
    })
    .optional(),
  /** One or two sentences: what the chart shows (not what to conclude). */
  caption: z.string().min(1),
});

/** The registry entry, with the rule that ties `sustainable` to its metric. */
export const CheckedChartDefinitionSchema = ChartDefinitionSchema.refine(
  (d) => (d.sustainable !== undefined) === d.metrics.includes('sustainableRps'),
  {
    message:
      'metric sustainableRps goes with "sustainable" (and a sustainable chart shows only it)',
    path: ['metrics'],
  },
).refine((d) => d.sustainable === undefined || d.metrics.length === 1, {
  message: 'a sustainable-rate chart has the one metric sustainableRps',
  path: ['metrics'],
});

export type ChartDefinition = z.infer<typeof ChartDefinitionSchema>;
export type ChartDefinitionInput = z.input<typeof ChartDefinitionSchema>;
export type ScaleType = z.infer<typeof ScaleTypeSchema>;
