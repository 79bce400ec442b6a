import type { CoverageRun } from './runCoverage.js';
import { basesOf } from './basesOf.js';
import { greatCircleKm } from '../travel/greatCircleKm.js';
import { getHexagonEdgeLengthAvg } from 'h3-js';

/**
 * Bases farther than this (km) from every cell with demand are "far from the layers".
 *
 * @example
 * if (nearestBaseKm > FAR_APART_KM) console.warn('the bases and the layers do not overlap');
 */
export const FAR_APART_KM = 500;

/** Far-off bases a warning names one by one; the rest are counted. */
const MAX_LISTED_BASES = 5;

/**
 * Cells whose edge (the distance from a centre to its corners) is longer than this, km, move
 * demand too far for a response-time standard: resolution 4 and coarser (26 km and more).
 */
const COARSE_CELL_EDGE_KM = 10;

/** Degrees the swapped-coordinates test allows around the demand's bounding box. */
const SWAP_MARGIN_DEG = 2;

/**
 * What a run should say before its numbers: a scenario whose bases reach no demand at all in any
 * period, or whose bases all lie far ({@link FAR_APART_KM}) from every cell with demand, is almost
 * always a mistake in the inputs, not a finding — most often latitude and longitude swapped (a
 * GeoJSON position is `[lng, lat]`; an inline base takes `latDeg` and `lngDeg`). Each warning
 * names what was seen and the likely cause; swapped coordinates are suggested only when swapping
 * them would put the bases (or the layers) where the other lies. When other bases do reach the
 * demand, each base that lies far from it and reaches none of it is named with its coordinates
 * (one base's typo). A grid of cells too coarse for response times (resolution 4 and coarser),
 * and hazard types that differ only in capitals or spaces, are named too. An empty list: nothing odd.
 *
 * @example
 * for (const warning of coverageWarnings(run)) console.error(`warning: ${warning}`);
 */
export function coverageWarnings(run: CoverageRun): string[] {
  const { grid } = run;
  const bases = basesOf(run.inputs.sites);
  const warnings: string[] = [];
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLng = Infinity;
  let maxLng = -Infinity;
  let demandCells = 0;
  for (let c = 0; c < grid.cellCount; c++) {
    if (!(grid.demand[c] > 0)) continue;
    demandCells++;
    minLat = Math.min(minLat, grid.latDeg[c]);
    maxLat = Math.max(maxLat, grid.latDeg[c]);
    minLng = Math.min(minLng, grid.lngDeg[c]);
    maxLng = Math.max(maxLng, grid.lngDeg[c]);
  }
  // Hazard types are labels as written: "Flood " and "flood" (a trailing space, a capital, as a
  // table of attributes typed by hand holds them) were two hazards in every table, unremarked.
  const byKey = new Map<string, string[]>();
  for (const type of grid.hazardTypes) {
    const key = type.trim().toLowerCase();
    byKey.set(key, [...(byKey.get(key) ?? []), type]);
  }
  for (const spellings of byKey.values()) {
    if (spellings.length > 1) {
      warnings.push(`the hazard types ${spellings.map((type) => JSON.stringify(type)).join(' and ')} differ only in capitals or spaces, and are counted as ${spellings.length} types in every table. Likely cause: a typo in the layers' properties.type; write them alike if they are one hazard.`);
    }
  }
  if (demandCells === 0 || bases.length === 0) return warnings;
  // Every cell's demand sits at its centre: at resolution 0 a 25 x 50 km flood plain in Norway
  // was moved 400 km north, no base reached it, and the warning below gave the centre as where
  // the demand lies.
  const edgeKm = getHexagonEdgeLengthAvg(grid.resolution, 'km');
  if (edgeKm > COARSE_CELL_EDGE_KM) {
    warnings.push(
      `grid.resolution ${grid.resolution} has cells about ${Math.round(edgeKm).toLocaleString('en-US')} km from centre to corner: each cell's demand is placed at its centre, up to that far from where it lies, so reach within ${Math.min(...run.inputs.standardsMinutes)} min is only a rough guess. Likely cause: a resolution too coarse (it is an H3 level, not kilometres): the default is 7 (about 1.4 km), 5 for quick runs (about 10 km).`,
    );
  }

  const largest = Math.max(...run.inputs.standardsMinutes);
  const reachedAnywhere = run.periods.some(({ report }) => report.overall.tiers.some((tier) => tier.coveredDemand > 0));
  // Distance from a base to the demand's bounding box (0 inside it): cheap, and exact enough to tell 20 km from 2,000 km.
  const distanceKm = (latDeg: number, lngDeg: number) =>
    greatCircleKm(latDeg, lngDeg, Math.min(Math.max(latDeg, minLat), maxLat), Math.min(Math.max(lngDeg, minLng), maxLng));
  const nearestKm = Math.min(...bases.map((base) => distanceKm(base.latDeg, base.lngDeg)));
  const farApart = nearestKm > FAR_APART_KM;
  if (!reachedAnywhere || farApart) {
    const inside = (latDeg: number, lngDeg: number) =>
      latDeg >= minLat - SWAP_MARGIN_DEG && latDeg <= maxLat + SWAP_MARGIN_DEG && lngDeg >= minLng - SWAP_MARGIN_DEG && lngDeg <= maxLng + SWAP_MARGIN_DEG;
    // Bases written as [lat, lng]: swapping them back lands them on the demand.
    const basesSwapped = bases.some((base) => Math.abs(base.lngDeg) <= 90 && inside(base.lngDeg, base.latDeg));
    // Layers written as [lat, lng]: the demand's box, swapped, holds the bases.
    const layersSwapped = bases.some((base) => base.lngDeg >= minLat - SWAP_MARGIN_DEG && base.lngDeg <= maxLat + SWAP_MARGIN_DEG && base.latDeg >= minLng - SWAP_MARGIN_DEG && base.latDeg <= maxLng + SWAP_MARGIN_DEG);
    const seen = !reachedAnywhere
      ? `no base reaches any cell with demand within ${largest} min in any period`
      : `every base lies more than ${FAR_APART_KM} km from the cells with demand`;
    const where = `the nearest base is ${Math.round(nearestKm).toLocaleString('en-US')} km from the demand, which lies within latitude ${minLat.toFixed(2)}…${maxLat.toFixed(2)}, longitude ${minLng.toFixed(2)}…${maxLng.toFixed(2)}`;
    const cause = basesSwapped
      ? 'the bases look like they have latitude and longitude swapped (a GeoJSON position is [lng, lat]; inline bases take latDeg and lngDeg)'
      : layersSwapped
        ? 'the layers look like they have latitude and longitude swapped (a GeoJSON position is [lng, lat])'
        : farApart
          ? 'check that the bases and the layers describe the same area, and that positions are [lng, lat]'
          : 'check the fleets (range, night flying) and the standards';
    warnings.push(`${seen}: ${where}. Likely cause: ${cause}.`);
  } else {
    // Some bases reach the demand, so the warning above is silent; one base with a typo in its
    // coordinates (lngDeg 21.99 for 121.99) then reached nothing, and nothing said so.
    const idle = bases.filter(
      (base) => distanceKm(base.latDeg, base.lngDeg) > FAR_APART_KM && run.periods.every(({ report }) => report.sites.find((site) => site.id === base.id)?.demandWithin.every((demand) => !(demand > 0)) ?? true),
    );
    if (idle.length > 0) {
      const listed = idle.slice(0, MAX_LISTED_BASES).map((base) => `${base.id} (latDeg ${base.latDeg}, lngDeg ${base.lngDeg}; ${Math.round(distanceKm(base.latDeg, base.lngDeg)).toLocaleString('en-US')} km away)`);
      const more = idle.length > MAX_LISTED_BASES ? ` and ${idle.length - MAX_LISTED_BASES} more` : '';
      warnings.push(
        `${idle.length === 1 ? 'a base lies' : `${idle.length} bases lie`} more than ${FAR_APART_KM} km from the cells with demand and reach${idle.length === 1 ? 'es' : ''} none of them within ${largest} min in any period: ${listed.join('; ')}${more}. Likely cause: a mistake in ${idle.length === 1 ? 'its' : 'their'} coordinates (a GeoJSON position is [lng, lat]; inline bases take latDeg and lngDeg).`,
      );
    }
  }
  return warnings;
}
