/**
 * The parts of a point's and its server's ids that only some scenarios set: the app, the
 * container limits and the server options (a database app names itself in the id's prefix). A
 * point without them keeps the id it always had.
 */
import type { ServerLimits, ServerOptions } from '../../src/bench/schema.ts';
import type { PointSpec } from '../scenarios/scenario.ts';

const MIB = 2 ** 20;

/** `cpu0.5`, `mem256M`, both; `cpu-unlimited` for a cgroup that only counts. */
function describeLimits(limits: ServerLimits): string[] {
  const parts: string[] = [];
  if (limits.cpus !== null) parts.push(`cpu${limits.cpus}`);
  if (limits.memoryBytes !== null) parts.push(`mem${Math.round(limits.memoryBytes / MIB)}M`);
  return parts.length ? parts : ['cpu-unlimited'];
}

function describeOptions(options: ServerOptions): string[] {
  const parts: string[] = [];
  if (options.preload) parts.push('preload');
  if (options.gcFreeze) parts.push('gc-freeze');
  if (options.maxRequests > 0)
    parts.push(
      `max-requests${options.maxRequests}${options.maxRequestsJitter ? `j${options.maxRequestsJitter}` : ''}`,
    );
  return parts;
}

/**
 * What distinguishes a server configuration beyond model, workers and threads, in id order:
 * e.g. `['django', 'preload']` or `['cpu0.5']`. Empty for a point that sets none of them.
 */
export function describeServerExtras(
  point: Pick<PointSpec, 'app' | 'driver' | 'limits' | 'options'>,
): string[] {
  return [
    // A database app's id is its prefix instead (describeDbSetup in system/db-apps.ts).
    ...(point.app && point.app !== 'plain' && !point.driver ? [point.app] : []),
    ...(point.limits ? describeLimits(point.limits) : []),
    ...(point.options ? describeOptions(point.options) : []),
  ];
}
