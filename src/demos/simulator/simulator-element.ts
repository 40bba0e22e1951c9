/**
 * `<worker-simulator>`: the sliders and the comparison table around the simulator's
 * `<python-demo>`. A change shows the recorded point for the new settings at once and
 * re-runs the simulation after a pause; each run's `RESULT` fills in the predictions. The
 * load switch shows the closed loop's controls and table, or the open loop's.
 */
import { formatValue } from '../../charts/model/describe-chart.ts';
import { RUN_EVENT, type PythonDemoElement } from '../python-demo/python-demo-element.ts';
import type { RunResult } from '../../pyodide/protocol.ts';
import { OPEN_LOOP_ROWS, roundPrediction, type OpenLoopPrediction } from './open-loop-rows.ts';
import type { LoadMode } from './simulator-controls.ts';
import {
  SIM_MODELS,
  describeSettings,
  findNearest,
  findRecorded,
  presetKey,
  type RecordedPoint,
  type RecordedValue,
  type SimModel,
  type SimSettings,
} from './simulator-settings.ts';

/** Quiet time after the last slider move before the simulation runs again. */
const RERUN_DELAY_MS = 500;

/** One model's closed-loop prediction, as `worker-simulator.py` puts it in `RESULT.models`. */
interface Prediction {
  throughputRps: number;
  /** Answers that were not errors (a pool timeout), per second. */
  okThroughputRps: number;
  p50Ms: number;
  p99Ms: number;
}

/** The closed-loop table's metrics, in its row order. */
const METRICS = ['throughput', 'okThroughput', 'p50', 'p99'] as const;
type Metric = (typeof METRICS)[number];
const PREDICTED: Record<Metric, keyof Prediction> = {
  throughput: 'throughputRps',
  okThroughput: 'okThroughputRps',
  p50: 'p50Ms',
  p99: 'p99Ms',
};

/** The load beside `SimSettings`: its mode, and the open loop's rate, window and arrivals. */
export interface LoadSettings {
  load: LoadMode;
  rate_rps: number;
  window_s: number;
  arrival: string;
}

/** The simulator's page side; the sliders and table are server-rendered inside it. */
export class WorkerSimulatorElement extends HTMLElement {
  #points: RecordedPoint[] = [];
  /** Each stepped slider's values (connections, rate): the slider's value is an index. */
  #steps = new Map<string, number[]>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The parameters of the run this element started last, as JSON. */
  #ranFor: string | null = null;

  get #demo(): PythonDemoElement {
    const demo = this.querySelector<PythonDemoElement>('python-demo');
    if (!demo) throw new Error('<worker-simulator> has no <python-demo> inside');
    return demo;
  }

  #slider(param: string): HTMLInputElement {
    const input = this.querySelector<HTMLInputElement>(`[data-sim-slider="${param}"]`);
    if (!input) throw new Error(`<worker-simulator> has no ${param} slider`);
    return input;
  }

  #modeSwitch(mode: LoadMode): HTMLInputElement {
    const radio = this.querySelector<HTMLInputElement>(`[data-sim-load-switch][value="${mode}"]`);
    if (!radio) throw new Error(`<worker-simulator> has no ${mode} load switch`);
    return radio;
  }

  /** A stepped slider's value: the step its index points at. */
  #stepValue(param: string): number {
    return this.#steps.get(param)?.[this.#slider(param).valueAsNumber] ?? 1;
  }

  connectedCallback(): void {
    const json = this.querySelector('script[data-sim-json]')?.textContent ?? '[]';
    this.#points = JSON.parse(json) as RecordedPoint[];
    for (const input of this.querySelectorAll<HTMLInputElement>('[data-sim-slider]')) {
      const steps = input.dataset['steps'];
      if (steps) this.#steps.set(input.dataset['simSlider'] ?? '', JSON.parse(steps) as number[]);
      input.addEventListener('input', () => this.#changed());
    }
    for (const control of this.querySelectorAll('[data-sim-select], [data-sim-load-switch]'))
      control.addEventListener('change', () => this.#changed());
    this.querySelector('[data-sim-apply]')?.addEventListener('click', () => {
      const key = this.querySelector<HTMLSelectElement>('[data-sim-preset]')?.value;
      const point = this.#points.find((p) => presetKey(p.preset) === key);
      if (point) this.apply(point.preset);
    });
    this.addEventListener(RUN_EVENT, (event) =>
      this.#showRun((event as CustomEvent<RunResult>).detail),
    );
    this.#showSettings();
  }

  /** The experiment the sliders describe. */
  get settings(): SimSettings {
    const value = (param: string) => this.#slider(param).valueAsNumber;
    return {
      io_ms: value('io_ms'),
      cpu_ms: value('cpu_ms'),
      connections: this.#stepValue('connections'),
      workers: value('workers'),
      threads: value('threads'),
      loops: value('loops'),
      cores: value('cores'),
      pool: value('pool'),
    };
  }

  /** The load the switch and the open loop's controls describe. */
  get load(): LoadSettings {
    return {
      load: this.#modeSwitch('open').checked ? 'open' : 'closed',
      rate_rps: this.#stepValue('rate_rps'),
      window_s: this.#slider('window_s').valueAsNumber,
      arrival: this.querySelector<HTMLSelectElement>('#sim-arrival')?.value ?? 'constant',
    };
  }

  /** Moves the sliders to `settings` (a recorded point's, so closed loop) and re-runs. */
  apply(settings: SimSettings): void {
    for (const [param, value] of Object.entries(settings)) {
      const steps = this.#steps.get(param);
      this.#slider(param).value = String(steps ? steps.indexOf(value) : value);
    }
    this.#modeSwitch('closed').checked = true;
    this.#changed();
  }

  /** Everything a run depends on, as `PARAMS` names it. */
  #params(): Record<string, number | string> {
    return { ...this.settings, ...this.load };
  }

  #changed(): void {
    this.#showSettings();
    for (const cell of this.querySelectorAll('[data-sim-cell$=".predicted"]'))
      cell.textContent = '…';
    this.#summary('Settings changed; the simulation will run again.');
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#run(), RERUN_DELAY_MS);
  }

  async #run(): Promise<void> {
    this.#ranFor = JSON.stringify(this.#params());
    // null: another run is going (or Python failed to load); #showRun starts ours when it ends.
    if ((await this.#demo.run()) === null) this.#ranFor = null;
  }

  /** The load's controls and table, slider read-outs, the hidden parameters, the recorded column. */
  #showSettings(): void {
    const { load } = this.load;
    for (const element of this.querySelectorAll<HTMLElement>('[data-sim-load]'))
      element.hidden = element.dataset['simLoad'] !== load;
    const mode = this.querySelector<HTMLInputElement>('input[data-param="load"]');
    if (mode) mode.value = load;
    for (const input of this.querySelectorAll<HTMLInputElement>('[data-sim-slider]')) {
      const param = input.dataset['simSlider'] ?? '';
      const unit = input.dataset['unit'] ? ` ${input.dataset['unit']}` : '';
      const value = this.#steps.has(param) ? this.#stepValue(param) : input.valueAsNumber;
      input.setAttribute('aria-valuetext', `${value}${unit}`);
      const output = this.querySelector(`[data-sim-value="${param}"]`);
      if (output) output.textContent = `${value}${unit}`;
      // A stepped slider holds an index; Python gets the value from a hidden input beside it.
      const hidden = this.querySelector<HTMLInputElement>(
        `input[type="hidden"][data-param="${param}"]`,
      );
      if (hidden) hidden.value = String(value);
    }
    const settings = this.settings;
    // Show in the menu when the settings are a recorded experiment.
    const presets = this.querySelector<HTMLSelectElement>('[data-sim-preset]');
    const key = presetKey(settings);
    if (presets && [...presets.options].some((option) => option.value === key)) presets.value = key;
    for (const model of SIM_MODELS) this.#showRecorded(model, settings);
  }

  #cell(model: SimModel, what: string): HTMLElement {
    const cell = this.querySelector<HTMLElement>(`[data-sim-cell="${model}.${what}"]`);
    if (!cell) throw new Error(`<worker-simulator> has no ${model}.${what} cell`);
    return cell;
  }

  #showRecorded(model: SimModel, settings: SimSettings): void {
    const point = findRecorded(this.#points, model, settings);
    for (const metric of METRICS) {
      const value = point?.[metric] ?? null;
      const cell = this.#cell(model, `${metric}.recorded`);
      if (point && value) cell.replaceChildren(recordedLink(point, metric, value));
      else cell.replaceChildren(missing(point ? 'not charted' : '–'));
    }
    const where = this.#cell(model, 'point');
    if (point) {
      const link = Object.assign(document.createElement('a'), {
        href: point.href,
        textContent: `${point.dataset}: ${point.recordedModel}`,
      });
      where.replaceChildren(link, point.noisy ? ' (noisy)' : '');
      return;
    }
    const nearest = findNearest(this.#points, model, settings);
    where.replaceChildren(missing('no recorded point'));
    if (!nearest) return;
    const use = Object.assign(document.createElement('button'), {
      type: 'button',
      className: 'pd-button',
      textContent: 'Use nearest',
      title: `Move the sliders to ${describeSettings(nearest)} (${nearest.dataset})`,
    });
    use.setAttribute('aria-label', `Use the nearest recorded point for ${model}: ${use.title}`);
    use.addEventListener('click', () => this.apply(nearest.preset));
    where.append(document.createElement('br'), `nearest: ${describeSettings(nearest)} `, use);
  }

  #showRun(result: RunResult): void {
    const current = this.#params();
    const params = (result.result as { params?: Record<string, unknown> } | undefined)?.params;
    const ran = readPredictions<unknown>(result.result) !== null;
    const stale = ran && !Object.entries(current).every(([key, value]) => params?.[key] === value);
    // The controls moved since this run began: run for what they say now, once (code a reader
    // edited may ignore PARAMS, and must not make this loop).
    if (stale && this.#ranFor !== JSON.stringify(current)) return void this.#run();
    const open = (params?.['load'] ?? this.load.load) === 'open';
    if (open) this.#showOpenLoop(readPredictions<OpenLoopPrediction>(result.result));
    else this.#showClosedLoop(readPredictions<Prediction>(result.result));
    const load = open
      ? `${this.load.rate_rps} requests a second`
      : `${this.settings.connections} connections`;
    this.#summary(
      ran ? `Predictions updated for ${load}.` : 'The simulation did not finish; see its output.',
    );
  }

  #showClosedLoop(models: Partial<Record<SimModel, Prediction>> | null): void {
    for (const model of SIM_MODELS) {
      for (const metric of METRICS) {
        const value = models?.[model]?.[PREDICTED[metric]];
        const cell = this.#cell(model, `${metric}.predicted`);
        cell.textContent = value === undefined ? '–' : formatValue(roundPrediction(value), metric);
      }
    }
  }

  #showOpenLoop(models: Partial<Record<SimModel, OpenLoopPrediction>> | null): void {
    for (const model of SIM_MODELS) {
      const prediction = models?.[model];
      for (const row of OPEN_LOOP_ROWS) {
        const cell = this.#cell(model, `${row.metric}.predicted`);
        cell.textContent = prediction ? row.read(prediction) : '–';
      }
    }
  }

  #summary(text: string): void {
    const summary = this.querySelector('[data-sim-summary]');
    if (summary) summary.textContent = text;
  }
}

/** `RESULT.models`: each model's prediction (closed or open loop, as the run's `load` says). */
function readPredictions<T>(result: unknown): Partial<Record<SimModel, T>> | null {
  const models = (result as { models?: unknown } | undefined)?.models;
  return typeof models === 'object' && models !== null
    ? (models as Partial<Record<SimModel, T>>)
    : null;
}

function missing(text: string): HTMLElement {
  return Object.assign(document.createElement('span'), {
    className: 'sim-missing',
    textContent: text,
  });
}

function recordedLink(point: RecordedPoint, metric: Metric, value: RecordedValue): HTMLElement {
  const link = Object.assign(document.createElement('a'), {
    href: point.href,
    textContent: formatValue(value.median, metric),
    title: `Median of the repetitions (from ${formatValue(value.min, metric)} to ${formatValue(value.max, metric)}), ${point.recordedModel} in ${point.dataset}, on the chart ${point.chart}`,
  });
  link.dataset['point'] = point.pointId;
  return link;
}

/** Registers `<worker-simulator>` once. */
export function defineWorkerSimulator(): void {
  if (!customElements.get('worker-simulator'))
    customElements.define('worker-simulator', WorkerSimulatorElement);
}
