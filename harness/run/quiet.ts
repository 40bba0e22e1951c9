/**
 * Is the machine quiet enough to record? Before a real recording the harness watches the server
 * CPUs for a moment with nothing of its own running there, and reads the autogroup switch. Other
 * work at normal priority on those CPUs, or autogroup on (then priorities only count within a
 * session, so every other session competes with the servers however it is niced), makes it
 * refuse to start, unless told to go on with a reason, which the datasets then record.
 */
import { computeServerCpuContention, diffCpuTicks, readServerCpus } from '../measure/noise.ts';
import {
  listBusiestProcesses,
  SCHED_IDLE,
  sumYieldingTicks,
  type ProcessUse,
} from '../measure/threads.ts';
import { sleep } from '../system/processes.ts';

/** What the harness saw before recording. */
export interface QuietProbe {
  /** Contention for the server CPUs over the probe, 0..1. */
  contention: number;
  /** `kernel.sched_autogroup_enabled`; null where the kernel has no such switch. */
  autogroup: boolean | null;
  /** The processes at normal priority that used the most CPU meanwhile (anywhere). */
  busiest: ProcessUse[];
  probeS: number;
  hz: number;
}

/** The verdict, and what the datasets record about it. */
export interface QuietVerdict {
  quietMachine: boolean;
  /** Why the recording went on although the machine was not quiet. */
  reason?: string;
  /** Why the recording must not start; null when it may. */
  refusal: string | null;
}

/** Watch the server CPUs for `probeMs` with nothing of ours on them (the harness is on the client CPUs). */
export async function probeQuietMachine(
  serverCpus: readonly number[],
  autogroup: boolean | null,
  hz: number,
  probeMs = 2000,
): Promise<QuietProbe> {
  const before = readServerCpus(serverCpus);
  await sleep(probeMs);
  const after = readServerCpus(serverCpus);
  const yielding = sumYieldingTicks(before.threads, after.threads, serverCpus).onCpus;
  const { contention } = computeServerCpuContention(
    diffCpuTicks(before.cpu, after.cpu),
    0,
    yielding,
  );
  const busiest = listBusiestProcesses(before.threads, after.threads, 10, new Set([process.pid]))
    .filter((p) => p.policy !== SCHED_IDLE && p.nice <= 0)
    .slice(0, 3);
  return { contention, autogroup, busiest, probeS: probeMs / 1000, hz };
}

const percent = (share: number): string => `${(share * 100).toFixed(0)} %`;

/** Say what the probe saw, for the refusal or the warning. */
function describeNoise(
  probe: QuietProbe,
  threshold: number,
  serverCpus: readonly number[],
): string[] {
  const problems: string[] = [];
  if (probe.contention > threshold) {
    const who = probe.busiest
      .map(
        (p) => `${p.comm} (pid ${p.pid}, nice ${p.nice}, ${(p.ticks / probe.hz).toFixed(1)} CPU s)`,
      )
      .join(', ');
    problems.push(
      `other work at normal priority took ${percent(probe.contention)} of server CPU ${serverCpus.join(',')} over ${probe.probeS} s (the noise threshold is ${percent(threshold)})${who ? `; busiest: ${who}` : ''}`,
    );
  }
  if (probe.autogroup === true)
    problems.push(
      'kernel.sched_autogroup_enabled=1: CPU time is shared between sessions before priorities count (sysctl kernel.sched_autogroup_enabled=0)',
    );
  return problems;
}

/**
 * Whether to record. A real recording on a machine that is not quiet is refused unless
 * `allowNoisy` gives a reason; a `--quick` smoke run is never refused, and records what it saw.
 */
export function judgeQuietMachine(
  probe: QuietProbe,
  options: {
    threshold: number;
    allowNoisy: string | null;
    quick: boolean;
    serverCpus: readonly number[];
  },
): QuietVerdict {
  const problems = describeNoise(probe, options.threshold, options.serverCpus);
  if (problems.length === 0) return { quietMachine: true, refusal: null };
  if (options.allowNoisy !== null)
    return { quietMachine: false, reason: options.allowNoisy, refusal: null };
  if (options.quick) return { quietMachine: false, refusal: null };
  return {
    quietMachine: false,
    refusal: `the machine is not quiet enough to record:\n  - ${problems.join('\n  - ')}\nStop that work or move it to idle priority (sh harness/env/demote-others.sh, which also turns autogroup off), or record anyway with --allow-noisy REASON: the datasets then say environment.quietMachine: false and why.`,
  };
}
