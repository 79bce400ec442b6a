/**
 * Groups lists of whole numbers (0 … 2³² − 1) that are equal, element by element, in the order they are first seen:
 * the first list added is group 0, the next list unlike it group 1, and so on. Lists are found
 * by a hash and confirmed by an exact compare with the group's first list (kept in one growing
 * buffer), so a collision never merges two different lists and the groups never depend on the
 * hash. It is the one place where the solvers merge rows or columns with equal cover sets
 * (reduceCovering's equal rows and twin sites, the restricted node LP's rows, the planning
 * models' demand rows by region and standards, `groupDemandRows`): each writes its list, filtered and mapped as it needs, and adds it.
 *
 * @example
 * const groups = new EqualListGroups();
 * groups.add(Uint32Array.of(1, 4, 7), 0, 3); // -> 0
 * groups.add(Uint32Array.of(2), 0, 1);       // -> 1
 * groups.add(Uint32Array.of(0, 1, 4, 7), 1, 4); // -> 0 (the same list as the first)
 * groups.count; // -> 2
 */
export class EqualListGroups {
  /** Groups so far. */
  count = 0;
  private readonly buckets = new Map<number, number | number[]>();
  private offsets = new Uint32Array(64);
  private items = new Uint32Array(256);

  /**
   * The group of `list[start … end − 1]`: an existing group whose list is equal, or a new one
   * (numbered `count` before the call).
   */
  add(list: ArrayLike<number>, start: number, end: number): number {
    let hash = 0x811c9dc5 ^ (end - start);
    for (let k = start; k < end; k++) hash = Math.imul(hash ^ list[k], 0x01000193);
    const held = this.buckets.get(hash);
    if (held !== undefined) {
      if (typeof held === 'number') {
        if (this.equals(held, list, start, end)) return held;
      } else {
        for (const group of held) if (this.equals(group, list, start, end)) return group;
      }
    }
    const group = this.count++;
    this.store(list, start, end);
    if (held === undefined) this.buckets.set(hash, group);
    else if (typeof held === 'number') this.buckets.set(hash, [held, group]);
    else held.push(group);
    return group;
  }

  /** Length of group `group`'s list. */
  size(group: number): number {
    return this.offsets[group + 1] - this.offsets[group];
  }

  private equals(group: number, list: ArrayLike<number>, start: number, end: number): boolean {
    const from = this.offsets[group];
    if (this.offsets[group + 1] - from !== end - start) return false;
    const items = this.items;
    for (let k = 0; k < end - start; k++) if (items[from + k] !== list[start + k]) return false;
    return true;
  }

  private store(list: ArrayLike<number>, start: number, end: number): void {
    const group = this.count - 1;
    if (group + 2 > this.offsets.length) {
      const grown = new Uint32Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    const at = this.offsets[group];
    const needed = at + end - start;
    if (needed > this.items.length) {
      const grown = new Uint32Array(Math.max(needed, this.items.length * 2));
      grown.set(this.items.subarray(0, at));
      this.items = grown;
    }
    for (let k = start; k < end; k++) this.items[at + k - start] = list[k];
    this.offsets[group + 1] = needed;
  }
}
