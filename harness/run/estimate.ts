/**
 * How long a scenario takes to record, estimated before it starts from its points and the
 * settings: windows, warm-ups and per-repetition overheads. Open-loop rates measured at run
 * time are estimated from each rule's `estimateRps`. Retries and waits for a quiet machine
 * are not counted, so a noisy machine takes longer.
 */
import type { BenchSettings } from '../../src/bench/schema.ts';
import type { ScenarioSpec } from '../scenarios/scenario.ts';
import {
  computeWindowS,
  describeCapacity,
  isOpenLoop,
  type OpenPointSpec,
} from './open-loop-plan.ts';
import { describeServer } from './run-task.ts';

/** Starting a server and waiting until every worker is up, seconds. */
const SERVER_START_S = 4;
/** Per closed-loop run beyond warm-up and window: the drain check, wrk's start, the readings. */
const CLOSED_OVERHEAD_S = 0.5;
/**
 * Per open-loop repetition beyond warm-up and window: the drain check and the generator's
 * start (Node loading undici, zod and hdr-histogram-js; about 0.5 s of CPU).
 */
const OPEN_OVERHEAD_S = 1;
/**
 * At or above capacity, the generator waits up to its timeout for the window's last requests,
 * and the next repetition waits for the server to work off what was given up.
 */
const OVERLOAD_DRAIN_S = 2;

/** The rate an open-loop point is expected to offer, req/s. */
function estimateRate(point: OpenPointSpec): number {
  const rule = point.openLoop.capacity;
  return point.openLoop.share * (rule.from === 'configuration' ? rule.rps : rule.estimateRps);
}

/** Estimated seconds to record `scenario` with `settings`. */
export function estimateScenarioS(
  scenario: Pick<ScenarioSpec, 'points'>,
  settings: Pick<
    BenchSettings,
    'warmupS' | 'durationS' | 'repetitions' | 'wrkTimeoutS' | 'openLoop'
  >,
): number {
  const closedRunS = settings.warmupS + settings.durationS + CLOSED_OVERHEAD_S;
  const servers = new Set(scenario.points.map(describeServer));
  const probes = new Set<string>();
  let seconds = servers.size * SERVER_START_S;
  for (const point of scenario.points) {
    if (!isOpenLoop(point)) {
      seconds += settings.repetitions * closedRunS;
      continue;
    }
    const open = settings.openLoop;
    if (!open) throw new Error('open-loop points need settings.openLoop');
    if (point.openLoop.capacity.from === 'probe')
      probes.add(describeCapacity(describeServer(point), point));
    const rate = estimateRate(point);
    if (rate > open.maxRateRps) continue;
    const windowS = computeWindowS(rate, point.openLoop.arrival, settings.repetitions, open);
    const drainS = point.openLoop.share >= 1 ? open.timeoutS + OVERLOAD_DRAIN_S : 0;
    seconds += settings.repetitions * (OPEN_OVERHEAD_S + open.warmupS + windowS + drainS);
  }
  return seconds + probes.size * closedRunS;
}
