import type { FeatureCollection } from 'geojson';
import { AirreachError } from '../errors.js';
import type { RefuelPoint } from '../travel/aircraft.js';

/** Most refuelling points a scenario may name: each costs a pass over the grid's cells. */
export const MAX_REFUEL_POINTS = 10_000;

/**
 * The refuelling points of a scenario's `layers.refuelPoints` layer: one Point feature each
 * (an airfield or a fuel depot), named by `properties.id`, else `properties.name`, else its
 * feature index. An aircraft may end a mission at the nearest of them instead of flying home,
 * so the range rule checks base → scene → nearest refuelling point (`isWithinRange`).
 * Errors name the file, the feature and the field.
 *
 * @example
 * const points = refuelPointsOf(layer.collection, 'fuel.geojson');
 * // [{ id: 'ZYTX', latDeg: 41.64, lngDeg: 123.48 }, …]
 */
export function refuelPointsOf(collection: FeatureCollection, file: string): RefuelPoint[] {
  if (collection.features.length > MAX_REFUEL_POINTS) {
    throw new AirreachError('E_SCENARIO', `the refuelling layer has ${collection.features.length} features`, {
      value: collection.features.length,
      where: { file },
      expected: `at most ${MAX_REFUEL_POINTS.toLocaleString('en-US')} points`,
      hint: 'Keep the airfields and fuel depots aircraft would actually use',
    });
  }
  return collection.features.map((feature, featureIndex) => {
    if (feature.geometry?.type !== 'Point') {
      throw new AirreachError('E_GEOMETRY', 'a refuelling point must be a Point', {
        value: feature.geometry?.type ?? null,
        where: { file, featureIndex, field: 'geometry' },
        expected: 'a Point geometry (an airfield or a fuel depot)',
      });
    }
    const [lngDeg, latDeg] = feature.geometry.coordinates;
    if (!(Math.abs(latDeg) <= 90) || !(Math.abs(lngDeg) <= 180)) {
      throw new AirreachError('E_COORDINATE', 'a refuelling point lies outside the globe', {
        value: feature.geometry.coordinates,
        where: { file, featureIndex, field: 'geometry/coordinates' },
        expected: '[longitude in [-180, 180], latitude in [-90, 90]], degrees',
        hint: Math.abs(lngDeg) <= 90 && Math.abs(latDeg) <= 180 ? 'Longitude comes first in GeoJSON: latitude and longitude may be swapped' : undefined,
      });
    }
    const props = feature.properties ?? {};
    const named = Object.hasOwn(props, 'id') ? props.id : Object.hasOwn(props, 'name') ? props.name : featureIndex;
    return { id: String(named), latDeg, lngDeg };
  });
}
