/**
 * Preflight: name everything missing (commands, Python, packages) and how to install it, before
 * any server starts. Also runs the probe that reports versions and calibrates the cpu endpoint.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { join, delimiter } from 'node:path';
import type { ScenarioSpec } from '../scenarios/scenario.ts';
import { findCgroupProblem } from '../system/cgroup.ts';
import { RUN_ID, runTracked } from '../system/processes.ts';
import { MODELS, type ModelSpec, type ProbeResult } from '../system/models.ts';
import { buildTargetArgv, resolveHostPath, type Target } from '../system/target.ts';

/** A preflight failure listing every problem with its fix. */
export class PreflightError extends Error {
  override name = 'PreflightError';
}

const COMMAND_HINTS: Record<string, string> = {
  wrk: 'apt-get install -y wrk',
  taskset: 'apt-get install -y util-linux',
  getconf: 'apt-get install -y libc-bin',
  git: 'apt-get install -y git',
  chroot: 'apt-get install -y coreutils',
  unshare: 'apt-get install -y util-linux',
  mount: 'apt-get install -y mount',
};

const DEBIAN_PACKAGES: Record<string, string> = {
  gunicorn: 'python3-gunicorn',
  uvicorn: 'python3-uvicorn',
  gevent: 'python3-gevent',
};

function findOnPath(command: string): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Missing host commands, each with its install hint. */
export function findMissingCommands(
  needChroot: boolean,
  hasCommand: (c: string) => boolean = findOnPath,
): string[] {
  const needed = ['wrk', 'taskset', 'getconf', 'git', ...(needChroot ? ['chroot'] : [])];
  return needed
    .filter((c) => !hasCommand(c))
    .map((c) => `command "${c}" not found: ${COMMAND_HINTS[c]}`);
}

/** What the container-like points of the scenarios need of this machine. */
export interface ContainerNeeds {
  /** Some point runs its server in a cgroup with limits. */
  cgroups: boolean;
  /** Some point mounts /proc and /sys in the target's root (a chroot). */
  procSysMounts: boolean;
}

/** Which container features the scenarios' points ask for on this target. */
export function findContainerNeeds(
  scenarios: readonly ScenarioSpec[],
  target: Target,
): ContainerNeeds {
  const points = scenarios.flatMap((s) => s.points);
  return {
    cgroups: points.some((p) => p.limits),
    procSysMounts: target.rootfs !== null && points.some((p) => p.limits?.procSysMounted),
  };
}

/**
 * Everything missing for the container-like points, each with its fix: writable cgroup
 * controllers (a test cgroup is created and removed), and for the mounts `unshare`, `mount` and
 * root. Empty when the scenarios need none of it.
 */
export function findContainerProblems(
  needs: ContainerNeeds,
  check: {
    hasCommand?: (c: string) => boolean;
    isRoot?: () => boolean;
    findCgroupProblem?: (runId: string) => string | null;
  } = {},
): string[] {
  const hasCommand = check.hasCommand ?? findOnPath;
  const isRoot = check.isRoot ?? (() => process.getuid?.() === 0);
  const problems: string[] = [];
  if (needs.cgroups) {
    const problem = (check.findCgroupProblem ?? findCgroupProblem)(RUN_ID);
    if (problem) problems.push(`the scenarios run servers under CPU or memory limits: ${problem}`);
  }
  if (needs.procSysMounts) {
    for (const command of ['unshare', 'mount'].filter((c) => !hasCommand(c)))
      problems.push(`command "${command}" not found: ${COMMAND_HINTS[command]}`);
    if (!isRoot())
      problems.push(
        'mounting /proc and /sys in the chroot (a private mount namespace, as a container has them) needs root',
      );
  }
  return problems;
}

/** How to install a missing Python module on this kind of target. */
export function suggestInstall(target: Target, module: string): string {
  const pkg = DEBIAN_PACKAGES[module] ?? `python3-${module}`;
  if (target.rootfs)
    return `sh harness/env/prepare-sid.sh ${target.rootfs} (or chroot ${target.rootfs} apt-get install -y ${pkg})`;
  if (target.python === '/usr/bin/python3') return `apt-get install -y ${pkg}`;
  return `${target.python} -m pip install ${module}`;
}

/** Run the probe inside the target, pinned to the server CPUs so calibration matches them. */
export async function runProbe(
  target: Target,
  serverCpus: readonly number[],
  calibrate: boolean,
): Promise<ProbeResult> {
  const argv = buildTargetArgv(target, serverCpus, [
    target.python,
    `${target.appDir}/probe.py`,
    ...(calibrate ? ['--calibrate'] : []),
  ]);
  const { code, stdout, stderr } = await runTracked(argv);
  if (code !== 0)
    throw new PreflightError(
      `the probe failed in the target Python (exit ${code}): ${argv.join(' ')}\n${stderr.trim().split('\n').slice(-10).join('\n')}`,
    );
  try {
    return JSON.parse(stdout) as ProbeResult;
  } catch {
    throw new PreflightError(`the probe printed no JSON: ${stdout.slice(0, 200)}`);
  }
}

/** Check that the target Python exists before running anything in it. */
export function checkTargetPython(target: Target): string[] {
  if (target.rootfs && !existsSync(target.rootfs)) {
    return [
      `rootfs ${target.rootfs} does not exist: sh harness/env/prepare-sid.sh ${target.rootfs}`,
    ];
  }
  const hostPath = resolveHostPath(target, target.python);
  if (!existsSync(hostPath)) {
    const where = target.rootfs ? ` inside ${target.rootfs}` : '';
    const hint = target.rootfs
      ? `sh harness/env/prepare-sid.sh ${target.rootfs}`
      : 'apt-get install -y python3, or pass --python /path/to/venv/bin/python';
    return [`python ${target.python}${where} not found: ${hint}`];
  }
  return [];
}

/**
 * Split models into those the target can run and those it cannot. Models the user named
 * explicitly must all be runnable; from the default set, unavailable ones are skipped with a note.
 */
export function selectModels(
  probe: ProbeResult,
  target: Target,
  requested: readonly string[] | null,
): { models: ModelSpec[]; skipped: string[]; problems: string[] } {
  const wanted = requested ? MODELS.filter((m) => requested.includes(m.id)) : [...MODELS];
  const models: ModelSpec[] = [];
  const skipped: string[] = [];
  const problems: string[] = [];
  for (const model of wanted) {
    const missing = model.findMissing(probe);
    if (!missing) {
      models.push(model);
      continue;
    }
    const module = /module\(s\): (\w+)/.exec(missing)?.[1];
    const hint = module ? `: ${suggestInstall(target, module)}` : '';
    (requested ? problems : skipped).push(`${model.id}: ${missing}${hint}`);
  }
  return { models, skipped, problems };
}
