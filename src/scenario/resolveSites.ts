import type { Feature } from 'geojson';
import { AirreachError, describeValue, type ErrorLocation } from '../errors.js';
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
  // `where` locates the site for an error (a feature by file, index and id field); `label` names it in the hint.
  const add = (site: Site, where: ErrorLocation, label: string) => {
    const earlier = seen.get(site.id);
    if (earlier !== undefined) {
      throw new AirreachError('E_DUPLICATE_ID', `site id ${JSON.stringify(site.id)} is used twice`, {
        value: site.id,
        where,
        hint: `It was first defined at ${earlier}; give each base a unique id`,
      });
    }
    seen.set(site.id, label);
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
        { file: options.file, field: `/bases/${e}` },
        `/bases/${e}`,
      );
      return;
    }
    const layer = layers.get(entry.file);
    if (!layer) throw new Error(`internal: site layer ${entry.file} was not loaded`);
    let kept = 0;
    layer.collection.features.forEach((feature, i) => {
      if (!matchesWhere(feature, entry.where)) return;
      kept++;
      const { site, idField } = siteFromFeature(feature, i, layer.file, entry.role, fleet, entry.cost);
      if (site.fleet !== fleet) {
        resolveAircraft(
          site.fleet.map((f) => f.aircraftTypeId),
          aircraftById,
          { file: layer.file, featureIndex: i, field: 'properties.fleet' },
        );
      }
      add(site, { file: layer.file, featureIndex: i, field: idField }, `${layer.file} feature ${i}`);
    });
    // A file entry that gives no site is a mistake (a misspelt property or value in `where`, an
    // empty layer): its candidates silently vanished from every answer. Refused as depot candidates are.
    if (kept === 0) {
      const features = layer.collection.features.length;
      throw new AirreachError('E_EMPTY', entry.where ? `the where filter keeps none of the ${features} features of ${entry.file}` : `${entry.file} holds no features`, {
        value: entry.where ?? features,
        where: { file: options.file, field: entry.where ? `/bases/${e}/where` : `/bases/${e}/file` },
        expected: entry.where ? 'a filter that at least one feature passes (property names and values as written in the layer, case included)' : 'at least one Point feature',
        ...(entry.where ? { hint: `Properties of the first feature: ${describeValue(layer.collection.features[0]?.properties ?? null)}` } : {}),
      });
    }
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
): { site: Site; idField: string } {
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
  const idField = own('id') !== undefined ? 'properties.id' : own('ident') !== undefined ? 'properties.ident' : 'id';
  const id = own('id') ?? own('ident') ?? feature.id;
  // An empty id is no id (inline sites need one of at least one character), nor is NaN-like text.
  if ((typeof id !== 'string' || id.trim() === '') && !(typeof id === 'number' && Number.isFinite(id))) {
    throw new AirreachError('E_PROPERTY', 'a site needs an id', {
      value: id ?? null,
      where: { ...where, field: idField === 'id' ? 'properties.id' : idField },
      expected: 'a non-empty string or a number in properties.id (or properties.ident, or the feature id)',
    });
  }
  const name = typeof properties.name === 'string' ? properties.name : String(id);
  const ownFleet = own('fleet');
  const featureCost = featureCostOf(own('cost'), where);
  return { idField, site: {
    id: String(id),
    name,
    latDeg,
    lngDeg,
    role,
    fleet: ownFleet === undefined || ownFleet === null ? fleet : featureFleet(ownFleet, where),
    ...((featureCost ?? cost) !== undefined ? { cost: featureCost ?? cost } : {}),
    ...(typeof properties.source === 'string' ? { source: properties.source } : {}),
    ...(typeof properties.region === 'string' ? { region: properties.region } : {}),
  } };
}

/** Most a site may cost: the scenario schema's bound on money (1e15), so totals over thousands of sites stay finite. */
const MAX_SITE_COST = 1e15;

/**
 * A feature's own `properties.cost`: absent (or null) keeps the entry's; otherwise a number from
 * 0 to {@link MAX_SITE_COST}. Anything else is refused, never ignored: a cost written as text
 * ("50") fell back to the default 1 and a budget question chose the site as if it were cheap.
 */
function featureCostOf(value: unknown, where: { file: string; featureIndex: number }): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_SITE_COST) {
    throw new AirreachError('E_PROPERTY', 'a site cost must be a number ≥ 0', { value, where: { ...where, field: 'properties.cost' }, expected: `a number from 0 to ${MAX_SITE_COST} (no quotes)` });
  }
  return value;
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
