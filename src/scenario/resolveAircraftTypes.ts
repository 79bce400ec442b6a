import { AirreachError } from '../errors.js';
import { knotsToKmh, nauticalMilesToKm } from '../units.js';
import type { AircraftType } from '../travel/aircraft.js';
import { validateAircraftType } from '../travel/validateAircraftType.js';
import type { AircraftOverride } from './scenarioSchema.js';

/**
 * The aircraft types of a scenario: the catalogue, plus the scenario's own types and overrides.
 * An entry whose id is in the catalogue (or that names one in `basedOn`) starts from those
 * figures and replaces the ones it gives; a new id must give every figure. Knots and nautical
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
  for (const id of Object.keys(overrides).sort()) {
    const entry = overrides[id];
    const field = `/aircraft/${id}`;
    const baseId = entry.basedOn ?? (Object.hasOwn(catalogue, id) ? id : undefined);
    if (baseId !== undefined && !Object.hasOwn(catalogue, baseId)) {
      throw new AirreachError('E_AIRCRAFT', `basedOn names an unknown aircraft type ${JSON.stringify(baseId)}`, {
        value: baseId,
        where: { file, field: `${field}/basedOn` },
        expected: `one of ${Object.keys(catalogue).sort().join(', ')}`,
      });
    }
    const base: Partial<AircraftType> = baseId !== undefined ? catalogue[baseId] : {};
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
  }
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
