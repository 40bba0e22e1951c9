/**
 * Physical sanity checks on a dataset: limits that no correct measurement can break.
 * Each returns human-readable problems; an empty list means the dataset is plausible.
 */
import type { BenchDataset, BenchPoint } from '../../src/bench/schema.ts';
import { computeThroughputBound } from '../../src/bench/little.ts';
import { summarizeRepetitions } from '../../src/bench/summary.ts';
import { checkCapacities, checkOpenLoopPoint } from './sanity-open-loop.ts';

/** Slack for timer granularity and window edges: wrk counts requests begun before the window. */
export const LITTLE_TOLERANCE = 1.1;
/** Extra absolute slack in req/s so tiny windows (a handful of requests) are not flagged. */
const ABSOLUTE_SLACK_RPS = 2;

function checkLittlesLaw(point: BenchPoint, serverCpuCount: number): string[] {
  const bound = computeThroughputBound(point, serverCpuCount);
  if (!bound) return [];
  return point.repetitions
    .filter((r) => r.throughputRps > bound.limit * LITTLE_TOLERANCE + ABSOLUTE_SLACK_RPS)
    .map(
      (r) =>
        `${point.id} rep ${r.index}: ${r.throughputRps.toFixed(1)} req/s exceeds Little's law bound ${bound.limit.toFixed(1)} (${bound.why})`,
    );
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

function checkMemoryAndCounts(point: BenchPoint): string[] {
  return point.repetitions.flatMap((r) => {
    const problems: string[] = [];
    if (r.pssBytesMax > r.rssBytesMax)
      problems.push(
        `${point.id} rep ${r.index}: PSS ${r.pssBytesMax} exceeds RSS ${r.rssBytesMax}`,
      );
    if (r.pssBytesMax === 0)
      problems.push(`${point.id} rep ${r.index}: no server memory was sampled`);
    const expected = r.requests / r.durationS;
    if (Math.abs(expected - r.throughputRps) > 0.01 * Math.max(1, expected))
      problems.push(
        `${point.id} rep ${r.index}: throughput ${r.throughputRps} != requests / duration ${expected}`,
      );
    return problems;
  });
}

function checkSummary(point: BenchPoint, noiseThreshold: number): string[] {
  const expected = summarizeRepetitions(point.repetitions, noiseThreshold);
  return JSON.stringify(expected) === JSON.stringify(point.summary)
    ? []
    : [`${point.id}: summary does not match its repetitions`];
}

function checkIoLatencyFloor(point: BenchPoint): string[] {
  // An io/block request cannot answer faster than it waits (1 ms slack for timer rounding).
  if (point.endpoint !== 'io' && point.endpoint !== 'block') return [];
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
      if (usage.pssBytesMax === 0) problems.push(`${at}: no memory was sampled for group ${name}`);
    }
    return problems;
  });
}

/** Every physical problem in a dataset. */
export function findSanityProblems(dataset: BenchDataset): string[] {
  const cpuCount = dataset.environment.serverCpus.length;
  const groupNames = dataset.groups?.map((g) => g.name) ?? null;
  const ids = new Set<string>();
  const problems: string[] = [];
  if (groupNames && new Set(groupNames).size !== groupNames.length)
    problems.push(`groups[] names a group twice: ${groupNames.join(', ')}`);
  for (const point of dataset.points) {
    if (ids.has(point.id)) problems.push(`duplicate point id ${point.id}`);
    ids.add(point.id);
    if (!dataset.servers.some((s) => s.id === point.serverId))
      problems.push(`${point.id}: server ${point.serverId} is not in servers[]`);
    if (point.repetitions.length < dataset.settings.repetitions)
      problems.push(
        `${point.id}: ${point.repetitions.length} repetitions, settings say ${dataset.settings.repetitions}`,
      );
    problems.push(
      ...checkLittlesLaw(point, cpuCount),
      ...checkPercentiles(point),
      ...checkMemoryAndCounts(point),
      ...checkSummary(point, dataset.settings.noiseThreshold),
      ...checkIoLatencyFloor(point),
      ...checkGroupUsage(point, groupNames),
      ...checkOpenLoopPoint(point, dataset),
    );
  }
  return [...problems, ...checkCapacities(dataset)];
}
