import { getPyodideClient, type LoadState } from '../../pyodide/client.ts';
import { runnerConfig } from '../../pyodide/config.ts';
import type { DemoEditor } from './editor.ts';
import { OutputView } from './output-view.ts';
import type { ParamValue, RunResult } from '../../pyodide/protocol.ts';
import { drawTimelineSvg, drawTimelineTable } from './render-timeline.ts';

/** Fired on a `<python-demo>` after every run; `detail` is the {@link RunResult}. */
export const RUN_EVENT = 'python-demo:run';

// One observer for every demo on the page: loading starts when any of them comes near.
let observer: IntersectionObserver | null = null;
function observeNearViewport(element: PythonDemoElement): void {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer?.unobserve(entry.target);
        (entry.target as PythonDemoElement).warm();
      }
    },
    { rootMargin: runnerConfig.intentRootMargin },
  );
  observer.observe(element);
}

function formatBytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * `<python-demo>`: the interactive layer over the server-rendered code block. Data comes
 * from `data-*` attributes and the parts are found by `data-part`, as in Starlight's Tabs.
 * Inputs inside the element with a `data-param` attribute are sent to Python as `PARAMS`.
 */
export class PythonDemoElement extends HTMLElement {
  /** The last run's result, for tests and for controls built on top of the demo. */
  lastResult: RunResult | null = null;
  #editor: DemoEditor | null = null;
  #editorRequested = false;
  #output: OutputView | null = null;
  #unsubscribe: (() => void) | null = null;
  #stopper: AbortController | null = null;

  #part<T extends HTMLElement = HTMLElement>(name: string): T {
    const part = this.querySelector<T>(`[data-part="${name}"]`);
    if (!part) throw new Error(`<python-demo> is missing its ${name} part`);
    return part;
  }

  get #source(): string {
    return this.dataset['source'] ?? '';
  }

  connectedCallback(): void {
    this.#output = new OutputView(this.#part('output'), runnerConfig.outputCap);
    this.#part('toolbar').hidden = false;
    const run = this.#part<HTMLButtonElement>('run');
    run.addEventListener('click', () => void this.run());
    for (const intent of ['pointerenter', 'focus']) run.addEventListener(intent, () => this.warm());
    this.#part('stop').addEventListener('click', () => this.stop());
    this.#part('reset').addEventListener('click', () => this.reset());
    this.#part('copy').addEventListener('click', () => void this.#copyOutput());
    this.#part('retry').addEventListener(
      'click',
      () =>
        void getPyodideClient()
          .retry()
          .catch(() => undefined),
    );
    const code = this.#part('static-code');
    for (const intent of ['pointerenter', 'focusin'])
      code.addEventListener(intent, () => this.#requestEditor());
    observeNearViewport(this);
  }

  disconnectedCallback(): void {
    this.#unsubscribe?.();
    this.#editor?.destroy();
  }

  /**
   * Starts loading Python, then the editor; called on any sign the reader may run the demo.
   * The editor waits for Python because both compete for the network and the main thread,
   * and output matters more than editing; pointing at the code loads it at once.
   */
  warm(): void {
    const client = getPyodideClient();
    this.#unsubscribe ??= client.subscribe((state) => this.#showLoadState(state));
    client
      .load()
      .catch(() => undefined) // Shown through the load state.
      .finally(() => this.#requestEditor());
  }

  #requestEditor(): void {
    if (this.#editorRequested) return;
    this.#editorRequested = true;
    this.#loadEditor().catch(() => {
      this.#editorRequested = false; // The static code still shows; try again on the next intent.
    });
  }

  /** The code as the reader has edited it. */
  get code(): string {
    return this.#editor?.getCode() ?? this.#source;
  }

  /** Runs the current code; resolves with how it ended. */
  async run(): Promise<RunResult | null> {
    const client = getPyodideClient();
    const output = this.#output;
    if (!output || this.#stopper) return null;
    this.warm();
    const stopper = new AbortController();
    this.#stopper = stopper;
    this.#setButtons(true);
    output.clear();
    this.#part('output-wrap').hidden = false;
    this.#status(
      client.state.phase !== 'ready'
        ? 'Waiting for Python to load…'
        : client.busy
          ? 'Waiting for another demo to finish…'
          : 'Starting…',
    );
    let restarted = false;
    try {
      const result = await client.run(
        {
          kind: 'run',
          code: this.code,
          filename: this.dataset['filename'] ?? 'demo.py',
          params: this.#params(),
        },
        {
          onStart: () => this.#status('Running…'),
          onOutput: (stream, text) => output.append(stream, text),
          onCapped: (cap) => output.capped(cap),
          signal: stopper.signal,
          onStopped: (how) => (restarted = how === 'restarted'),
        },
      );
      this.#showResult(result, restarted);
      return result;
    } catch (error) {
      const message = (error as { message?: string }).message ?? String(error);
      output.note(message);
      this.#status('Could not run the code.');
      return null;
    } finally {
      this.#stopper = null;
      this.#setButtons(false);
    }
  }

  /** Stops the running code, or skips it if it has not started yet. */
  stop(): void {
    this.#status('Stopping…');
    this.#stopper?.abort();
  }

  /** Puts the original code back in the editor. */
  reset(): void {
    this.#editor?.setCode(this.#source);
    this.#status('Code reset to the original.');
  }

  async #loadEditor(): Promise<void> {
    const { mountEditor } = await import('./editor.ts');
    const host = this.#part('editor');
    this.#editor = mountEditor(host, this.#source, {
      label: `Python code of ${this.dataset['title'] ?? 'the demo'}`,
      onRun: () => void this.run(),
    });
    const staticCode = this.#part('static-code');
    const hadFocus = staticCode.contains(document.activeElement);
    host.hidden = false;
    staticCode.hidden = true;
    // Focus on the static code (its copy button, or the block itself when it scrolls) was the
    // intent that loaded the editor; keep a keyboard reader's place by moving it there.
    if (hadFocus) this.#editor.focus();
  }

  #params(): Record<string, ParamValue> {
    const params: Record<string, ParamValue> = {};
    for (const input of this.querySelectorAll<HTMLInputElement | HTMLSelectElement>(
      '[data-param]',
    )) {
      const name = input.dataset['param'] || input.name;
      if (input instanceof HTMLInputElement && input.type === 'checkbox')
        params[name] = input.checked;
      else if (input instanceof HTMLInputElement && ['number', 'range'].includes(input.type))
        params[name] = input.valueAsNumber;
      else params[name] = input.value;
    }
    return params;
  }

  #showResult(result: RunResult, restarted: boolean): void {
    this.lastResult = result;
    const output = this.#output;
    const seconds = `${(result.durationMs / 1000).toFixed(2)} s`;
    switch (result.status) {
      case 'ok':
        this.#status(`Finished in ${seconds}.`);
        break;
      case 'error':
        output?.append('stderr', result.traceback);
        this.#status(`Stopped by ${result.errorType} after ${seconds}: see the traceback.`);
        break;
      case 'exit':
        output?.note(`sys.exit() ended the program with exit status ${result.code}.`);
        this.#status(`Exited with status ${result.code}.`);
        break;
      case 'interrupted':
        output?.note(
          restarted
            ? 'Stopped: Python was restarted to stop the code, so the next run loads it again.'
            : 'KeyboardInterrupt: stopped.',
        );
        this.#status('Stopped.');
        break;
    }
    this.#drawTimeline(result);
    this.dispatchEvent(new CustomEvent(RUN_EVENT, { detail: result, bubbles: true }));
  }

  #drawTimeline(result: RunResult): void {
    const figure = this.#part('timeline');
    const drawable = result.spans.some((span) => span.state !== 'phase');
    figure.hidden = !drawable;
    if (!drawable) return;
    const chart = this.#part('timeline-chart');
    chart.replaceChildren(drawTimelineSvg(result.spans, chart.clientWidth || undefined));
    this.#part('timeline-table').replaceChildren(drawTimelineTable(result.spans));
  }

  #showLoadState(state: LoadState): void {
    const progress = this.#part('progress');
    const bar = this.#part<HTMLProgressElement>('progress-bar');
    const label = this.#part('progress-label');
    const retry = this.#part('retry');
    progress.hidden = state.phase === 'idle' || state.phase === 'ready';
    retry.hidden = state.phase !== 'failed';
    bar.hidden = state.phase === 'failed';
    switch (state.phase) {
      case 'download':
        if (state.total) {
          bar.max = state.total;
          bar.value = state.loaded;
        } else bar.removeAttribute('value');
        label.textContent = `Downloading Python: ${formatBytes(state.loaded)}${state.total ? ` of ${formatBytes(state.total)}` : ''}`;
        break;
      case 'start':
        bar.removeAttribute('value');
        label.textContent = 'Starting Python…';
        break;
      case 'failed':
        label.textContent = `Python could not be loaded (${state.error.message}). Check your connection, then retry.`;
        break;
      case 'idle':
      case 'ready':
        label.textContent = '';
        break;
    }
  }

  async #copyOutput(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.#output?.text ?? '');
      this.#status('Output copied.');
    } catch {
      this.#status('Copying failed: select the output and copy it by hand.');
    }
  }

  #setButtons(running: boolean): void {
    this.#part<HTMLButtonElement>('run').disabled = running;
    this.#part<HTMLButtonElement>('stop').disabled = !running;
  }

  #status(text: string): void {
    this.#part('status').textContent = text;
  }
}

/** Registers `<python-demo>` once, however many demos the page has. */
export function definePythonDemo(): void {
  if (!customElements.get('python-demo')) customElements.define('python-demo', PythonDemoElement);
}
