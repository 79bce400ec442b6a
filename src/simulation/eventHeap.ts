/**
 * A binary min-heap of event ids keyed by time, for the incident simulation: each id (an
 * aircraft, a weather zone, the day/night clock, the next arrival) has at most one pending
 * event, so the heap holds ids in an `Int32Array` and their times in a `Float64Array` indexed
 * by id. Equal times come out lowest id first, which makes the simulation's order of events
 * (and so its output) a function of the seed alone.
 *
 * @example
 * const heap = new EventHeap(4);
 * heap.push(2, 10); heap.push(0, 10); heap.push(3, 5);
 * heap.pop(); // -> 3 (time 5), then 0 and 2 (time 10, lowest id first)
 */
export class EventHeap {
  private readonly ids: Int32Array;
  private readonly times: Float64Array;
  private readonly position: Int32Array;
  private length = 0;

  /** A heap for ids 0…capacity−1. */
  constructor(capacity: number) {
    this.ids = new Int32Array(capacity);
    this.times = new Float64Array(capacity);
    this.position = new Int32Array(capacity).fill(-1);
  }

  /** Number of pending events. */
  get size(): number {
    return this.length;
  }

  /** Time of the earliest pending event (`Infinity` when none). */
  peekTime(): number {
    return this.length === 0 ? Infinity : this.times[this.ids[0]];
  }

  /** Schedules `id` at `time`, replacing its pending event if it has one. */
  push(id: number, time: number): void {
    const at = this.position[id];
    this.times[id] = time;
    if (at >= 0) {
      this.up(at);
      this.down(this.position[id]);
      return;
    }
    const index = this.length++;
    this.ids[index] = id;
    this.position[id] = index;
    this.up(index);
  }

  /** Removes and returns the id of the earliest event (ties: lowest id); −1 when empty. */
  pop(): number {
    if (this.length === 0) return -1;
    const top = this.ids[0];
    const last = this.ids[--this.length];
    this.position[top] = -1;
    if (this.length > 0) {
      this.ids[0] = last;
      this.position[last] = 0;
      this.down(0);
    }
    return top;
  }

  /** The time `id` is (or was last) scheduled at. */
  timeOf(id: number): number {
    return this.times[id];
  }

  private before(a: number, b: number): boolean {
    const ta = this.times[a];
    const tb = this.times[b];
    return ta < tb || (ta === tb && a < b);
  }

  private up(index: number): void {
    const { ids, position } = this;
    const id = ids[index];
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const other = ids[parent];
      if (!this.before(id, other)) break;
      ids[index] = other;
      position[other] = index;
      index = parent;
    }
    ids[index] = id;
    position[id] = index;
  }

  private down(index: number): void {
    const { ids, position } = this;
    const id = ids[index];
    const n = this.length;
    while (true) {
      const left = 2 * index + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && this.before(ids[right], ids[left]) ? right : left;
      if (!this.before(ids[child], id)) break;
      ids[index] = ids[child];
      position[ids[child]] = index;
      index = child;
    }
    ids[index] = id;
    position[id] = index;
  }
}
