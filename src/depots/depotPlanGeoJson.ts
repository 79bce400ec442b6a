import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { DepotPlan } from './planDepots.js';

/**
 * The map layer of a depot plan (RFC 7946, [lng, lat]): one Point per depot (`layer: 'depot'`,
 * tier, load, utilisation), one LineString per client from its depot (`layer: 'assignment'`,
 * kind, mode, minutes, tonnes), and one LineString per tier link (`layer: 'tierLink'`).
 * Coordinates are rounded to 6 decimals (≈ 0.1 m): enough for a map, smaller files.
 *
 * @example
 * writeFileAtomic('depots.geojson', JSON.stringify(depotPlanGeoJson(plan)));
 */
export function depotPlanGeoJson(plan: DepotPlan): FeatureCollection<Point | LineString> {
  const round = (value: number) => Math.round(value * 1e6) / 1e6;
  const byId = new Map(plan.depots.map((d) => [d.id, d]));
  const features: Array<Feature<Point | LineString>> = [];
  for (const depot of plan.depots) {
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [round(depot.lngDeg), round(depot.latDeg)] },
      properties: {
        layer: 'depot',
        id: depot.id,
        tierLevel: depot.tierLevel,
        fixed: depot.fixed,
        capacityTonnes: depot.capacityTonnes,
        loadTonnes: depot.loadTonnes,
        utilisation: depot.utilisation,
        baseCount: depot.baseCount,
        cellCount: depot.cellCount,
      },
    });
  }
  for (const a of plan.assignments) {
    const depot = byId.get(a.depotId);
    if (!depot) continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [[round(depot.lngDeg), round(depot.latDeg)], [round(a.lngDeg), round(a.latDeg)]] },
      properties: { layer: 'assignment', clientId: a.clientId, kind: a.kind, depotId: a.depotId, mode: a.mode, minutes: a.minutes, demandTonnes: a.demandTonnes },
    });
  }
  for (const link of plan.tierLinks) {
    const from = byId.get(link.depotId);
    const to = byId.get(link.parentId);
    if (!from || !to) continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [[round(to.lngDeg), round(to.latDeg)], [round(from.lngDeg), round(from.latDeg)]] },
      properties: { layer: 'tierLink', depotId: link.depotId, parentId: link.parentId, minutes: link.minutes },
    });
  }
  return { type: 'FeatureCollection', features };
}
