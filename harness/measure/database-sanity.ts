/**
 * Sanity checks of what the database scenarios add to a dataset (sanity.ts runs them with the
 * others): answers counted by status add up to wrk's own counts, a database's metrics are all
 * there and within its limits, a slow query answered in full cannot answer before it slept.
 * Also the repetitions whose load generator may have been saturated: warnings, not problems.
 */
import { describeLoadGenerator, findClientSaturation } from '../../src/bench/client-load.ts';
import { DatabaseMetricsSchema } from '../../src/bench/database-schema.ts';
import type { BenchDataset, BenchPoint } from '../../src/bench/schema.ts';

/** Whether an HTTP status (the start of a statusCounts key) is counted as an error by wrk. */
const isErrorStatus = (key: string): boolean => Number(key.split(' ')[0]) > 399;

function checkStatusCounts(point: BenchPoint): string[] {
  return point.repetitions.flatMap((r) => {
    if (!r.statusCounts) return [];
    const at = `${point.id} rep ${r.index}`;
    const entries = Object.entries(r.statusCounts);
    const total = entries.reduce((sum, [, n]) => sum + n, 0);
    const errors = entries.filter(([key]) => isErrorStatus(key)).reduce((s, [, n]) => s + n, 0);
    const problems: string[] = [];
    if (total !== r.requests)
      problems.push(`${at}: answers by status add up to ${total}, wrk counted ${r.requests}`);
    if (errors !== r.errors.non2xx)
      problems.push(`${at}: ${errors} error answers by status, wrk counted ${r.errors.non2xx}`);
    // Answered in full, a slow query waited for its pg_sleep (1 ms slack for timer rounding).
    const allOk = entries.every(([key]) => key === '200');
    if (point.endpoint === 'slow-query' && allOk && r.latencyMs.p50 !== null)
      if (r.latencyMs.p50 < point.endpointMs - 1)
        problems.push(`${at}: p50 ${r.latencyMs.p50} ms is below the ${point.endpointMs} ms query`);
    return problems;
  });
}

function checkDatabaseMetrics(dataset: BenchDataset, point: BenchPoint): string[] {
  const databases = (dataset.groups ?? []).filter((g) => g.database);
  return databases.flatMap(({ name, database }) =>
    point.repetitions.flatMap((r) => {
      const at = `${point.id} rep ${r.index}: group ${name}`;
      const parsed = DatabaseMetricsSchema.safeParse(r.groups?.[name]?.metrics);
      if (!parsed.success) return [`${at}: database metrics missing or malformed`];
      const m = parsed.data;
      const problems: string[] = [];
      if (database && m.peakConnections > database.maxConnections)
        problems.push(
          `${at}: ${m.peakConnections} connections at once, over max_connections ${database.maxConnections}`,
        );
      if (m.peakActiveConnections > m.peakConnections)
        problems.push(`${at}: more active connections than connections`);
      return problems;
    }),
  );
}

/** Every problem with the database fields of a dataset (none for a dataset without them). */
export function findDatabaseProblems(dataset: BenchDataset): string[] {
  return dataset.points.flatMap((point) => [
    ...checkStatusCounts(point),
    ...checkDatabaseMetrics(dataset, point),
  ]);
}

/**
 * The repetitions whose load generator may have been the bottleneck, and why: its CPU or the
 * client CPUs near saturation, or an open-loop generator that flagged itself late or saturated.
 */
export function findClientSaturationWarnings(dataset: BenchDataset): string[] {
  const clientCpus = dataset.environment.clientCpus.length;
  return dataset.points.flatMap((point) =>
    point.repetitions.flatMap((r) => {
      const { name, threads } = describeLoadGenerator(point, clientCpus);
      const o = r.openLoop;
      const why = [
        findClientSaturation(r, threads, name),
        o?.generatorLate
          ? `the open-loop generator was late (send lag p99 ${o.sendLagMs.p99} ms, window seen as ${o.generatorCpu.wallS} s)`
          : null,
        o?.generatorSaturated
          ? `the open-loop generator used ${(o.generatorCpu.share * 100).toFixed(0)}% of a core`
          : null,
      ].filter((w): w is string => w !== null);
      return why.map((w) => `${point.id} rep ${r.index}: ${w}`);
    }),
  );
}
