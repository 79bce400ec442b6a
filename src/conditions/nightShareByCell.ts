import type { DemandGrid } from '../grid/demandGrid.js';
import { AirreachError } from '../errors.js';
import { checkCoordinate } from './daylightWindow.js';
import { nightSharesByLatitude, periodBoundsMs, resolveNightShareOptions, type NightShareOptions, type NightSharePeriod } from './nightShare.js';

/** Options of {@link nightShareByCell}. */
export interface NightShareByCellOptions extends NightShareOptions {
  /** Latitude step of the lattice the share is computed on, degrees. */
  latStepDeg?: number;
}

/** Defaults of {@link nightShareByCell}: a 0.25° latitude lattice, CRS window, every day. */
export const DEFAULT_NIGHT_SHARE_BY_CELL_OPTIONS: Readonly<Required<NightShareByCellOptions>> = Object.freeze({
  reference: 'sunrise',
  marginMinutes: 30,
  stepDays: 1,
  latStepDeg: 0.25,
});

/** Lattices kept (oldest dropped first), keyed by everything a lattice is computed from. */
const LATTICE_CACHE_ENTRIES = 16;
const latticeCache = new Map<string, Float64Array>();

/**
 * The night share ({@link nightShare}) of every grid cell over a period, cheaply: the share is
 * computed once per row of a latitude lattice (`latStepDeg`, at the grid's mean longitude) and
 * linearly interpolated to each cell's latitude.
 *
 * Why longitude can be dropped: over whole days, the night share depends on latitude and date
 * only; longitude shifts each solar day by at most a few hours, which changes a monthly share by
 * far less than 0.001. Latitude is smooth (day length is a smooth function of it away from the
 * polar circles), so a 0.25° lattice interpolates to within about 1e-4. Liaoning
 * (38.7–43.5° N) needs 21 lattice rows, each a month or a year of suncalc days.
 *
 * @example
 * const share = nightShareByCell(grid, { year: 2024, month: 12 }); // Float64Array, one per cell
 * share[0]; // ≈ 0.575 in Shenyang's latitude band
 */
export function nightShareByCell(
  grid: Pick<DemandGrid, 'latDeg' | 'lngDeg' | 'cellCount'>,
  period: NightSharePeriod,
  options: NightShareByCellOptions = {},
): Float64Array {
  const settings = resolveNightShareOptions(options);
  const latStepDeg = options.latStepDeg ?? DEFAULT_NIGHT_SHARE_BY_CELL_OPTIONS.latStepDeg;
  if (!(latStepDeg > 0 && latStepDeg <= 5)) {
    throw new AirreachError('E_OPTION', 'latStepDeg out of range', { value: latStepDeg, where: { field: 'latStepDeg' }, expected: 'degrees in (0, 5]' });
  }
  const [fromMs, toMs] = periodBoundsMs(period);
  const out = new Float64Array(grid.cellCount);
  if (grid.cellCount === 0) return out;

  let minLat = Infinity;
  let maxLat = -Infinity;
  let sumLng = 0;
  for (let c = 0; c < grid.cellCount; c++) {
    checkCoordinate(grid.latDeg[c], grid.lngDeg[c], `latDeg/lngDeg[${c}]`);
    if (grid.latDeg[c] < minLat) minLat = grid.latDeg[c];
    if (grid.latDeg[c] > maxLat) maxLat = grid.latDeg[c];
    sumLng += grid.lngDeg[c];
  }
  const meanLng = sumLng / grid.cellCount;
  const rows = Math.max(1, Math.ceil((maxLat - minLat) / latStepDeg)) + 1;
  // The lattice depends on these numbers alone: scenarios of a batch on one grid and period share it.
  const key = JSON.stringify([minLat, latStepDeg, rows, meanLng, fromMs, toMs, settings]);
  let lattice = latticeCache.get(key);
  if (!lattice) {
    const latsDeg = new Float64Array(rows);
    for (let r = 0; r < rows; r++) latsDeg[r] = Math.min(90, minLat + r * latStepDeg);
    // Row by row the same shares as nightShare's (see nightSharesByLatitude), each day's transit found once for all rows.
    lattice = nightSharesByLatitude(latsDeg, meanLng, fromMs, toMs, settings);
    if (latticeCache.size >= LATTICE_CACHE_ENTRIES) latticeCache.delete(latticeCache.keys().next().value!);
    latticeCache.set(key, lattice);
  }
  for (let c = 0; c < grid.cellCount; c++) {
    const position = (grid.latDeg[c] - minLat) / latStepDeg;
    const r = Math.min(rows - 2, Math.floor(position));
    if (r < 0) {
      out[c] = lattice[0];
      continue;
    }
    const t = position - r;
    out[c] = lattice[r] + t * (lattice[r + 1] - lattice[r]);
  }
  return out;
}
