import { describe, expect, it } from 'vitest';
import { EventHeap } from '../../src/simulation/eventHeap.js';
import { createRandom } from '../../src/random.js';

describe('EventHeap', () => {
  it('pops events in time order, equal times lowest id first, against a sorted list (random pushes and reschedules)', () => {
    const random = createRandom(5);
    for (let round = 0; round < 20; round++) {
      const capacity = 50;
      const heap = new EventHeap(capacity);
      const pending = new Map<number, number>();
      for (let step = 0; step < 200; step++) {
        if (random.float() < 0.6 || pending.size === 0) {
          const id = random.int(0, capacity - 1);
          const time = random.int(0, 20); // few distinct times: many ties
          heap.push(id, time);
          pending.set(id, time);
        } else {
          const expected = [...pending.entries()].sort((a, b) => a[1] - b[1] || a[0] - b[0])[0];
          expect(heap.peekTime()).toBe(expected[1]);
          expect(heap.pop()).toBe(expected[0]);
          pending.delete(expected[0]);
        }
        expect(heap.size).toBe(pending.size);
      }
    }
  });

  it('is empty with no events', () => {
    const heap = new EventHeap(3);
    expect(heap.pop()).toBe(-1);
    expect(heap.peekTime()).toBe(Infinity);
  });
});
