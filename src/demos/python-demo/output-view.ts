import type { OutputStream } from '../../pyodide/protocol.ts';

/**
 * The output pane of one demo. Chunks are buffered and written once per animation frame, so
 * a burst of small writes costs one layout, and everything past `cap` characters is dropped
 * (the worker caps too; this is the page's own guard).
 */
export class OutputView {
  readonly #pre: HTMLElement;
  readonly #cap: number;
  #queued: { stream: OutputStream | 'note'; text: string }[] = [];
  #frame = 0;
  #length = 0;
  #text = '';
  #capped = false;

  constructor(pre: HTMLElement, cap: number) {
    this.#pre = pre;
    this.#cap = cap;
  }

  /** Everything shown so far, as plain text (for Copy). */
  get text(): string {
    return this.#text;
  }

  /** Adds output from the program; colour tells stderr from stdout. */
  append(stream: OutputStream, text: string): void {
    if (this.#capped || !text) return;
    const room = this.#cap - this.#length;
    const kept = text.length > room ? text.slice(0, room) : text;
    this.#length += kept.length;
    this.#push(stream, kept);
    if (this.#length >= this.#cap) this.capped(this.#cap);
  }

  /** Says that output past `cap` characters was dropped (once per run). */
  capped(cap: number): void {
    if (this.#capped) return;
    this.#capped = true;
    this.note(
      `Output stopped after ${cap.toLocaleString('en')} characters; the program may still be running.`,
    );
  }

  /** Adds a line from the page itself (not the program), styled apart from the output. */
  note(text: string): void {
    const separator = this.#text && !this.#text.endsWith('\n') ? '\n' : '';
    this.#push('note', `${separator}${text}\n`);
  }

  /** Empties the pane for a new run. */
  clear(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#queued = [];
    this.#pre.replaceChildren();
    this.#length = 0;
    this.#text = '';
    this.#capped = false;
  }

  #push(stream: OutputStream | 'note', text: string): void {
    this.#text += text;
    this.#queued.push({ stream, text });
    this.#frame ||= requestAnimationFrame(() => this.#flush());
  }

  /** Writes what is queued now, instead of at the next frame (e.g. before a run's status). */
  flush(): void {
    cancelAnimationFrame(this.#frame);
    this.#flush();
  }

  #flush(): void {
    this.#frame = 0;
    const fragment = document.createDocumentFragment();
    for (const { stream, text } of this.#queued) {
      const last = fragment.lastChild as HTMLElement | null;
      if (last?.dataset['stream'] === stream) {
        last.textContent += text;
        continue;
      }
      const span = document.createElement('span');
      span.dataset['stream'] = stream;
      span.textContent = text;
      fragment.append(span);
    }
    this.#queued = [];
    this.#pre.append(fragment);
    this.#pre.scrollTop = this.#pre.scrollHeight;
  }
}
