/**
 * Physical sanity checks on a dataset: limits that no correct measurement can break.
 * Each returns human-readable problems; an empty list means the dataset is plausible.
 */
import type {
  BenchDataset,
  BenchPoint,
  BenchRepetition,
  BenchSettings,
} from '../../src/bench/schema.ts';
import { computeThroughputBound } from '../../src/bench/little.ts';
import { readOkThroughput, summarizeRepetitions } from '../../src/bench/summary.ts';
import { judgeCpuProbe } from './cpu-probe.ts';
import { findDatabaseProblems } from './database-sanity.ts';
import { checkCapacities, checkOpenLoopPoint } from './sanity-open-loop.ts';

/** Slack for timer granularity and window edges: wrk counts requests begun before the window. */
export const LITTLE_TOLERANCE = 1.1;
/** Extra absolute slack in req/s so tiny windows (a handful of requests) are not flagged. */
const ABSOLUTE_SLACK_RPS = 2;

/**
 * Answers per second that spent the endpoint's time: where the statuses are counted, only the
 * 200s are held to the bounds (a database app's quick 503s never ran the query).
 */
function readBoundedThroughput(r: BenchRepetition): { rps: number; what: string } {
  const ok = readOkThroughput(r);
  return ok === null ? { rps: r.throughputRps, what: 'req/s' } : { rps: ok, what: 'answers 200/s' };
}

function checkLittlesLaw(point: BenchPoint, serverCpuCount: number): string[] {
  const bound = computeThroughputBound(point, serverCpuCount);
  if (!bound) return [];
  return point.repetitions.flatMap((r) => {
    const { rps, what } = readBoundedThroughput(r);
    return rps > bound.limit * LITTLE_TOLERANCE + ABSOLUTE_SLACK_RPS
      ? [
          `${point.id} rep ${r.index}: ${rps.toFixed(1)} ${what} exceeds Little's law bound ${bound.limit.toFixed(1)} (${bound.why})`,
        ]
      : [];
  });
}

function checkPercentiles(point: BenchPoint): string[] {
  return point.repetitions.flatMap((r) => {
    const l = r.latencyMs;
    // Open loop, latency rests on the window's own requests, not on the answers in the window.
    if ((r.openLoop?.completed ?? r.requests) === 0)
      return l.p50 === null
        ? []
        : [`${point.id} rep ${r.index}: latency without completed requests`];
    // Every answer came after wrk's --timeout: wrk keeps no latency for those.
    if (l.p50 === null && r.errors.timeout > 0) return [];
    if (l.p50 === null || l.p90 === null || l.p99 === null || l.p999 === null || l.max === null)
      return [`${point.id} rep ${r.index}: requests completed but latency is missing`];
    const ordered = l.p50 <= l.p90 && l.p90 <= l.p99 && l.p99 <= l.p999 && l.p999 <= l.max;
    return ordered
      ? []
      : [`${point.id} rep ${r.index}: latency percentiles are not ordered (${JSON.stringify(l)})`];
  });
}

/** A server under a memory limit may have been gone for the whole window (process-churn.ts). */
const serverHadExited = (r: BenchPoint['repetitions'][number]): boolean =>
  (r.groups?.['server']?.metrics['leaderExited'] ?? 0) > 0;

function checkMemoryAndCounts(point: BenchPoint): string[] {
  return point.repetitions.flatMap((r) => {
    const problems: string[] = [];
    if (r.pssBytesMax > r.rssBytesMax)
      problems.push(
        `${point.id} rep ${r.index}: PSS ${r.pssBytesMax} exceeds RSS ${r.rssBytesMax}`,
      );
    if (r.pssBytesMax === 0 && !serverHadExited(r))
      problems.push(`${point.id} rep ${r.index}: no server memory was sampled`);
    const expected = r.requests / r.durationS;
    if (Math.abs(expected - r.throughputRps) > 0.01 * Math.max(1, expected))
      problems.push(
        `${point.id} rep ${r.index}: throughput ${r.throughputRps} != requests / duration ${expected}`,
      );
    return problems;
  });
}

function checkSummary(
  point: BenchPoint,
  settings: Pick<BenchSettings, 'noiseThreshold' | 'cpuProbeThreshold'>,
): string[] {
  const expected = summarizeRepetitions(
    point.repetitions,
    settings.noiseThreshold,
    settings.cpuProbeThreshold,
  );
  return JSON.stringify(expected) === JSON.stringify(point.summary)
    ? []
    : [`${point.id}: summary does not match its repetitions`];
}

function checkIoLatencyFloor(point: BenchPoint): string[] {
  // An io/block/leak request cannot answer faster than it waits (1 ms slack for timer rounding).
  if (!['io', 'block', 'leak'].includes(point.endpoint)) return [];
  return point.repetitions
    .filter((r) => r.latencyMs.p50 !== null && r.latencyMs.p50 < point.endpointMs - 1)
    .map(
      (r) =>
        `${point.id} rep ${r.index}: p50 ${r.latencyMs.p50} ms is below the ${point.endpointMs} ms wait`,
    );
}

/** Each repetition measured exactly the dataset's groups, and each group's memory is plausible. */
function checkGroupUsage(point: BenchPoint, groupNames: readonly string[] | null): string[] {
  return point.repetitions.flatMap((r) => {
    const at = `${point.id} rep ${r.index}`;
    if (!r.groups) return groupNames ? [`${at}: no usage per group`] : [];
    if (!groupNames) return [`${at}: usage per group, but the dataset lists no groups`];
    const names = Object.keys(r.groups);
    const problems = [
      ...groupNames.filter((n) => !names.includes(n)).map((n) => `${at}: group ${n} not measured`),
      ...names
        .filter((n) => !groupNames.includes(n))
        .map((n) => `${at}: group ${n} is not in groups[]`),
    ];
    for (const [name, usage] of Object.entries(r.groups)) {
      if (usage.pssBytesMax > usage.rssBytesMax)
        problems.push(
          `${at}: group ${name} PSS ${usage.pssBytesMax} exceeds RSS ${usage.rssBytesMax}`,
        );
      // A group whose leader had exited (process-churn.ts) may have had nothing to sample.
      if (usage.pssBytesMax === 0 && !(usage.metrics['leaderExited'] ?? 0))
        problems.push(`${at}: no memory was sampled for group ${name}`);
    }
    return problems;
  });
}

/**
 * Where the spread was counted, wrk's Lua script saw every response it counted: the responses
 * per process and the untagged ones add up to the repetition's requests.
 */
function checkSpread(point: BenchPoint): string[] {
  return point.repetitions.flatMap((r) => {
    if (!r.spread) return [];
    const counted =
      Object.values(r.spread.processes).reduce((sum, p) => sum + p.requests, 0) + r.spread.untagged;
    const problems =
      counted === r.requests
        ? []
        : [`${point.id} rep ${r.index}: spread counts ${counted} responses, wrk ${r.requests}`];
    // Every response of the apps under test names its pid and port; one that does not came
    // from other code than the harness's apps.
    if (r.spread.untagged > 0)
      problems.push(
        `${point.id} rep ${r.index}: ${r.spread.untagged} responses without x-worker-pid/x-client-port: not the harness's apps`,
      );
    return problems;
  });
}

/** Every repetition names a listed run, and every run measured every point as often as the settings say. */
function checkRuns(dataset: BenchDataset): string[] {
  const runs = dataset.runs?.length ?? 1;
  const perRun = dataset.settings.repetitions * (dataset.settings.serverStarts ?? 1);
  return dataset.points.flatMap((point) => {
    const counts = Array.from({ length: runs }, () => 0);
    const problems: string[] = [];
    for (const r of point.repetitions) {
      const run = r.run ?? 0;
      if (run >= runs) problems.push(`${point.id} rep ${r.index}: run ${run} is not in runs[]`);
      else counts[run] = (counts[run] ?? 0) + 1;
    }
    counts.forEach((count, run) => {
      if (count < perRun)
        problems.push(`${point.id}: run ${run} has ${count} repetitions, settings say ${perRun}`);
    });
    return problems;
  });
}

/**
 * A CPU probe's slowdown is its slower reading against its run's baseline (the environment's
 * for a dataset of one run): a repetition probed in a run without a baseline, or whose slowdown
 * does not follow from its readings, was put together wrongly.
 */
export function checkCpuProbes(dataset: BenchDataset): string[] {
  return dataset.points.flatMap((point) =>
    point.repetitions.flatMap((r) => {
      if (!r.cpuProbe) return [];
      const run = r.run ?? 0;
      const baseline = (dataset.runs?.[run] ?? (run === 0 ? dataset.environment : null))?.cpuProbe;
      if (!baseline) return [`${point.id} rep ${r.index}: CPU probe without its run's baseline`];
      const { beforeLoopsPerMs, afterLoopsPerMs, slowdown } = r.cpuProbe;
      const expected = judgeCpuProbe(
        beforeLoopsPerMs,
        afterLoopsPerMs,
        baseline.baselineLoopsPerMs,
      );
      return Math.abs(expected.slowdown - slowdown) > 1e-9
        ? [
            `${point.id} rep ${r.index}: CPU probe slowdown ${slowdown} does not follow from its readings (${expected.slowdown})`,
          ]
        : [];
    }),
  );
}

/** Every physical problem in a dataset. */
export function findSanityProblems(dataset: BenchDataset): string[] {
  const cpuCount = dataset.environment.serverCpus.length;
  const groupNames = dataset.groups?.map((g) => g.name) ?? null;
  const ids = new Set<string>();
  const problems: string[] = [...checkRuns(dataset), ...checkCpuProbes(dataset)];
  if (groupNames && new Set(groupNames).size !== groupNames.length)
    problems.push(`groups[] names a group twice: ${groupNames.join(', ')}`);
  for (const point of dataset.points) {
    if (ids.has(point.id)) problems.push(`duplicate point id ${point.id}`);
    ids.add(point.id);
    if (!dataset.servers.some((s) => s.id === point.serverId))
      problems.push(`${point.id}: server ${point.serverId} is not in servers[]`);
    problems.push(
      ...checkLittlesLaw(point, cpuCount),
      ...checkPercentiles(point),
      ...checkMemoryAndCounts(point),
      ...checkSummary(point, dataset.settings),
      ...checkIoLatencyFloor(point),
      ...checkGroupUsage(point, groupNames),
      ...checkSpread(point),
      ...checkOpenLoopPoint(point, dataset),
    );
  }
  problems.push(...findDatabaseProblems(dataset), ...checkCapacities(dataset));
  return problems;
}
