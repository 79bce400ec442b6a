import { describe, expect, it } from 'vitest';
import { createPrioritySlots } from '../../src/engine/prioritySlots.js';

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('createPrioritySlots', () => {
  it('grants at most count slots at once, the next to the highest priority, ties to the first to ask', async () => {
    const slots = createPrioritySlots(2);
    const granted: string[] = [];
    const ask = (name: string, priority: number) => slots.acquire(priority, name).then(() => void granted.push(name));
    void ask('a', 0);
    void ask('b', 0);
    void ask('low', 1);
    void ask('high', 9);
    void ask('mid', 5);
    void ask('mid2', 5);
    void ask('low2', 1);
    await settle();
    expect(granted).toEqual(['a', 'b']);
    expect(slots.waiting).toBe(5);
    for (const expected of [['a', 'b', 'high'], ['a', 'b', 'high', 'mid'], ['a', 'b', 'high', 'mid', 'mid2'], ['a', 'b', 'high', 'mid', 'mid2', 'low'], ['a', 'b', 'high', 'mid', 'mid2', 'low', 'low2']]) {
      slots.release();
      await settle();
      expect(granted).toEqual(expected);
    }
    // Two slots still held: two releases free them, and the next caller gets one at once.
    slots.release();
    slots.release();
    void ask('later', -3);
    await settle();
    expect(granted.at(-1)).toBe('later');
    expect(slots.waiting).toBe(0);
  });

  it('rejects a waiter whose signal aborts (E_ABORTED, named) and skips it; an aborted signal is refused at once', async () => {
    const slots = createPrioritySlots(1);
    await slots.acquire(0, 'first');
    const controller = new AbortController();
    const cancelled = slots.acquire(10, 'question 4', controller.signal);
    const next = slots.acquire(1, 'question 5');
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'E_ABORTED', message: expect.stringMatching(/question 4 was cancelled/) });
    slots.release();
    await expect(next).resolves.toBeUndefined();
    const gone = new AbortController();
    gone.abort();
    await expect(slots.acquire(0, 'late', gone.signal)).rejects.toMatchObject({ code: 'E_ABORTED' });
  });
});
