/**
 * One aircraft type's performance and operating figures. Units are in the names; knots and
 * nautical miles are converted to km/h and km when a catalogue or file is read.
 *
 * @example
 * const h135: AircraftType = {
 *   id: 'H135', name: 'Airbus H135', kind: 'helicopter', cruiseSpeedKmh: 254,
 *   activationMinutesDay: 10, activationMinutesNight: 20, nightCapable: true,
 *   rangeKm: 635, reserveMinutes: 20, fixedMinutes: 3, sources: ['...'],
 * };
 */
export interface AircraftType {
  id: string;
  name: string;
  kind: 'helicopter' | 'fixedWing';
  /** Cruise speed, km/h. */
  cruiseSpeedKmh: number;
  /** Minutes from call to wheels-up by day (crew on base). */
  activationMinutesDay: number;
  /** Minutes from call to wheels-up at night; ignored when `nightCapable` is false. */
  activationMinutesNight: number;
  /** Whether the type (as operated) may fly rescue missions at night (NVG/IFR equipped). */
  nightCapable: boolean;
  /** Maximum range on internal fuel, km. */
  rangeKm: number;
  /** Fuel reserve kept back, expressed as minutes of cruise (e.g. 20 min VFR, 30 min IFR). */
  reserveMinutes: number;
  /** Fixed minutes added to each response for climb-out and approach/landing at the scene. */
  fixedMinutes: number;
  /** Where each figure comes from, or a note that it is an assumption. */
  sources: string[];
}

/** A number of aircraft of one type stationed at a base. */
export interface FleetEntry {
  aircraftTypeId: string;
  count: number;
}

/** What a site is in a plan: an existing base, one that must be kept/built, a candidate, or excluded. */
export type SiteRole = 'existing' | 'required' | 'candidate' | 'forbidden';

/**
 * A base or candidate base location with its fleet.
 *
 * @example
 * const site: Site = { id: 'ZYTX', name: 'Shenyang Taoxian', latDeg: 41.64, lngDeg: 123.48,
 *   role: 'existing', fleet: [{ aircraftTypeId: 'AW139', count: 1 }] };
 */
export interface Site {
  id: string;
  name: string;
  latDeg: number;
  lngDeg: number;
  role: SiteRole;
  fleet: FleetEntry[];
  /** Cost of opening or keeping the site (any currency unit, used by cost-aware models). */
  cost?: number;
  /** Region (prefecture) name, when known. */
  region?: string;
  /** Where the location comes from. */
  source?: string;
}

/**
 * The operating period a coverage map is computed for. At night only types with
 * `nightCapable: true` fly, with their `activationMinutesNight`.
 *
 * @example
 * const period: Period = 'night';
 */
export type Period = 'day' | 'night';

/**
 * A place where an aircraft can refuel (an airfield or a fuel depot).
 *
 * @example
 * const depot: RefuelPoint = { id: 'ZYTX', latDeg: 41.64, lngDeg: 123.48 };
 */
export interface RefuelPoint {
  latDeg: number;
  lngDeg: number;
  id?: string;
}
