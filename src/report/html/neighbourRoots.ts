import KDBush from 'kdbush';
import { resolveOptions } from '../../resolveOptions.js';

/** Options of {@link neighbourRoots}. */
export interface NeighbourRootsOptions {
  /** `buckets` (square buckets of side `radius`, when they make a table of reasonable size), `kdtree`, or `auto`: buckets when they can. */
  method?: 'auto' | 'buckets' | 'kdtree';
}

/** Defaults of {@link neighbourRoots}. */
export const DEFAULT_NEIGHBOUR_ROOTS_OPTIONS: Readonly<Required<NeighbourRootsOptions>> = Object.freeze({ method: 'auto' });

/**
 * The connected components of points linked when within `radius` of each other (the test
 * kdbush's `within` makes: squared distance ≤ radius², in float64): for each point, the lowest
 * index of its component. Found through square buckets of side `radius` (a point's neighbours
 * lie in its bucket and the eight around it; each pair of adjacent buckets is compared once, the
 * points in bucket order), or a kd-tree when the points spread over too many buckets for a dense
 * table. Both give the same components: the same pairs are linked.
 *
 * @example
 * neighbourRoots(Float64Array.of(0, 1, 5), Float64Array.of(0, 0, 0), 1.5); // Int32Array [0, 0, 2]
 */
export function neighbourRoots(xs: Float64Array, ys: Float64Array, radius: number, options: NeighbourRootsOptions = {}): Int32Array {
  const { method } = resolveOptions(DEFAULT_NEIGHBOUR_ROOTS_OPTIONS, options);
  const n = xs.length;
  // Union-find; the root is always the lowest index, so the result does not depend on the order pairs are found in.
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  if (method === 'kdtree' || !linkByBuckets(xs, ys, radius, parent)) {
    const index = new KDBush(n);
    for (let i = 0; i < n; i++) index.add(xs[i], ys[i]);
    index.finish();
    const found: number[] = [];
    for (let i = 0; i < n; i++) {
      const count = index.withinInto(xs[i], ys[i], radius, found);
      for (let k = 0; k < count; k++) join(parent, i, found[k]);
    }
  }
  for (let i = 0; i < n; i++) parent[i] = find(parent, i);
  return parent;
}

function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

function join(parent: Int32Array, i: number, j: number): void {
  const a = find(parent, i);
  const b = find(parent, j);
  if (a < b) parent[b] = a;
  else if (b < a) parent[a] = b;
}

/**
 * Joins in `parent` every pair of points within `radius` (see {@link neighbourRoots}) found
 * through square buckets of side `radius`, or returns false when the points spread over too many
 * buckets for a dense table. The points are laid out in bucket order once; each bucket is
 * compared with itself and the four buckets after it (up; right: down, level, up), so every
 * pair of adjacent buckets once, where each point looked through nine buckets and skipped half.
 */
function linkByBuckets(xs: Float64Array, ys: Float64Array, radius: number, parent: Int32Array): boolean {
  const n = xs.length;
  if (!(radius > 0) || !Number.isFinite(radius)) return false;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, xs[i]);
    maxX = Math.max(maxX, xs[i]);
    minY = Math.min(minY, ys[i]);
    maxY = Math.max(maxY, ys[i]);
  }
  const width = Math.floor((maxX - minX) / radius) + 1;
  const height = Math.floor((maxY - minY) / radius) + 1;
  if (!(width * height <= Math.max(4 * n, 1 << 20))) return false;
  const bucketOf = new Int32Array(n);
  const starts = new Int32Array(width * height + 1);
  for (let i = 0; i < n; i++) {
    const b = Math.min(width - 1, Math.floor((xs[i] - minX) / radius)) * height + Math.min(height - 1, Math.floor((ys[i] - minY) / radius));
    bucketOf[i] = b;
    starts[b + 1]++;
  }
  for (let b = 0; b < width * height; b++) starts[b + 1] += starts[b];
  // The points in bucket order (ascending index within a bucket), with their coordinates beside them.
  const point = new Int32Array(n);
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  const next = starts.slice(0, width * height);
  for (let i = 0; i < n; i++) {
    const at = next[bucketOf[i]]++;
    point[at] = i;
    px[at] = xs[i];
    py[at] = ys[i];
  }
  const r2 = radius * radius;
  for (let bx = 0; bx < width; bx++) {
    for (let by = 0; by < height; by++) {
      const b = bx * height + by;
      const start = starts[b];
      const end = starts[b + 1];
      if (start === end) continue;
      // Within the bucket.
      for (let k = start; k < end; k++) linkRange(px, py, point, parent, r2, k, k + 1, end);
      // Up, then the column to the right: down, level, up.
      if (by + 1 < height) linkBuckets(px, py, point, parent, r2, start, end, starts[b + 1], starts[b + 2]);
      if (bx + 1 < width) {
        const right = b + height;
        const low = by > 0 ? right - 1 : right;
        const high = by + 1 < height ? right + 1 : right;
        linkBuckets(px, py, point, parent, r2, start, end, starts[low], starts[high + 1]);
      }
    }
  }
  return true;
}

/** Links each point at `from`…`to` of the bucket order with the points at `otherFrom`…`otherTo` (consecutive buckets). */
function linkBuckets(px: Float64Array, py: Float64Array, point: Int32Array, parent: Int32Array, r2: number, from: number, to: number, otherFrom: number, otherTo: number): void {
  if (otherFrom === otherTo) return;
  for (let k = from; k < to; k++) linkRange(px, py, point, parent, r2, k, otherFrom, otherTo);
}

/** Links the point at `k` of the bucket order with those at `from`…`to` within √`r2`. */
function linkRange(px: Float64Array, py: Float64Array, point: Int32Array, parent: Int32Array, r2: number, k: number, from: number, to: number): void {
  const x = px[k];
  const y = py[k];
  for (let l = from; l < to; l++) {
    const dx = px[l] - x;
    const dy = py[l] - y;
    if (dx * dx + dy * dy <= r2) join(parent, point[k], point[l]);
  }
}
