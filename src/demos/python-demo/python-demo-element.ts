import {
  getPyodideClient,
  prefersSavingData,
  wantsSnapshot,
  type LoadState,
} from '../../pyodide/client.ts';
import { runnerConfig } from '../../pyodide/config.ts';
import type { DemoEditor } from './editor.ts';
import { OutputView } from './output-view.ts';
import type { ErrorInfo, ParamValue, RunResult } from '../../pyodide/protocol.ts';
import { describeLoadFailure } from './describe-load-failure.ts';
import { TimelineView } from './timeline-view.ts';

/** Fired on a `<python-demo>` after every run; `detail` is the {@link RunResult}. */
export const RUN_EVENT = 'python-demo:run';

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
  #timeline: TimelineView | null = null;

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
    this.#timeline = new TimelineView({
      figure: this.#part('timeline'),
      chart: this.#part('timeline-chart'),
      table: this.#part('timeline-table'),
      zoom: this.#part('timeline-zoom'),
    });
    this.#part('toolbar').hidden = false;
    this.#showDownloadSize();
    const run = this.#part<HTMLButtonElement>('run');
    run.addEventListener('click', () => void this.run());
    // Python is 6-13 MB: it loads when the reader reaches for a demo (hover or focus of Run or
    // the code, or a tap, which is both), never because one scrolled by; with Save-Data, only
    // on Run itself.
    for (const intent of ['pointerenter', 'focus'])
      run.addEventListener(intent, () => this.#intend());
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
      code.addEventListener(intent, () => {
        this.#requestEditor();
        this.#intend();
      });
  }

  /** A sign the reader may run the demo: load Python, unless they asked to save data. */
  #intend(): void {
    if (!prefersSavingData()) this.warm();
  }

  /** Says, before anything is fetched, how much the first Run downloads. */
  #showDownloadSize(): void {
    const note = this.#part('download-note');
    const files = Number(this.dataset['downloadBytes']);
    const snapshot = Number(this.dataset['snapshotBytes']);
    if (!(files > 0) || getPyodideClient().state.phase === 'ready') {
      note.hidden = true;
      return;
    }
    const bytes = files + (wantsSnapshot() && snapshot > 0 ? snapshot : 0);
    note.textContent = prefersSavingData()
      ? `Your browser asks to save data: Python (${formatBytes(bytes)}) downloads only when you press Run.`
      : `The first run downloads Python: ${formatBytes(bytes)}.`;
    note.hidden = false;
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
      const info = error as ErrorInfo;
      // A failed load is explained beside Retry, its technical detail folded away there.
      output.note(
        client.state.phase === 'failed'
          ? describeLoadFailure(info).summary
          : (info.message ?? String(error)),
      );
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
    // The editor takes exactly the static code's place, so nothing below it moves; it
    // scrolls inside that height (both are capped at the same height by CSS).
    host.style.height = `${staticCode.getBoundingClientRect().height}px`;
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
    // Output waits for the next frame; show it before the status says the run is over.
    output?.flush();
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
            ? 'Stopped: Python was restarted to stop the code (from the files already downloaded).'
            : 'KeyboardInterrupt: stopped.',
        );
        this.#status('Stopped.');
        break;
    }
    output?.flush();
    this.#timeline?.show(result.spans);
    this.dispatchEvent(new CustomEvent(RUN_EVENT, { detail: result, bubbles: true }));
  }

  #showLoadState(state: LoadState): void {
    const progress = this.#part('progress');
    const bar = this.#part<HTMLProgressElement>('progress-bar');
    const label = this.#part('progress-label');
    const retry = this.#part('retry');
    const detail = this.#part('progress-detail');
    progress.hidden = state.phase === 'idle' || state.phase === 'ready';
    retry.hidden = state.phase !== 'failed';
    bar.hidden = state.phase === 'failed';
    detail.hidden = state.phase !== 'failed';
    if (state.phase === 'ready') this.#part('download-note').hidden = true;
    switch (state.phase) {
      case 'download':
        if (state.total) {
          bar.max = state.total;
          bar.value = state.loaded;
        } else bar.removeAttribute('value');
        // Nothing counted yet: the files may come from the browser's cache, not the network.
        label.textContent =
          state.loaded === 0
            ? 'Loading Python…'
            : `Downloading Python: ${formatBytes(state.loaded)}${state.total ? ` of ${formatBytes(state.total)}` : ''}`;
        break;
      case 'start':
        bar.removeAttribute('value');
        label.textContent = 'Starting Python…';
        break;
      case 'failed': {
        const { summary, detail: technical } = describeLoadFailure(state.error);
        label.textContent = `${summary} Check your connection, then retry.`;
        this.#part('progress-detail-text').textContent = technical;
        break;
      }
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
