/**
 * Takes a reader who followed an old link to an anchor that has moved to another page on to its
 * new place: the element with that id carries the new address in `data-moved-to`
 * (`ChapterPages.astro`). A bare chart id (`#sweep-io`) is read as its figure's (`#chart-sweep-io`).
 */
export function followMovedAnchor(): void {
  let id: string;
  try {
    id = decodeURIComponent(location.hash.slice(1));
  } catch {
    return; // A malformed fragment names nothing.
  }
  if (!id) return;
  const stub = document.getElementById(id) ?? document.getElementById(`chart-${id}`);
  const to = stub?.dataset['movedTo'];
  if (to) location.replace(to);
}
