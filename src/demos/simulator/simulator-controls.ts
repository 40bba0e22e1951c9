/**
 * The simulator's sliders, declared once: the component renders them, the element reads
 * them. Defaults are the recorded `sweep-io` experiment at 16 connections, so the first run
 * already has measurements beside it. Connections move in doublings (like the datasets'
 * sweeps), so that slider picks an index into `CONNECTION_STEPS`; the open loop's arrival rate
 * likewise into `RATE_STEPS`.
 */
import type { SimSettings } from './simulator-settings.ts';

/** The connection counts the connections slider offers, besides every recorded one. */
export const CONNECTION_STEPS: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

/** The slider's connection counts: the doublings and every count a dataset recorded. */
export function connectionSteps(recorded: readonly number[]): number[] {
  return [...new Set([...CONNECTION_STEPS, ...recorded])].sort((a, b) => a - b);
}

/** The open loop's arrival rates on the rate slider, req/s: dense around the default settings'
 * capacities (3 sync workers: 60 req/s; 3 × 4 gthread threads: 240), sparse beyond. */
export const RATE_STEPS: readonly number[] = [
  1, 2, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 120, 150, 200, 240, 300, 500, 1000, 2000,
];

/**
 * The open loop's warm-up before its window and its timeout from arrival, s: what the
 * recordings use (`OPEN_LOOP_DEFAULTS` in harness/run/open-loop-plan.ts, and wrk's 2 s
 * timeout), so a prediction lines up with a recorded point. The page sends them as `PARAMS`.
 */
export const OPEN_LOOP_WARMUP_S = 1.5;
export const OPEN_LOOP_TIMEOUT_S = 2;

/** The load the simulation runs: closed-loop connections, or open-loop arrivals at a rate. */
export type LoadMode = 'closed' | 'open';

/** The mode switch's choices, in its order. */
export const LOAD_MODES: readonly { value: LoadMode; label: string }[] = [
  { value: 'closed', label: 'Closed loop (connections)' },
  { value: 'open', label: 'Open loop (arrival rate)' },
];

/** One range input; `param` is also its `PARAMS` key in `worker-simulator.py`. */
export interface SliderSpec {
  param: keyof SimSettings | 'overhead_ms' | 'rate_rps' | 'window_s';
  label: string;
  /** Shown after the value, e.g. `ms`. */
  unit: string;
  min: number;
  max: number;
  step: number;
  value: number;
  /** One sentence under the label: what the setting means in the model. */
  hint: string;
  /** For a slider over a list of values (connections, rate): the values; the input holds an index. */
  steps?: number[];
  /** Shown only under this load, hidden under the other; absent: under both. */
  load?: LoadMode;
}

/**
 * The sliders in display order; the server CPUs' default and the connection counts come from
 * the datasets at build time.
 */
export function simulatorSliders(
  cores: number,
  steps: number[] = [...CONNECTION_STEPS],
): SliderSpec[] {
  return [
    {
      param: 'io_ms',
      label: 'Wait per request',
      unit: 'ms',
      min: 0,
      max: 200,
      step: 5,
      value: 50,
      hint: 'I/O such as a database call: no CPU used.',
    },
    {
      param: 'cpu_ms',
      label: 'CPU work per request',
      unit: 'ms',
      min: 0,
      max: 25,
      step: 0.5,
      value: 0,
      hint: 'Pure-Python work that holds the GIL.',
    },
    {
      param: 'connections',
      label: 'Connections',
      unit: '',
      min: 0,
      max: steps.length - 1,
      step: 1,
      value: steps.indexOf(16),
      hint: 'Closed-loop clients, as wrk runs them.',
      steps,
      load: 'closed',
    },
    {
      param: 'rate_rps',
      label: 'Arrival rate',
      unit: 'req/s',
      min: 0,
      max: RATE_STEPS.length - 1,
      step: 1,
      value: RATE_STEPS.indexOf(90),
      hint: 'Requests arrive evenly spaced (or at random), answered or not.',
      steps: [...RATE_STEPS],
      load: 'open',
    },
    {
      param: 'window_s',
      label: 'Measured window',
      unit: 's',
      min: 1,
      max: 10,
      step: 1,
      value: 3,
      hint: `After ${OPEN_LOOP_WARMUP_S} s of warm-up at the rate, as the recordings run it.`,
      load: 'open',
    },
    {
      param: 'workers',
      label: 'Gunicorn workers',
      unit: '',
      min: 1,
      max: 32,
      step: 1,
      value: 3,
      hint: 'Processes of sync, gthread and gevent.',
    },
    {
      param: 'threads',
      label: 'Threads per gthread worker',
      unit: '',
      min: 1,
      max: 32,
      step: 1,
      value: 4,
      hint: 'They share the process’s GIL.',
    },
    {
      param: 'loops',
      label: 'uvicorn processes',
      unit: '',
      min: 1,
      max: 8,
      step: 1,
      value: 1,
      hint: 'One event loop each.',
    },
    {
      param: 'cores',
      label: 'Server CPUs',
      unit: '',
      min: 1,
      max: 8,
      step: 1,
      value: cores,
      hint: 'The datasets ran their servers on this many.',
    },
    {
      param: 'pool',
      label: 'Database connections per process',
      unit: '',
      min: 0,
      max: 32,
      step: 1,
      value: 0,
      hint: 'A pool held for the wait; 1 s without one is an error. 0: no pool.',
    },
    {
      param: 'overhead_ms',
      label: 'Server overhead per request',
      unit: 'ms',
      min: 0,
      max: 1,
      step: 0.05,
      value: 0.1,
      hint: 'CPU for HTTP parsing and the answer; one guess for every model.',
    },
  ];
}
