/**
 * The simulator's sliders, declared once: the component renders them, the element reads
 * them. Defaults are the recorded `sweep-io` experiment at 16 connections, so the first run
 * already has measurements beside it. Connections move in doublings (like the datasets'
 * sweeps), so that slider picks an index into `CONNECTION_STEPS`.
 */
import type { SimSettings } from './simulator-settings.ts';

/** The connection counts the connections slider offers, besides every recorded one. */
export const CONNECTION_STEPS: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

/** The slider's connection counts: the doublings and every count a dataset recorded. */
export function connectionSteps(recorded: readonly number[]): number[] {
  return [...new Set([...CONNECTION_STEPS, ...recorded])].sort((a, b) => a - b);
}

/** One range input; `param` is also its `PARAMS` key in `worker-simulator.py`. */
export interface SliderSpec {
  param: keyof SimSettings | 'overhead_ms';
  label: string;
  /** Shown after the value, e.g. `ms`. */
  unit: string;
  min: number;
  max: number;
  step: number;
  value: number;
  /** One sentence under the label: what the setting means in the model. */
  hint: string;
  /** For a slider over a list of values (connections): the values; the input holds an index. */
  steps?: number[];
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
