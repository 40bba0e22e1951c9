/**
 * The system under test as a list of process groups: started in order, each pinned where its
 * spec says and given the environment the groups before it export, stopped last-first. While a
 * group runs, its exit is a crash: `guard` turns it into an error that names the group, so the
 * recording stops instead of measuring a broken system.
 */
import type { GroupContext, GroupSpec, Placement, RunningGroup } from './group.ts';
import { describeWithLog } from './group.ts';
import { describeExit } from './processes.ts';
import type { Target } from './target.ts';

/** A group of the system that is running: its spec's name, role and CPUs beside what it returned. */
export type StartedGroup<Running extends RunningGroup = RunningGroup> = Running & {
  name: string;
  role: GroupSpec['role'];
  cpus: readonly number[];
};

/** A group that exited while the run still needed it. */
export class GroupCrashError extends Error {
  override name = 'GroupCrashError';
}

/** What every group of one recording shares. */
export interface SystemContext {
  target: Target;
  serverCpus: readonly number[];
  clientCpus: readonly number[];
  logDir: string;
}

/** The running groups of one recording and how to start, watch and stop them. */
export interface System {
  /** Running groups, in start order. */
  readonly groups: readonly StartedGroup[];
  /** Start a group after the running ones, with their exports in its environment. */
  start<Running extends RunningGroup>(spec: GroupSpec<Running>): Promise<StartedGroup<Running>>;
  /** Stop one group (the server between configurations); its exit is then no crash. */
  stop(group: StartedGroup): Promise<void>;
  /** Stop every running group, last started first; each one runs even if another fails. */
  stopAll(): Promise<void>;
  /**
   * Start `work` and settle as it does, or reject with `GroupCrashError` as soon as a running
   * group exits (without starting it when one already has).
   */
  guard<T>(work: () => Promise<T>): Promise<T>;
}

/** The environment the running groups export, earlier groups first (a later one wins a clash). */
function collectExports(groups: readonly StartedGroup[]): Record<string, string> {
  return Object.assign({}, ...groups.map((g) => g.exports)) as Record<string, string>;
}

/** An empty system; groups join it with `start`. */
export function createSystem(context: SystemContext): System {
  const groups: StartedGroup[] = [];
  let crash: GroupCrashError | null = null;
  let rejectCrashed: (error: GroupCrashError) => void = () => {};
  const crashed = new Promise<never>((_, reject) => (rejectCrashed = reject));
  crashed.catch(() => {}); // observed through guard(); never an unhandled rejection

  const cpusOf = (placement: Placement): readonly number[] =>
    placement === 'server' ? context.serverCpus : context.clientCpus;

  const watch = (group: StartedGroup): void => {
    void group.exited.then((exit) => {
      if (!groups.includes(group) || crash) return; // stopped on purpose, or not the first
      if (group.exitIsOutcome) return; // measured, and restarted by the recorder
      crash = new GroupCrashError(
        describeWithLog(
          `the ${group.name} group (pid ${group.pid}) exited during the run (${describeExit(exit)})`,
          group.argv,
          group.logPath,
        ),
      );
      rejectCrashed(crash);
    });
  };

  const stop = async (group: StartedGroup): Promise<void> => {
    const index = groups.indexOf(group);
    if (index >= 0) groups.splice(index, 1);
    await group.stop();
  };

  return {
    groups,
    async start<Running extends RunningGroup>(spec: GroupSpec<Running>) {
      if (groups.some((g) => g.name === spec.name))
        throw new Error(`a group named ${spec.name} is already running`);
      const cpus = cpusOf(spec.placement);
      const groupContext: GroupContext = {
        target: context.target,
        cpus,
        logDir: context.logDir,
        env: collectExports(groups),
      };
      const running = await spec.start(groupContext);
      const started: StartedGroup<Running> = Object.assign(running, {
        name: spec.name,
        role: spec.role,
        cpus,
      });
      groups.push(started);
      watch(started);
      return started;
    },
    stop,
    async stopAll() {
      const errors: unknown[] = [];
      for (const group of [...groups].reverse()) {
        await stop(group).catch((error: unknown) => errors.push(error));
      }
      if (errors.length) throw errors[0];
    },
    guard: (work) => (crash ? Promise.reject(crash) : Promise.race([work(), crashed])),
  };
}
