import type { Feature } from 'geojson';
import { AirreachError } from '../errors.js';
import type { GeoJsonLayer } from '../grid/geoJsonLayer.js';
import type { AircraftType, FleetEntry, Site } from '../travel/aircraft.js';
import { resolveAircraft } from '../travel/resolveAircraft.js';
import type { ScenarioSiteEntry } from './scenarioSchema.js';
import { matchesWhere } from './matchesWhere.js';

/** Options of {@link resolveSites}. */
export interface ResolveSitesOptions {
  /** Fleet of sites whose entry gives none. */
  defaultFleet?: FleetEntry[];
  /** Scenario file name, for error locations. */
  file?: string;
}

/** Defaults of {@link resolveSites}: one H135 per base unless the scenario says otherwise. */
export const DEFAULT_RESOLVE_SITES_OPTIONS: Required<Omit<ResolveSitesOptions, 'file'>> = {
  defaultFleet: [{ aircraftTypeId: 'H135', count: 1 }],
};

/**
 * Turns a scenario's `bases` entries into sites, in the order written: inline sites as given,
 * and every Point of a site layer that passes the entry's `where` filter (features keep their
 * file order). A feature's own `properties.fleet` (a list of `{ aircraftTypeId, count }`, or
 * that list as a JSON string, as QGIS writes it) is its fleet; otherwise the entry's `fleet`,
 * otherwise the scenario's `defaultFleet`. A site id used twice is an error (`E_DUPLICATE_ID`), as is a fleet naming an
 * unknown aircraft type (`E_AIRCRAFT`) or a feature that is not a Point with an id.
 *
 * `layers` holds the parsed layer of each file entry, keyed by its path.
 *
 * @example
 * const sites = resolveSites(scenario.bases, layers, aircraftById, { file: 'today.json' });
 */
export function resolveSites(
  entries: readonly ScenarioSiteEntry[],
  layers: ReadonlyMap<string, GeoJsonLayer>,
  aircraftById: Readonly<Record<string, AircraftType>>,
  options: ResolveSitesOptions = {},
): Site[] {
  const defaultFleet = options.defaultFleet ?? DEFAULT_RESOLVE_SITES_OPTIONS.defaultFleet;
  const sites: Site[] = [];
  const seen = new Map<string, string>();
  const add = (site: Site, where: string) => {
    const earlier = seen.get(site.id);
    if (earlier !== undefined) {
      throw new AirreachError('E_DUPLICATE_ID', `site id ${JSON.stringify(site.id)} is used twice`, {
        value: site.id,
        where: { file: options.file, field: where },
        hint: `It was first defined at ${earlier}; give each base a unique id`,
      });
    }
    seen.set(site.id, where);
    sites.push(site);
  };

  entries.forEach((entry, e) => {
    const fleet = entry.fleet ?? defaultFleet;
    // A type the default fleet names is the default fleet's error, not this entry's.
    resolveAircraft(
      fleet.map((f) => f.aircraftTypeId),
      aircraftById,
      { file: options.file, field: entry.fleet ? `/bases/${e}/fleet` : options.defaultFleet ? '/defaultFleet' : `/bases/${e}/fleet` },
    );
    if (!('file' in entry)) {
      add(
        {
          id: entry.id,
          name: entry.name ?? entry.id,
          latDeg: entry.latDeg,
          lngDeg: entry.lngDeg,
          role: entry.role,
          fleet,
          ...(entry.cost !== undefined ? { cost: entry.cost } : {}),
          ...(entry.source !== undefined ? { source: entry.source } : {}),
        },
        `/bases/${e}`,
      );
      return;
    }
    const layer = layers.get(entry.file);
    if (!layer) throw new Error(`internal: site layer ${entry.file} was not loaded`);
    layer.collection.features.forEach((feature, i) => {
      if (!matchesWhere(feature, entry.where)) return;
      const site = siteFromFeature(feature, i, layer.file, entry.role, fleet, entry.cost);
      if (site.fleet !== fleet) {
        resolveAircraft(
          site.fleet.map((f) => f.aircraftTypeId),
          aircraftById,
          { file: layer.file, featureIndex: i, field: 'properties.fleet' },
        );
      }
      add(site, `${layer.file} feature ${i}`);
    });
  });
  return sites;
}

function siteFromFeature(
  feature: Feature,
  index: number,
  file: string,
  role: Site['role'],
  fleet: FleetEntry[],
  cost: number | undefined,
): Site {
  const where = { file, featureIndex: index };
  const geometry = feature.geometry;
  if (!geometry || geometry.type !== 'Point') {
    throw new AirreachError('E_GEOMETRY', 'a site must be a Point', {
      value: geometry?.type ?? null,
      where: { ...where, field: 'geometry.type' },
      expected: 'Point',
    });
  }
  const [lngDeg, latDeg] = geometry.coordinates;
  if (!(Number.isFinite(lngDeg) && Number.isFinite(latDeg) && Math.abs(lngDeg) <= 180 && Math.abs(latDeg) <= 90)) {
    throw new AirreachError('E_COORDINATE', 'site coordinates are out of range', {
      value: geometry.coordinates,
      where: { ...where, field: 'geometry.coordinates' },
      expected: '[lng, lat] with lng in [-180, 180] and lat in [-90, 90]',
    });
  }
  const properties = feature.properties ?? {};
  const own = (key: string) => (Object.hasOwn(properties, key) ? properties[key] : undefined);
  const id = own('id') ?? own('ident') ?? feature.id;
  if (typeof id !== 'string' && typeof id !== 'number') {
    throw new AirreachError('E_PROPERTY', 'a site needs an id', {
      value: id ?? null,
      where: { ...where, field: 'properties.id' },
      expected: 'a string or number in properties.id (or properties.ident, or the feature id)',
    });
  }
  const name = typeof properties.name === 'string' ? properties.name : String(id);
  const ownFleet = own('fleet');
  const featureCost = typeof properties.cost === 'number' ? properties.cost : undefined;
  return {
    id: String(id),
    name,
    latDeg,
    lngDeg,
    role,
    fleet: ownFleet === undefined || ownFleet === null ? fleet : featureFleet(ownFleet, where),
    ...((featureCost ?? cost) !== undefined ? { cost: featureCost ?? cost } : {}),
    ...(typeof properties.source === 'string' ? { source: properties.source } : {}),
    ...(typeof properties.region === 'string' ? { region: properties.region } : {}),
  };
}

/** Most aircraft of one type at one base, as the scenario schema allows. */
const MAX_FLEET_COUNT = 1000;

/**
 * A feature's own fleet: `[{ "aircraftTypeId": "AW139", "count": 2 }]`, or the same as a JSON
 * string (shapefile and QGIS exports keep lists as text). Anything else is refused, never
 * ignored: a fleet that silently fell back to the default gave one H135 where two AW139 stood.
 */
function featureFleet(value: unknown, where: { file: string; featureIndex: number }): FleetEntry[] {
  const place = { ...where, field: 'properties.fleet' };
  const expected = 'a list of { "aircraftTypeId": "AW139", "count": 2 } (at least one), or that list as a JSON string';
  let list = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      throw new AirreachError('E_PROPERTY', 'a site fleet given as text must be JSON', { value, where: place, expected });
    }
  }
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_FLEET_COUNT) {
    throw new AirreachError('E_PROPERTY', 'a site fleet must be a non-empty list of aircraft', { value: typeof value === 'string' ? value : (list as unknown) ?? null, where: place, expected });
  }
  return list.map((entry: unknown, k) => {
    const ok =
      typeof entry === 'object' &&
      entry !== null &&
      Object.keys(entry).every((key) => key === 'aircraftTypeId' || key === 'count') &&
      typeof (entry as FleetEntry).aircraftTypeId === 'string' &&
      (entry as FleetEntry).aircraftTypeId !== '' &&
      Number.isInteger((entry as FleetEntry).count) &&
      (entry as FleetEntry).count >= 1 &&
      (entry as FleetEntry).count <= MAX_FLEET_COUNT;
    if (!ok) {
      throw new AirreachError('E_PROPERTY', `fleet entry ${k} needs an aircraftTypeId and a whole count from 1 to ${MAX_FLEET_COUNT}`, {
        value: entry as never,
        where: { ...where, field: `properties.fleet[${k}]` },
        expected,
      });
    }
    return { aircraftTypeId: (entry as FleetEntry).aircraftTypeId, count: (entry as FleetEntry).count };
  });
}
