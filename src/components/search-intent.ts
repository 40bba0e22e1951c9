/**
 * When the search box (Search.astro) loads Pagefind's UI: not at page load, where Starlight loads
 * it and its scripts and styles compete with the chapter (issue 16), but when the reader shows
 * they want it: a pointer over or a finger on the search button, focus on it, a click, or a
 * keyboard shortcut.
 */

/** The fields of a `KeyboardEvent` that decide whether it asks for search. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
}

/** Whether the element takes typed text, where "/" is a character and not a shortcut. */
function takesText(target: EventTarget | null): boolean {
  if (typeof Element === 'undefined' || !(target instanceof Element)) return false;
  if (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]'))
    return true;
  // CodeMirror's editor (the demos) is a contenteditable with its own value.
  return target.closest('.cm-editor') !== null;
}

/**
 * `toggle` for Ctrl+K or ⌘K (Starlight's shortcut, which also closes the box), `open` for "/"
 * outside a text field (the shortcut of many documentation sites), otherwise `null`.
 */
export function readSearchShortcut(press: KeyPress): 'toggle' | 'open' | null {
  if ((press.ctrlKey || press.metaKey) && !press.altKey && press.key.toLowerCase() === 'k')
    return 'toggle';
  if (press.key === '/' && !press.ctrlKey && !press.metaKey && !press.altKey)
    return takesText(press.target) ? null : 'open';
  return null;
}

/**
 * Runs `load` on the first call and returns its promise to every later call; after a failure
 * (the network, say) the next call tries again.
 */
export function loadOnce(load: () => Promise<void>): () => Promise<void> {
  let loading: Promise<void> | null = null;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };
}
