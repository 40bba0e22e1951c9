/**
 * The CodeMirror 6 editor, in its own module so the page imports it (and its ~150 kB) only
 * once a reader shows intent to run a demo.
 */
import { basicSetup } from 'codemirror';
import { python } from '@codemirror/lang-python';
import { syntaxHighlighting } from '@codemirror/language';
import { Prec } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { classHighlighter } from '@lezer/highlight';

/** A mounted editor: read and replace its code, or remove it. */
export interface DemoEditor {
  getCode: () => string;
  setCode: (code: string) => void;
  focus: () => void;
  destroy: () => void;
}

/**
 * Mounts an editor holding `code` into `parent`. Ctrl/Cmd+Enter calls `onRun`. Tokens get
 * `tok-*` classes rather than inline colours, so the page's CSS can follow the site theme.
 */
export function mountEditor(
  parent: HTMLElement,
  code: string,
  options: { label: string; onRun: () => void },
): DemoEditor {
  const view = new EditorView({
    parent,
    doc: code,
    extensions: [
      Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => (options.onRun(), true) }])),
      basicSetup,
      python(),
      syntaxHighlighting(classHighlighter),
      // CodeMirror's own highlight colours assume a light page; take them from the site theme.
      EditorView.theme({
        '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--pd-active-line)' },
        '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground':
          { backgroundColor: 'var(--pd-selection)' },
      }),
      EditorView.lineWrapping,
      // The editable area is in the Tab order already; an explicit tabindex also tells
      // checkers (axe's scrollable-region-focusable) that the scrolling editor is reachable.
      EditorView.contentAttributes.of({ 'aria-label': options.label, tabindex: '0' }),
    ],
  });
  return {
    getCode: () => view.state.doc.toString(),
    setCode: (next) =>
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } }),
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
