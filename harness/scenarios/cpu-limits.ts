/**
 * The same load on one server CPU under a container's CPU limit, with the worker counts people
 * end up with (system/workers-rules.ts): gunicorn's `2 x cores + 1` from the node's CPU count
 * (what `multiprocessing.cpu_count()` reports inside the container), the same from the limit,
 * and one process per pod. Every server runs as a container runs it (system/container.ts): in
 * a cgroup with the CFS quota (period 100 ms) and with /proc and /sys mounted.
 */
import type { WorkersRule } from '../../src/bench/schema.ts';
import { CPU_MS, IO_MS } from '../../src/bench/endpoints.ts';
import type { ModelSpec } from '../system/models.ts';
import { applyWorkersRule } from '../system/workers-rules.ts';
import {
  withDefaults,
  type PointSpec,
  type ScenarioContext,
  type ScenarioDefinition,
} from './scenario.ts';

/**
 * CPU limits: none (the cgroup only counts), half a CPU and one CPU. The period is the container
 * runtimes' default, 100 ms: Docker's `--cpu-period` "Defaults to 100000 microseconds (100
 * milliseconds)" (https://docs.docker.com/engine/containers/resource_constraints/), and the
 * kubelet's `cpuCFSQuotaPeriod` defaults to 100ms
 * (https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/).
 */
export const CPU_LIMITS: readonly (number | null)[] = [null, 0.5, 1];
/** The models compared: pre-fork sync workers, threads, and an event loop. */
const MODELS = ['gunicorn-sync', 'gunicorn-gthread', 'uvicorn'];
const RULES: readonly WorkersRule[] = ['node-cpus', 'cpu-limit', 'one-per-pod'];
/** Closed-loop connections: more than any configuration's slots, so every one is busy. */
export const CONCURRENCY = 16;

function buildModelPoints(
  model: ModelSpec,
  ctx: ScenarioContext,
  cpus: number | null,
): PointSpec[] {
  const limits = { cpus, memoryBytes: null, procSysMounted: true };
  const inputs = {
    nodeCpus: ctx.machineCpuCount ?? ctx.serverCpuCount,
    cpuLimit: cpus,
    serverCpus: ctx.serverCpuCount,
  };
  const points: PointSpec[] = [];
  const seen = new Set<string>();
  // Without a limit there is nothing to count from but the node.
  for (const workersRule of cpus === null ? RULES.filter((r) => r !== 'cpu-limit') : RULES) {
    const { workers, threads } = applyWorkersRule(model, workersRule, inputs);
    // Two rules that give the same count (one uvicorn process from a 1-CPU limit and one per
    // pod) are one server: it is measured once, under the first rule.
    const key = `${workers}x${threads}`;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const [endpoint, endpointMs] of [
      ['cpu', CPU_MS],
      ['io', IO_MS],
    ] as const)
      points.push(
        withDefaults(model, ctx, {
          endpoint,
          endpointMs,
          concurrency: CONCURRENCY,
          workers,
          threads,
          workersRule,
          limits,
        }),
      );
  }
  return points;
}

export const scenario: ScenarioDefinition = {
  id: 'cpu-limits',
  description: `gunicorn sync and gthread and uvicorn on one server CPU under a container's CPU limit (CFS quota of ${CPU_LIMITS.map((c) => (c === null ? 'none' : `${c} CPU`)).join(', ')}, period 100 ms, as Docker and Kubernetes set it), each with the worker counts people end up with: the model's advice (gunicorn 2 x cores + 1, one uvicorn process per core) for the node's CPUs, which multiprocessing.cpu_count() reports inside the container whatever the limit; for the limit rounded up, as Kubernetes' downward API passes it; and one process per pod. cpu?ms=${CPU_MS} and io?ms=${IO_MS} at ${CONCURRENCY} connections. The servers run as in a container: in a cgroup, with /proc and /sys mounted. Throttled periods and time come from the cgroup's cpu.stat over each window.`,
  build: (ctx) =>
    ctx.models
      .filter((m) => MODELS.includes(m.id))
      .flatMap((model) => CPU_LIMITS.flatMap((cpus) => buildModelPoints(model, ctx, cpus))),
};
