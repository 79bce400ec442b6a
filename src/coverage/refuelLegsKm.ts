import type { RefuelPoint } from '../travel/aircraft.js';
import { unitChordKm, unitVector } from '../travel/greatCircleKm.js';
import { derivedFromIndex, type CellIndex, type DerivedKey } from './buildCellIndex.js';

// The legs of the last refuelling points asked for, kept on the index: the count and every fill
// shard of a parallel build (16 at 2 threads), and a day and a night build, ask for the same
// ones, and with 10 points one ask took 86 ms at resolution 8. Read only, so shared safely.
const LAST_REFUEL_LEGS: DerivedKey<{ key: string; legsKm: Float64Array }> = { name: 'last refuelling legs' };

/**
 * Distance, km, from each cell of the index (band order) to its nearest refuelling point; an
 * empty array when there are none. The legs of the last points asked for are kept with the
 * index, so the passes and shards of a build compute them once.
 *
 * @example
 * const legsKm = refuelLegsKm(cellIndex, [{ id: 'F1', latDeg: 41.6, lngDeg: 123.5 }]);
 * legsKm[0]; // km from the first cell in band order to F1
 */
export function refuelLegsKm(cellIndex: CellIndex, refuelPoints: readonly RefuelPoint[]): Float64Array {
  if (refuelPoints.length === 0) return new Float64Array(0);
  // Shortest round-trip decimals: equal keys are equal coordinates.
  const key = refuelPoints.map((point) => `${point.latDeg},${point.lngDeg}`).join(';');
  const last = derivedFromIndex(cellIndex, LAST_REFUEL_LEGS, () => ({ key: '', legsKm: new Float64Array(0) }));
  if (last.key === key) return last.legsKm;
  const unit = cellIndex.bands.unitXyz;
  const legs = new Float64Array(unit.length / 3).fill(Infinity);
  // Refuelling points are few (airfields, depots): a plain scan per point is cheaper than an index.
  for (const point of refuelPoints) {
    const [px, py, pz] = unitVector(point.latDeg, point.lngDeg);
    for (let i = 0; i < legs.length; i++) {
      const km = unitChordKm(px, py, pz, unit[3 * i], unit[3 * i + 1], unit[3 * i + 2]);
      if (km < legs[i]) legs[i] = km;
    }
  }
  last.key = key;
  last.legsKm = legs;
  return legs;
}
