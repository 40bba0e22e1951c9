/**
 * Fills a chart's subtitle template from the dataset's configuration (never its measurements):
 * `{workers@gunicorn-sync}` is the one worker count of the chart's gunicorn sync points, with
 * its unit ("3 workers"). A placeholder that names nothing, or a value that differs between
 * the points it covers, fails the build with the chart id, so a re-recording with other
 * settings changes the sentence instead of leaving it wrong.
 *
 * Placeholders: `{field}` (one value across the chart's points), `{field@model}` (across that
 * model's points), `{field.min}` / `{field.max}` (the range), for the numeric configuration fields;
 * `{serverCpus}` (how many CPUs the servers were pinned to).
 */
import type { BenchDataset, BenchPoint } from '../../bench/schema.ts';
import { ChartError } from './chart-error.ts';
import { CONFIG_FIELDS, FIELD_LABELS, type ConfigField } from './point-fields.ts';

const PLACEHOLDER = /\{([^}]*)\}/g;
const SYNTAX = /^(?<field>[a-zA-Z]+)(?:@(?<model>[a-z0-9-]+)|\.(?<range>min|max))?$/;

function isConfigField(name: string): name is ConfigField {
  return (CONFIG_FIELDS as readonly string[]).includes(name);
}

/** The text of one placeholder, or a `ChartError` that says what is wrong with it. */
function fillOne(
  chartId: string,
  name: string,
  dataset: BenchDataset,
  points: readonly BenchPoint[],
): string {
  if (name === 'serverCpus') {
    const cpus = dataset.environment.serverCpus.length;
    return `${cpus} server ${cpus === 1 ? 'CPU' : 'CPUs'}`;
  }
  const parts = SYNTAX.exec(name)?.groups;
  const field = parts?.['field'] ?? '';
  if (!parts || !isConfigField(field)) {
    throw new ChartError(
      chartId,
      `subtitle placeholder {${name}} is unknown (use {field}, {field@model}, {field.min}, {field.max} ` +
        `with a field of ${CONFIG_FIELDS.join(', ')}, or {serverCpus})`,
    );
  }
  const model = parts['model'];
  const covered = model ? points.filter((point) => point.model === model) : points;
  // A database field (the pool size) is absent from points without a database.
  const present = covered.flatMap((point) => (point[field] === undefined ? [] : [point[field]]));
  const values = [...new Set(present)].sort((a, b) => a - b);
  const range = parts['range'];
  const value = range === 'min' ? values[0] : range === 'max' ? values.at(-1) : values[0];
  if (value === undefined || (!range && values.length !== 1)) {
    throw new ChartError(
      chartId,
      `subtitle placeholder {${name}} needs one ${field} across ${model ? `the ${model} points` : 'the points'}, ` +
        `found: ${values.join(', ') || 'none'}`,
    );
  }
  return FIELD_LABELS[field](value);
}

/** The subtitle with every placeholder replaced by the value it names, with its unit. */
export function fillSubtitle(
  chartId: string,
  template: string,
  dataset: BenchDataset,
  points: readonly BenchPoint[],
): string {
  return template.replace(PLACEHOLDER, (_, name: string) =>
    fillOne(chartId, name.trim(), dataset, points),
  );
}
