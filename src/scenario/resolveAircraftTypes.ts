import { AirreachError } from '../errors.js';
import { knotsToKmh, nauticalMilesToKm } from '../units.js';
import type { AircraftType } from '../travel/aircraft.js';
import { validateAircraftType } from '../travel/validateAircraftType.js';
import type { AircraftOverride } from './scenarioSchema.js';

/**
 * The aircraft types of a scenario: the catalogue, plus the scenario's own types and overrides.
 * An entry whose id is in the catalogue (or that names a catalogue type, or a new type of the
 * scenario, in `basedOn`) starts from those figures and replaces the ones it gives; a new id
 * must give every figure; a `basedOn` chain that comes back to itself is refused. Knots and nautical
 * miles are converted here, once. Every resulting type is validated (`E_AIRCRAFT`).
 *
 * @example
 * const types = resolveAircraftTypes(AIRCRAFT_CATALOGUE, { H135: { activationMinutesNight: 30 } }, 'today.json');
 */
export function resolveAircraftTypes(
  catalogue: Readonly<Record<string, AircraftType>>,
  overrides: Readonly<Record<string, AircraftOverride>> = {},
  file?: string,
): Record<string, AircraftType> {
  const types: Record<string, AircraftType> = { ...catalogue };
  const resolved = new Set<string>();
  // Types being resolved, in order: a basedOn chain that comes back to one of them is a cycle.
  const chain: string[] = [];
  const resolve = (id: string): void => {
    if (resolved.has(id)) return;
    const entry = overrides[id];
    const field = `/aircraft/${id}`;
    // basedOn names a catalogue type (its catalogue figures, as always, even when the scenario
    // changes that type too) or a new type of this scenario (resolved first).
    const baseId = entry.basedOn ?? (Object.hasOwn(catalogue, id) ? id : undefined);
    const named = baseId !== undefined && !Object.hasOwn(catalogue, baseId) && Object.hasOwn(overrides, baseId) ? baseId : undefined;
    if (named !== undefined) {
      if (chain.includes(named)) {
        throw new AirreachError('E_AIRCRAFT', `basedOn goes round in a circle: ${[...chain.slice(chain.indexOf(named)), id, named].join(' → ')}`, {
          value: named,
          where: { file, field: `${field}/basedOn` },
          hint: 'Base one of these types on a catalogue type',
        });
      }
      chain.push(id);
      resolve(named);
      chain.pop();
    } else if (baseId !== undefined && !Object.hasOwn(catalogue, baseId)) {
      throw new AirreachError('E_AIRCRAFT', `basedOn names an unknown aircraft type ${JSON.stringify(baseId)}`, {
        value: baseId,
        where: { file, field: `${field}/basedOn` },
        expected: `a catalogue type (${Object.keys(catalogue).sort().join(', ')}) or a new type of this scenario (${Object.keys(overrides).filter((key) => !Object.hasOwn(catalogue, key)).sort().join(', ')})`,
      });
    }
    const base: Partial<AircraftType> = named !== undefined ? types[named] : baseId !== undefined ? catalogue[baseId] : {};
    const { basedOn: _basedOn, cruiseSpeedKnots, rangeNauticalMiles, ...figures } = entry;
    const merged = {
      ...base,
      ...figures,
      id,
      ...(cruiseSpeedKnots !== undefined ? { cruiseSpeedKmh: knotsToKmh(cruiseSpeedKnots) } : {}),
      ...(rangeNauticalMiles !== undefined ? { rangeKm: nauticalMilesToKm(rangeNauticalMiles) } : {}),
    } as Partial<AircraftType>;
    merged.name ??= id;
    merged.sources ??= [`Defined in scenario ${file ?? ''}`.trim()];
    const missing = REQUIRED_FIGURES.filter((key) => merged[key] === undefined);
    if (missing.length > 0) {
      throw new AirreachError('E_AIRCRAFT', `aircraft type ${JSON.stringify(id)} is new and lacks ${missing.join(', ')}`, {
        value: entry,
        where: { file, field },
        hint: 'Give every figure, or set "basedOn" to a catalogue type to start from',
      });
    }
    types[id] = validateAircraftType(merged as AircraftType, { file, field });
    resolved.add(id);
  };
  for (const id of Object.keys(overrides).sort()) resolve(id);
  return types;
}

const REQUIRED_FIGURES = [
  'kind',
  'cruiseSpeedKmh',
  'activationMinutesDay',
  'activationMinutesNight',
  'nightCapable',
  'rangeKm',
  'reserveMinutes',
  'fixedMinutes',
] as const satisfies ReadonlyArray<keyof AircraftType>;
