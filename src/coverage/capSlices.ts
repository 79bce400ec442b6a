import { bandOf, lngKeyOf, type CellBands } from './buildCellIndex.js';

/**
 * Ints per slice: `(band, from, to, innerFrom, innerTo)`; see {@link capSlices}.
 *
 * @example
 * for (let k = 0; k < slices.length; k += SLICE_FIELDS) scanBand(slices[k], slices[k + 1], slices[k + 2]);
 */
export const SLICE_FIELDS = 5;

const degreesPerRadian = 180 / Math.PI;
// Widening of the search cap's band windows. Pairs inside are decided by their exact minutes, so
// a margin only costs a few extra exact tests; it absorbs the rounding of sin/asin near the rim.
const boxMarginDegrees = 1e-7;
// Margins of the inner runs: band edges widened, the half-width narrowed.
const innerEdgeMarginDegrees = 1e-9;
const innerWidthMarginDegrees = 1e-5;

/**
 * The band slices holding every cell of the spherical cap of `capRadians` around a point, in
 * band order (south to north), each slice west to east: `(band, from, to, innerFrom, innerTo)`,
 * where `[innerFrom, innerTo)` is the run of the slice that lies inside the smaller **sure** cap
 * (half-chord `sureHalfChord` = sin(θ/2); -1: none) for certain, so that counting needs no
 * chord there.
 *
 * Per band, the cap's longitude half-width is largest at the latitude where a meridian touches
 * the cap, φ* = asin(sin φ₀ / cos θ), and falls off on both sides; so the band's window is the
 * half-width at the band latitude nearest φ*, from the haversine relation
 * sin²(Δλ/2) = (sin²(θ/2) − sin²((φ − φ₀)/2)) / (cos φ₀ cos φ), which stays accurate where Δλ is
 * small. A cap that holds a pole spans every longitude; a window over ±180° is split in two.
 *
 * The inner run: the cap's half-width is unimodal in latitude and the distance to a point is
 * monotone in |Δλ| along a parallel and unimodal along a meridian, so the farthest point of a
 * latitude × longitude box is a corner. Cells of the band with longitudes within the smaller of
 * the sure cap's half-widths at the band's two edge latitudes (edges widened by 1e-9°, the
 * half-width shrunk by 1e-5°, about a metre, against rounding; keys rounded inwards) are
 * therefore inside the sure cap, with chords far from its limit compared with float64
 * rounding. Split windows, caps holding a pole and caps without a sure zone get no inner run.
 *
 * @example
 * const slices = capSlices(cellIndex.bands, 41.8, 123.4, 300 / earthRadiusKm, Math.sin(250 / earthRadiusKm / 2));
 * slices.length / SLICE_FIELDS; // bands the 300 km cap reaches (and a second window where it crosses ±180°)
 */
export function capSlices(bands: CellBands, latDeg: number, lngDeg: number, capRadians: number, sureHalfChord: number): Int32Array {
  const slices: number[] = [];
  const { bandStarts, lngKey } = bands;
  const capDegrees = capRadians * degreesPerRadian + boxMarginDegrees;
  const minLat = Math.max(latDeg - capDegrees, -90);
  const maxLat = Math.min(latDeg + capDegrees, 90);
  const firstBand = bandOf(bands, minLat);
  const lastBand = bandOf(bands, maxLat);
  const phi0 = latDeg / degreesPerRadian;
  const cosPhi0 = Math.cos(phi0);
  const sinCap = Math.sin(capRadians);
  const aroundPole = latDeg + capDegrees >= 90 || latDeg - capDegrees <= -90 || capRadians >= Math.PI / 2 || sinCap >= cosPhi0;
  const sinHalfCap = Math.sin(capRadians / 2);
  const widestLat = aroundPole ? 0 : Math.asin(Math.sin(phi0) / Math.cos(capRadians)) * degreesPerRadian;
  const addWindow = (band: number, start: number, end: number, westDeg: number, eastDeg: number, innerHalfWidthDeg = -1) => {
    const from = lowerBound(lngKey, start, end, lngKeyOf(bands, westDeg));
    const to = lowerBound(lngKey, from, end, lngKeyOf(bands, eastDeg) + 1);
    if (to <= from) return;
    let innerFrom = from;
    let innerTo = from;
    if (innerHalfWidthDeg > 0 && lngDeg - innerHalfWidthDeg > -180 && lngDeg + innerHalfWidthDeg < 180) {
      // Keys whose whole key interval [k, k + 1) / scale lies inside the inner window.
      const lowKey = Math.ceil((lngDeg - innerHalfWidthDeg + 180) * bands.lngKeyScale);
      const highKey = Math.floor((lngDeg + innerHalfWidthDeg + 180) * bands.lngKeyScale) - 1;
      if (highKey >= lowKey) {
        innerFrom = lowerBound(lngKey, from, to, lowKey);
        innerTo = Math.max(innerFrom, lowerBound(lngKey, innerFrom, to, highKey + 1));
      }
    }
    slices.push(band, from, to, innerFrom, innerTo);
  };
  // sin²(Δλ/2) of the cap of half-chord `sinHalfChord` on the parallel `phi` (radians), by the
  // haversine relation above: the cap spans the whole parallel at ≥ 1 and misses it at ≤ 0.
  const shareAt = (sinHalfChord: number, phi: number) => {
    const sinHalfDLat = Math.sin((phi - phi0) / 2);
    return (sinHalfChord * sinHalfChord - sinHalfDLat * sinHalfDLat) / (cosPhi0 * Math.cos(phi));
  };
  const halfWidthOf = (share: number) => 2 * Math.asin(Math.sqrt(share)) * degreesPerRadian;
  // The sure cap's half-width at a latitude, degrees (-1 when the parallel misses the cap).
  const sureHalfWidthAt = (latitudeDeg: number) => {
    const share = shareAt(sureHalfChord, latitudeDeg / degreesPerRadian);
    return share <= 0 || share >= 1 ? -1 : halfWidthOf(share);
  };
  for (let b = firstBand; b <= lastBand; b++) {
    const start = bandStarts[b];
    const end = bandStarts[b + 1];
    if (end === start) continue;
    let halfWidth = 180;
    if (!aroundPole) {
      const south = Math.max(b * bands.bandHeightDeg - 90, minLat);
      const north = Math.min((b + 1) * bands.bandHeightDeg - 90, maxLat);
      const lat = widestLat < south ? south : widestLat > north ? north : widestLat;
      const share = shareAt(sinHalfCap, lat / degreesPerRadian);
      halfWidth = share >= 1 ? 180 : share <= 0 ? 0 : halfWidthOf(share);
      halfWidth += boxMarginDegrees;
    }
    // Near 180° the two halves of a split window would nearly meet: take the whole band.
    if (halfWidth >= 179.999) {
      slices.push(b, start, end, start, start);
      continue;
    }
    const west = lngDeg - halfWidth;
    const east = lngDeg + halfWidth;
    if (west < -180) {
      addWindow(b, start, end, -180, east);
      addWindow(b, start, end, west + 360, 180);
    } else if (east > 180) {
      addWindow(b, start, end, -180, east - 360);
      addWindow(b, start, end, west, 180);
    } else {
      let inner = -1;
      if (!aroundPole && sureHalfChord > 0) {
        const south = sureHalfWidthAt(b * bands.bandHeightDeg - 90 - innerEdgeMarginDegrees);
        const north = sureHalfWidthAt((b + 1) * bands.bandHeightDeg - 90 + innerEdgeMarginDegrees);
        if (south > 0 && north > 0) inner = Math.min(south, north) - innerWidthMarginDegrees;
      }
      addWindow(b, start, end, west, east, inner);
    }
  }
  return Int32Array.from(slices);
}

/** First position in `[from, to)` whose key is ≥ `key` (`to` when none). */
function lowerBound(keys: Uint32Array, from: number, to: number, key: number): number {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (keys[middle] < key) low = middle + 1;
    else high = middle;
  }
  return low;
}
