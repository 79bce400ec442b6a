import { cellKeys, type CellKeys } from './cellKeys.js';

/**
 * The cells of one resolution a grid build has met, by key ({@link CellKeys}), each with its
 * centre and area computed at most once: the extent, every hazard and population polygon and
 * the finished grid ask for the same cells again and again (shared prefecture borders, the
 * province outline, a cell's area for each feature that touches it), and h3-js takes about a
 * microsecond for a centre and several for an area. A slot's arrays may be replaced as the
 * table grows: read `lat[slot]` after the call that made the slot.
 *
 * @example
 * const table = createCellTable(7);
 * const slot = table.withCentre(table.keys.fromH3('872a1072bffffff'));
 * table.lat[slot]; table.lng[slot]; table.areaKm2(slot);
 */
export interface CellTable {
  keys: CellKeys;
  /** Slots in use. */
  size: number;
  key: Float64Array<ArrayBuffer>;
  lat: Float64Array<ArrayBuffer>;
  lng: Float64Array<ArrayBuffer>;
  /** The slot of a key, or -1 when the table has not met it. */
  find(key: number): number;
  /** The slot of a key, made if new (centre and area not computed yet). */
  add(key: number): number;
  /** The slot of a key with its centre computed. */
  withCentre(key: number): number;
  /** The cell's area (km², h3-js `cellArea`), computed once. */
  areaKm2(slot: number): number;
  /**
   * The slot of a key, with its centre and area as another table computed them (a worker's,
   * see `GridPolygonCells`): they are h3-js's values for the key, so a table that already has
   * them keeps its own, which are the same.
   */
  put(key: number, lat: number, lng: number, areaKm2: number): number;
}

/**
 * An empty {@link CellTable} for cells of `resolution`.
 *
 * @example
 * const table = createCellTable(7);
 */
export function createCellTable(resolution: number): CellTable {
  const keys = cellKeys(resolution);
  // Open addressing on the key's hash, linear probing: bucket b holds slot + 1 (0: empty). Kept
  // at most half full; a Map took a tenth of the grid build in its hashing of number keys.
  let bucketBits = 11;
  let buckets = new Int32Array(1 << bucketBits);
  const bucketOf = (key: number): number => {
    const low = key >>> 0;
    const high = Math.floor(key / 4_294_967_296);
    return Math.imul(low ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1) >>> (32 - bucketBits);
  };
  const find = (key: number): number => {
    const mask = buckets.length - 1;
    for (let b = bucketOf(key); ; b = (b + 1) & mask) {
      const entry = buckets[b];
      if (entry === 0) return -1;
      if (table.key[entry - 1] === key) return entry - 1;
    }
  };
  const rehash = (): void => {
    bucketBits++;
    buckets = new Int32Array(1 << bucketBits);
    const mask = buckets.length - 1;
    for (let slot = 0; slot < table.size; slot++) {
      let b = bucketOf(table.key[slot]);
      while (buckets[b] !== 0) b = (b + 1) & mask;
      buckets[b] = slot + 1;
    }
  };
  let capacity = 1024;
  let area = new Float64Array(capacity).fill(Number.NaN);
  const table: CellTable = {
    keys,
    size: 0,
    key: new Float64Array(capacity),
    lat: new Float64Array(capacity).fill(Number.NaN),
    lng: new Float64Array(capacity),
    find,
    add(key: number): number {
      const mask = buckets.length - 1;
      let b = bucketOf(key);
      for (; buckets[b] !== 0; b = (b + 1) & mask) if (table.key[buckets[b] - 1] === key) return buckets[b] - 1;
      const slot = table.size++;
      if (slot === capacity) {
        capacity *= 2;
        table.key = grown(table.key, capacity, 0);
        table.lat = grown(table.lat, capacity, Number.NaN);
        table.lng = grown(table.lng, capacity, 0);
        area = grown(area, capacity, Number.NaN);
      }
      table.key[slot] = key;
      buckets[b] = slot + 1;
      if (2 * table.size > buckets.length) rehash();
      return slot;
    },
    withCentre(key: number): number {
      const slot = table.add(key);
      if (Number.isNaN(table.lat[slot])) {
        const [lat, lng] = keys.centre(key);
        table.lat[slot] = lat;
        table.lng[slot] = lng;
      }
      return slot;
    },
    areaKm2(slot: number): number {
      let value = area[slot];
      if (Number.isNaN(value)) area[slot] = value = keys.areaKm2(table.key[slot]);
      return value;
    },
    put(key: number, lat: number, lng: number, areaKm2: number): number {
      const slot = table.add(key);
      if (Number.isNaN(table.lat[slot])) {
        table.lat[slot] = lat;
        table.lng[slot] = lng;
      }
      if (Number.isNaN(area[slot])) area[slot] = areaKm2;
      return slot;
    },
  };
  return table;
}

function grown(array: Float64Array<ArrayBuffer>, capacity: number, fill: number): Float64Array<ArrayBuffer> {
  const next = new Float64Array(capacity);
  next.set(array);
  if (fill !== 0) next.fill(fill, array.length);
  return next;
}
