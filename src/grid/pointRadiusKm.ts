import type { Feature } from 'geojson';

/**
 * The radius of the disk a Point feature of a hazard or population layer stands for, or
 * `undefined` when it states none: a missing `radiusKm` and a `null` one (the empty cell a GIS
 * writes for a column some features of a mixed layer leave blank) are alike. `validateFeatures`
 * takes null as absent; the grid build and the estimates must too, or a hazard Point with
 * `"radiusKm": null`, a named site, became a disk of radius 0 and was dropped as degenerate.
 *
 * @example
 * pointRadiusKm({ type: 'Feature', properties: { radiusKm: null }, geometry: { type: 'Point', coordinates: [123, 41] } }); // -> undefined
 */
export function pointRadiusKm(feature: Feature): number | undefined {
  const radiusKm: unknown = feature.properties?.radiusKm;
  return typeof radiusKm === 'number' ? radiusKm : undefined;
}
