import { afterEach, describe, expect, it, vi } from 'vitest';
import { yieldToMain } from '../../../src/charts/browser/yield-to-main.ts';

describe('yieldToMain', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('uses scheduler.yield where the browser has it', async () => {
    const yielded = vi.fn(() => Promise.resolve());
    await yieldToMain({ scheduler: { yield: yielded } });
    expect(yielded).toHaveBeenCalledTimes(1);
  });

  it('otherwise goes on only after a timer task', async () => {
    vi.useFakeTimers();
    let resumed = false;
    const waiting = yieldToMain({}).then(() => {
      resumed = true;
    });
    // Microtasks alone do not resume it: the caller waits for a task of its own.
    await Promise.resolve();
    await Promise.resolve();
    expect(resumed).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    await waiting;
    expect(resumed).toBe(true);
  });

  it('falls back to the timer when scheduler has no yield', async () => {
    vi.useFakeTimers();
    const waiting = yieldToMain({ scheduler: {} });
    expect(vi.getTimerCount()).toBe(1);
    await vi.runAllTimersAsync();
    await waiting;
  });
});
