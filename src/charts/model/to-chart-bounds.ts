/**
 * Throughput bounds for a chart, from Little's law: slots (workers x threads, or CPUs) x
 * 1000 / ms per request. Computed from the experiment's parameters, never from measurements.
 */
import { computeLittleBound } from '../../bench/little.ts';
import type { BenchDataset, BenchPoint } from '../../bench/schema.ts';
import { FIELD_LABELS, type ConfigField } from './point-fields.ts';
import type { ChartDefinition } from './chart-definition.ts';
import { ChartError, describeDatasetFile } from './chart-error.ts';

/** A throughput bound derived from the experiment's parameters, drawn as a dashed line. */
export interface ChartBound {
  /** How it is computed, e.g. `gunicorn sync: 3 workers x 1 thread x 1000 / 50 ms`. */
  label: string;
  /** req/s. */
  value: number;
}

/** The one value a field has across points, or a `ChartError` saying which values clash. */
function readUnique(
  definition: ChartDefinition,
  dataset: BenchDataset,
  points: BenchPoint[],
  field: ConfigField,
): number {
  const values = [...new Set(points.map((point) => point[field]))];
  const [value] = values;
  if (values.length !== 1 || typeof value !== 'number') {
    throw new ChartError(
      definition.id,
      `a bound needs one ${field} across its points of ${describeDatasetFile(dataset.id)}, found: ${values.join(', ') || 'none'}`,
    );
  }
  return value;
}

/** Computes the definition's bounds from the parameters of the charted points (Little's law). */
export function toBounds(
  definition: ChartDefinition,
  dataset: BenchDataset,
  points: BenchPoint[],
): ChartBound[] {
  if (definition.bounds.length === 0) return [];
  const ms = readUnique(definition, dataset, points, 'endpointMs');
  if (ms <= 0)
    throw new ChartError(
      definition.id,
      `a bound needs an endpoint that takes time, but endpointMs is ${ms}`,
    );
  return definition.bounds.map((bound) => {
    if (bound.by === 'server-cpus') {
      const cpus = dataset.environment.serverCpus.length;
      return {
        label: `${cpus} server ${cpus === 1 ? 'CPU' : 'CPUs'} x 1000 / ${ms} ms`,
        value: computeLittleBound(cpus, ms),
      };
    }
    const model = bound.model;
    const own = points.filter((point) => point.model === model);
    if (!model || own.length === 0) {
      throw new ChartError(
        definition.id,
        `bounds: by "slots" needs a model with points in the chart, got "${model ?? ''}"`,
      );
    }
    const workers = readUnique(definition, dataset, own, 'workers');
    const threads = readUnique(definition, dataset, own, 'threads');
    const label = `${FIELD_LABELS.model(model)}: ${FIELD_LABELS.workers(workers)} x ${FIELD_LABELS.threads(threads)} x 1000 / ${ms} ms`;
    return { label, value: computeLittleBound(workers * threads, ms) };
  });
}
