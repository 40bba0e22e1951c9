/**
 * The worker counts people end up with in a container (the cpu-limits scenario), each a rule of
 * WorkersRuleSchema applied to a model's own advice (`defaultWorkers`, `defaultThreads` of
 * models.ts: gunicorn's `2 x cores + 1`, one uvicorn process per core):
 *
 * - `node-cpus`: the advice for what `multiprocessing.cpu_count()` reports inside the container,
 *   the node's online CPUs whatever the CPU limit, as gunicorn's Docker guide writes it
 *   (`workers = multiprocessing.cpu_count() * 2 + 1`, https://gunicorn.org/guides/docker/).
 *   The server checks it against what Python reports in its own container before it starts.
 * - `cpu-limit`: the advice for the CPU limit rounded up to whole CPUs, which is what a
 *   Kubernetes pod reads when it passes `limits.cpu` in through the downward API
 *   (`resourceFieldRef`, divisor 1: "returns ceiling of the value",
 *   `convertResourceCPUToString` in kubernetes pkg/api/v1/resource/helpers.go).
 * - `one-per-pod`: one process per container, more containers for more capacity, as uvicorn's
 *   Docker page recommends ("let your orchestration system manage the number of deployed
 *   containers", https://www.uvicorn.org/deployment/docker/). Threads follow the CPU limit.
 */
import type { ServerLimits, WorkersRule } from '../../src/bench/schema.ts';
import type { ContainerView } from './container.ts';
import type { ModelSpec } from './models.ts';

/** What each rule can count from. */
export interface RuleInputs {
  /** CPUs Python sees inside the container (the node's online CPUs). */
  nodeCpus: number;
  /** The CPU limit, CPUs; null without one. */
  cpuLimit: number | null;
  /** The CPUs the server is pinned to (the count when there is no limit). */
  serverCpus: number;
}

/** Whole CPUs a rule counts: the node's, or the limit rounded up (the pinned CPUs without one). */
export function countRuleCpus(rule: WorkersRule, inputs: RuleInputs): number {
  if (rule === 'node-cpus') return inputs.nodeCpus;
  return inputs.cpuLimit === null ? inputs.serverCpus : Math.ceil(inputs.cpuLimit);
}

/** Workers and threads per worker a rule gives a model. */
export function applyWorkersRule(
  model: ModelSpec,
  rule: WorkersRule,
  inputs: RuleInputs,
): { workers: number; threads: number } {
  const cpus = countRuleCpus(rule, inputs);
  return {
    workers: rule === 'one-per-pod' ? 1 : model.defaultWorkers(cpus),
    threads: model.defaultThreads(cpus),
  };
}

/**
 * Whether a point's worker count is what its rule gives, now that the container has said what
 * Python sees in it; null when it is, else what differs.
 */
export function findWorkersRuleProblem(
  model: ModelSpec,
  point: { workers: number; threads: number; workersRule: WorkersRule; limits?: ServerLimits },
  view: ContainerView,
  serverCpus: number,
): string | null {
  const expected = applyWorkersRule(model, point.workersRule, {
    nodeCpus: view['multiprocessing.cpu_count()'],
    cpuLimit: point.limits?.cpus ?? null,
    serverCpus,
  });
  if (expected.workers === point.workers && expected.threads === point.threads) return null;
  return (
    `workers rule ${point.workersRule}: inside the container multiprocessing.cpu_count() is ` +
    `${view['multiprocessing.cpu_count()']}, which gives ${model.id} ${expected.workers} workers x ` +
    `${expected.threads} threads, but the point has ${point.workers} x ${point.threads} ` +
    '(the scenario counted the CPUs online outside: does the container see other CPUs?)'
  );
}
