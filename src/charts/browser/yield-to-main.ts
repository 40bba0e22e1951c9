/**
 * Lets the browser run input, paint and other tasks before the caller goes on. Work after the
 * returned promise runs in a task of its own, so several charts drawn one after another make
 * several short tasks instead of one long one (a long task is what Lighthouse counts as
 * blocking time). `scheduler.yield()` (Chromium 129+) keeps the caller ahead of other queued
 * tasks; elsewhere a zero-delay timeout does the same job at the back of the queue.
 * https://developer.mozilla.org/en-US/docs/Web/API/Scheduler/yield
 */
export function yieldToMain(
  scope: { scheduler?: { yield?: () => Promise<void> } } = globalThis as never,
): Promise<void> {
  const scheduler = scope.scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
