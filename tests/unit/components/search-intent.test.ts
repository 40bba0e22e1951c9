import { describe, expect, it, vi } from 'vitest';
import {
  loadOnce,
  readSearchShortcut,
  type KeyPress,
} from '../../../src/components/search-intent.ts';

const press = (fields: Partial<KeyPress>): KeyPress => ({
  key: '',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target: null,
  ...fields,
});

describe('readSearchShortcut', () => {
  it('toggles on Ctrl+K and Cmd+K, whatever the case', () => {
    expect(readSearchShortcut(press({ key: 'k', ctrlKey: true }))).toBe('toggle');
    expect(readSearchShortcut(press({ key: 'k', metaKey: true }))).toBe('toggle');
    expect(readSearchShortcut(press({ key: 'K', ctrlKey: true }))).toBe('toggle');
  });

  it('opens on "/" outside a text field', () => {
    expect(readSearchShortcut(press({ key: '/' }))).toBe('open');
  });

  it('ignores K alone, Alt combinations and other keys', () => {
    expect(readSearchShortcut(press({ key: 'k' }))).toBeNull();
    expect(readSearchShortcut(press({ key: 'k', ctrlKey: true, altKey: true }))).toBeNull();
    expect(readSearchShortcut(press({ key: '/', ctrlKey: true }))).toBeNull();
    expect(readSearchShortcut(press({ key: 'Enter', ctrlKey: true }))).toBeNull();
  });
});

describe('loadOnce', () => {
  it('loads on the first call only and shares the result', async () => {
    const load = vi.fn(() => Promise.resolve());
    const ensure = loadOnce(load);
    const first = ensure();
    expect(ensure()).toBe(first);
    await first;
    await ensure();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('tries again after a failed load', async () => {
    const load = vi
      .fn<() => Promise<void>>()
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValueOnce(undefined);
    const ensure = loadOnce(load);
    await expect(ensure()).rejects.toThrow('offline');
    await expect(ensure()).resolves.toBeUndefined();
    expect(load).toHaveBeenCalledTimes(2);
  });
});
