import { earthRadiusKm } from '../units.js';
import { asinSmall } from './asinSmall.js';
import { derivedFromIndex, type CellIndex, type DerivedKey } from './buildCellIndex.js';
import type { FillKernel } from './fillKernelFor.js';
import type { SitePlan } from './sitePlanTable.js';

// The hot loops of a coverage build: counting and filling band slices for one site.

/**
 * Margin of the polynomial path, relative to `maxMinutes` (minutes) or to the usable range
 * (km): 2⁻⁴⁰ ≈ 9.1e-13. The polynomial minutes are within 4e-15 relative of the reference (see
 * `asinSmall`), so within this margin of a float32 rounding boundary or a limit the reference
 * arithmetic decides; that happens to about 1 pair in 30,000 at 60 minutes.
 *
 * @example
 * const minutesEpsilon = maxMinutes * FAST_MARGIN_RELATIVE;
 */
export const FAST_MARGIN_RELATIVE = 2 ** -40;

/**
 * What the scan kernels read besides a site's plan: the index's unit vectors and cell ids, the
 * refuelling legs, the standard and the fast path's margin, scratch for the pairs to recompute,
 * and the fill's helpers (WebAssembly kernel, the other alignment of the ids).
 *
 * @example
 * const scan: ScanContext = { unit: bands.unitXyz, ids: bands.ids, refuelLegKm: new Float64Array(0), maxMinutes: 60, minutesEpsilon: 60 * FAST_MARGIN_RELATIVE, fixAt, fixPosition, kernel: null, idsOneOn: null };
 */
export interface ScanContext {
  unit: Float64Array;
  ids: Uint32Array;
  /** Distance, km, from each cell (band order) to its nearest refuelling point; empty without them. */
  refuelLegKm: Float64Array;
  maxMinutes: number;
  minutesEpsilon: number;
  /** Scratch of `fillRange`: output index and band position of pairs to recompute (at most one slice). */
  fixAt: Int32Array;
  fixPosition: Int32Array;
  /** The WebAssembly kernel of the inner runs, or null to fill them in JavaScript. */
  kernel: FillKernel | null;
  /**
   * `ids` one element on (`idsOneOn[i + 1] = ids[i]`) when the fill writes into shared memory,
   * else null: the source of a run's cell copy whose address matches the target's modulo 8
   * (see `idsOneOnFor`).
   */
  idsOneOn: Uint32Array | null;
}

/**
 * How many cells of band positions `[from, to)` the site covers: the decisions of
 * {@link fillRange}, without the minutes of sure pairs.
 *
 * @example
 * rowLength += countRange(plan, scan, from, innerFrom) + (innerTo - innerFrom) + countRange(plan, scan, innerTo, to);
 */
export function countRange(plan: SitePlan, scan: ScanContext, from: number, to: number): number {
  const { unit, maxMinutes } = scan;
  const { sx, sy, sz, sureChordSquared, searchChordSquared } = plan;
  let count = 0;
  for (let i = from; i < to; i++) {
    const dx = sx - unit[3 * i];
    const dy = sy - unit[3 * i + 1];
    const dz = sz - unit[3 * i + 2];
    const chordSquared = dx * dx + dy * dy + dz * dz;
    if (chordSquared <= sureChordSquared) count++;
    else if (chordSquared <= searchChordSquared && referenceMinutes(plan, scan, chordSquared, i) <= maxMinutes) count++;
  }
  return count;
}

/**
 * Writes the covered cells of band positions `[from, to)` with their minutes from index 0 on;
 * returns how many. With a dominant type, the inner run `[innerFrom, innerTo)` (inside the sure
 * cap: see `capSlices`) takes a loop without the chord tests.
 *
 * @example
 * cursor += fillRange(plan, scan, from, to, innerFrom, innerTo, cells.subarray(cursor), minutes.subarray(cursor));
 */
export function fillRange(
  plan: SitePlan,
  scan: ScanContext,
  from: number,
  to: number,
  innerFrom: number,
  innerTo: number,
  outCells: Uint32Array,
  outMinutes: Float32Array,
): number {
  if (plan.dominant < 0 || innerTo <= innerFrom) return fillSlice(plan, scan, from, to, outCells, outMinutes, 0);
  const left = fillSlice(plan, scan, from, innerFrom, outCells, outMinutes, 0);
  const middle = fillInner(plan, scan, innerFrom, innerTo, outCells, outMinutes, left);
  return fillSlice(plan, scan, innerTo, to, outCells, outMinutes, middle);
}

/**
 * The inner run of a slice, every cell covered, the dominant type's minutes: the arithmetic of
 * {@link fillSlice}'s sure branch without its tests. Writes from `start` on; returns the end.
 */
function fillInner(plan: SitePlan, scan: ScanContext, from: number, to: number, outCells: Uint32Array, outMinutes: Float32Array, start: number): number {
  const { unit, ids, idsOneOn, minutesEpsilon, fixAt, fixPosition, kernel } = scan;
  const { sx, sy, sz, dominant } = plan;
  const baseMinutes = plan.activation[dominant] + plan.fixedMinutes[dominant];
  const minutesPerChord = (earthRadiusKm * 60) / plan.speedKmh[dominant];
  let fixes = 0;
  // Every cell of the run is covered, in band order: its cells are one block copy (clipped to
  // the row's view, like the element writes, so that a row counted too short reaches the
  // E_MATRIX check of `fillRows` instead of a RangeError).
  const room = Math.max(0, outCells.length - start);
  const at = Math.min(start, outCells.length);
  const copied = Math.min(to - from, room);
  // Into shared memory, from whichever copy of the ids lies at the target's address modulo 8.
  const sameAlignment = idsOneOn === null || ((outCells.byteOffset + 4 * at - ids.byteOffset - 4 * from) & 7) === 0;
  outCells.set(sameAlignment ? ids.subarray(from, from + copied) : idsOneOn.subarray(from + 1, from + 1 + copied), at);
  let i = from;
  if (kernel !== null) {
    // Minutes start at the target's address modulo 8 (kernel.minutes starts at a multiple of 8).
    const outFirst = idsOneOn !== null && ((outMinutes.byteOffset + 4 * at) & 7) !== 0 ? 1 : 0;
    // Pairs of cells in the kernel's lanes, bit-identical to the loop below (fillKernel.wat).
    const kernelFixes = kernel.fillPairs(from, to, sx, sy, sz, baseMinutes, minutesPerChord, minutesEpsilon, outFirst);
    i = to - ((to - from) & 1);
    outMinutes.set(kernel.minutes.subarray(outFirst, outFirst + Math.min(i - from, room)), at);
    for (let k = 0; k < kernelFixes; k++) {
      fixAt[fixes] = start + kernel.fixes[k];
      fixPosition[fixes] = from + kernel.fixes[k];
      fixes++;
    }
  }
  for (let at = start + i - from; i < to; i++, at++) {
    const dx = sx - unit[3 * i];
    const dy = sy - unit[3 * i + 1];
    const dz = sz - unit[3 * i + 2];
    const chordSquared = dx * dx + dy * dy + dz * dz;
    const minutes = baseMinutes + Math.sqrt(chordSquared) * asinSmall(chordSquared * 0.25) * minutesPerChord;
    const low = Math.fround(minutes - minutesEpsilon);
    outMinutes[at] = low;
    if (low !== Math.fround(minutes + minutesEpsilon)) {
      fixAt[fixes] = at;
      fixPosition[fixes] = i;
      fixes++;
    }
  }
  fixMinutes(plan, scan, fixes, outMinutes);
  return start + to - from;
}

/** Recomputes by the reference arithmetic the minutes of the pairs noted in `scan.fixAt`/`fixPosition`. */
function fixMinutes(plan: SitePlan, scan: ScanContext, fixes: number, outMinutes: Float32Array): void {
  const { unit, fixAt, fixPosition } = scan;
  const { sx, sy, sz } = plan;
  for (let k = 0; k < fixes; k++) {
    const i = fixPosition[k];
    const dx = sx - unit[3 * i];
    const dy = sy - unit[3 * i + 1];
    const dz = sz - unit[3 * i + 2];
    outMinutes[fixAt[k]] = referenceMinutes(plan, scan, dx * dx + dy * dy + dz * dz, i);
  }
}

/** The general scan of band positions `[from, to)`: writes from `start` on; returns the end. */
function fillSlice(plan: SitePlan, scan: ScanContext, from: number, to: number, outCells: Uint32Array, outMinutes: Float32Array, start: number): number {
  let at = start;
  const { unit, ids, maxMinutes, minutesEpsilon, fixAt, fixPosition } = scan;
  const { sx, sy, sz, sureChordSquared, searchChordSquared, dominant } = plan;
  // The dominant type's minutes as `base + chord · asinSmall(chord²/4) · minutesPerChord`: no
  // division. All terms are positive, so the dozen roundings here and in the reference each
  // add at most 2⁻⁵³ of the minutes: with the asin difference, < 4e-15 relative, far inside
  // the margin `minutesEpsilon` that sends a pair to the reference arithmetic.
  const baseMinutes = dominant >= 0 ? plan.activation[dominant] + plan.fixedMinutes[dominant] : 0;
  const minutesPerChord = dominant >= 0 ? (earthRadiusKm * 60) / plan.speedKmh[dominant] : 0;
  // Pairs of the fast path that need the reference minutes are noted and fixed after the loop:
  // a call on that rare branch inside the loop made V8 box a float per pair.
  let fixes = 0;
  for (let i = from; i < to; i++) {
    const dx = sx - unit[3 * i];
    const dy = sy - unit[3 * i + 1];
    const dz = sz - unit[3 * i + 2];
    const chordSquared = dx * dx + dy * dy + dz * dz;
    if (chordSquared > sureChordSquared) {
      if (chordSquared <= searchChordSquared) {
        const minutes = referenceMinutes(plan, scan, chordSquared, i);
        if (minutes <= maxMinutes) {
          outCells[at] = ids[i];
          outMinutes[at] = minutes;
          at++;
        }
      }
      continue;
    }
    // 2R·asin(c/2) = R · c · asinSmall(c²/4).
    const chordAsin = Math.sqrt(chordSquared) * asinSmall(chordSquared * 0.25);
    outCells[at] = ids[i];
    let exact: boolean;
    if (dominant >= 0) {
      const minutes = baseMinutes + chordAsin * minutesPerChord;
      const low = Math.fround(minutes - minutesEpsilon);
      outMinutes[at] = low;
      exact = low === Math.fround(minutes + minutesEpsilon);
    } else {
      exact = writeFastestMinutes(plan, minutesEpsilon, earthRadiusKm * chordAsin, outMinutes, at);
    }
    if (!exact) {
      fixAt[fixes] = at;
      fixPosition[fixes] = i;
      fixes++;
    }
    at++;
  }
  fixMinutes(plan, scan, fixes, outMinutes);
  return at;
}

/**
 * The fastest minutes over several types at a sure distance from the polynomial (no refuelling
 * points: a type is allowed iff `2d ≤ usable range`), written to `outMinutes[at]`. Returns
 * false, for the reference arithmetic to decide, when the distance is within the margin of a
 * type's range limit or the minutes within the margin of a float32 rounding boundary.
 */
function writeFastestMinutes(plan: SitePlan, minutesEpsilon: number, distanceKm: number, outMinutes: Float32Array, at: number): boolean {
  const { activation, speedKmh, fixedMinutes, usableKm } = plan;
  let best = Infinity;
  for (let t = 0; t < activation.length; t++) {
    const slackKm = usableKm[t] - (distanceKm + distanceKm);
    if (Math.abs(slackKm) <= usableKm[t] * FAST_MARGIN_RELATIVE) return false;
    if (slackKm < 0) continue;
    const minutes = activation[t] + (distanceKm / speedKmh[t]) * 60 + fixedMinutes[t];
    if (minutes < best) best = minutes;
  }
  const low = Math.fround(best - minutesEpsilon);
  outMinutes[at] = low;
  return low === Math.fround(best + minutesEpsilon);
}

/**
 * The reference minutes of a pair (Infinity when no type may fly it): the distance exactly as
 * `unitChordKm`, the range rule exactly as `isWithinRange`, the minutes exactly as
 * `responseMinutes`, minimum over the types that fly.
 */
function referenceMinutes(plan: SitePlan, scan: ScanContext, chordSquared: number, i: number): number {
  const halfChord = Math.sqrt(chordSquared) / 2;
  const distanceKm = 2 * earthRadiusKm * Math.asin(halfChord < 1 ? halfChord : 1);
  const legKm = scan.refuelLegKm.length > 0 ? Math.min(distanceKm, scan.refuelLegKm[i]) : distanceKm;
  const { activation, speedKmh, fixedMinutes, usableKm } = plan;
  let best = Infinity;
  for (let t = 0; t < activation.length; t++) {
    if (distanceKm + legKm > usableKm[t]) continue;
    const minutes = activation[t] + (distanceKm / speedKmh[t]) * 60 + fixedMinutes[t];
    if (minutes < best) best = minutes;
  }
  return best;
}

// V8 copies a typed array into or out of a SharedArrayBuffer with relaxed atomic stores: word
// by word when source and target addresses agree modulo 8, byte by byte otherwise. Measured
// here on 3,000-cell runs: 20–30 ms against 63–131 ms per 170 MB, and in the Liaoning res-8
// fill, 330 ms into a private matrix against 435 ms into a shared one. Buffers start at
// multiples of 8 (allocator and page alignment), so byte offsets decide the alignment.
const IDS_ONE_ON: DerivedKey<Uint32Array> = { name: 'ids one on' };

/**
 * The index's `ids` shifted one element on (kept with the index): the other alignment of the
 * same runs, for fills into shared memory ({@link ScanContext}'s `idsOneOn`).
 *
 * @example
 * const scan = { ...scanBase, idsOneOn: isSharedArrayBuffer(matrix.data) ? idsOneOnFor(cellIndex) : null };
 */
export function idsOneOnFor(cellIndex: CellIndex): Uint32Array {
  return derivedFromIndex(cellIndex, IDS_ONE_ON, () => {
    const { ids } = cellIndex.bands;
    const oneOn = new Uint32Array(ids.length + 1);
    oneOn.set(ids, 1);
    return oneOn;
  });
}
