/**
 * `<worker-simulator>`: the sliders and the comparison table around the simulator's
 * `<python-demo>`. A change shows the recorded point for the new settings at once and
 * re-runs the simulation after a pause; each run's `RESULT` fills in the predictions.
 */
import { formatValue } from '../../charts/model/describe-chart.ts';
import { RUN_EVENT, type PythonDemoElement } from '../python-demo/python-demo-element.ts';
import type { RunResult } from '../../pyodide/protocol.ts';
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

/** One model's prediction, as `worker-simulator.py` puts it in `RESULT.models`. */
interface Prediction {
  throughputRps: number;
  /** Answers that were not errors (a pool timeout), per second. */
  okThroughputRps: number;
  p50Ms: number;
  p99Ms: number;
}

/** The table's metrics, in its row order. */
const METRICS = ['throughput', 'okThroughput', 'p50', 'p99'] as const;
type Metric = (typeof METRICS)[number];
const PREDICTED: Record<Metric, keyof Prediction> = {
  throughput: 'throughputRps',
  okThroughput: 'okThroughputRps',
  p50: 'p50Ms',
  p99: 'p99Ms',
};

/** The simulator's page side; the sliders and table are server-rendered inside it. */
export class WorkerSimulatorElement extends HTMLElement {
  #points: RecordedPoint[] = [];
  /** The connection counts: the connections slider's value is an index into them. */
  #steps: number[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The settings of the run this element started last, as a `presetKey`. */
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

  connectedCallback(): void {
    const json = this.querySelector('script[data-sim-json]')?.textContent ?? '[]';
    this.#points = JSON.parse(json) as RecordedPoint[];
    this.#steps = JSON.parse(this.#slider('connections').dataset['steps'] ?? '[1]') as number[];
    for (const input of this.querySelectorAll<HTMLInputElement>('[data-sim-slider]'))
      input.addEventListener('input', () => this.#changed());
    this.querySelector('[data-sim-select]')?.addEventListener('change', () => this.#changed());
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
      connections: this.#steps[value('connections')] ?? 1,
      workers: value('workers'),
      threads: value('threads'),
      loops: value('loops'),
      cores: value('cores'),
      pool: value('pool'),
    };
  }

  /** Moves the sliders to `settings` (a recorded point's) and re-runs. */
  apply(settings: SimSettings): void {
    for (const [param, value] of Object.entries(settings)) {
      const index = this.#steps.indexOf(value);
      this.#slider(param).value = String(param === 'connections' ? index : value);
    }
    this.#changed();
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
    this.#ranFor = presetKey(this.settings);
    // null: another run is going (or Python failed to load); #showRun starts ours when it ends.
    if ((await this.#demo.run()) === null) this.#ranFor = null;
  }

  /** Slider read-outs, the hidden connections parameter, and the recorded column. */
  #showSettings(): void {
    const settings = this.settings;
    for (const input of this.querySelectorAll<HTMLInputElement>('[data-sim-slider]')) {
      const param = input.dataset['simSlider'] ?? '';
      const unit = input.dataset['unit'] ? ` ${input.dataset['unit']}` : '';
      const shown =
        param === 'connections' ? String(settings.connections) : `${input.valueAsNumber}${unit}`;
      input.setAttribute('aria-valuetext', shown);
      const output = this.querySelector(`[data-sim-value="${param}"]`);
      if (output) output.textContent = shown;
    }
    const hidden = this.querySelector<HTMLInputElement>('input[data-param="connections"]');
    if (hidden) hidden.value = String(settings.connections);
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
    const models = readPredictions(result.result);
    const current = this.settings;
    const params = (result.result as { params?: Record<string, number> } | undefined)?.params;
    const stale =
      models !== null && !Object.entries(current).every(([key, value]) => params?.[key] === value);
    // The sliders moved since this run began: run for what they say now, once (code a reader
    // edited may ignore PARAMS, and must not make this loop).
    if (stale && this.#ranFor !== presetKey(current)) return void this.#run();
    for (const model of SIM_MODELS) {
      for (const metric of METRICS) {
        const prediction = models?.[model]?.[PREDICTED[metric]];
        const cell = this.#cell(model, `${metric}.predicted`);
        cell.textContent = prediction === undefined ? '–' : formatValue(round(prediction), metric);
      }
    }
    this.#summary(
      models
        ? `Predictions updated for ${current.connections} connections.`
        : 'The simulation did not finish; see its output.',
    );
  }

  #summary(text: string): void {
    const summary = this.querySelector('[data-sim-summary]');
    if (summary) summary.textContent = text;
  }
}

function readPredictions(result: unknown): Partial<Record<SimModel, Prediction>> | null {
  const models = (result as { models?: unknown } | undefined)?.models;
  return typeof models === 'object' && models !== null
    ? (models as Partial<Record<SimModel, Prediction>>)
    : null;
}

/** Predictions are not measurements: three significant digits are all they deserve. */
function round(value: number): number {
  return Number(value.toPrecision(3));
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
