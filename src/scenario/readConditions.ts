import { readInputText } from '../io/readInputFile.js';
import { parseJsonText } from '../io/parseJsonText.js';
import { readGeoJsonFile } from '../io/readGeoJson.js';
import { DEFAULT_WEATHER_AVAILABILITY_OPTIONS, validateWeatherData, type WeatherData } from '../conditions/weatherAvailability.js';
import { DEFAULT_WEATHER_ZONE_BY_CELL_OPTIONS, weatherZoneByCell } from '../conditions/weatherZoneByCell.js';
import { AirreachError } from '../errors.js';
import { hospitalsFromCandidates, type Hospital } from '../conditions/hospitalLegMinutes.js';
import { hospitalsFromPoints } from '../conditions/hospitalsFromPoints.js';
import type { GeoJsonLayer } from '../grid/geoJsonLayer.js';
import type { ScenarioConditions } from './scenarioSchema.js';
import { locateInScenario } from './locateInScenario.js';

/** A scenario's operating conditions with their data files read and validated. */
export interface ConditionsInputs {
  settings: ScenarioConditions;
  weather: WeatherData | null;
  /** The weather zone polygons (weather by place), validated as polygons; null without `weather.zones`. */
  weatherZones: GeoJsonLayer | null;
  hospitals: Hospital[] | null;
}

/**
 * Reads the files a scenario's `conditions` block names: the weather availability data
 * (validated, including that its monthly shares follow its own documented rule), its zone
 * polygons when the scenario sets weather by place (`weather.zones`), and the
 * receiving hospitals (every Point of the layer; with `kinds`, only features whose
 * `properties.kind` is listed, as proxies — e.g. prefecture seats). `null` when the scenario has no conditions.
 * The zones the scenario names (`weather.zone`, and each zone polygon's name) must be zones of
 * the data: checked here, before any work (they were found only when the conditions were
 * reported, after the grid, the coverage and the questions: 5.6 s into today's run).
 * Errors name the data file and place, or `file` (the scenario) and the JSON path of the setting.
 *
 * @example
 * const conditions = await readConditions(loaded.scenario.conditions, loaded.file);
 */
export async function readConditions(settings: ScenarioConditions | undefined, file?: string): Promise<ConditionsInputs | null> {
  if (!settings) return null;
  let weather: WeatherData | null = null;
  if (settings.weather) {
    const path = settings.weather.file;
    const raw = parseJsonText(await readInputText(path), path, { expected: 'weather availability data' });
    weather = validateWeatherData(raw, { file: path });
  }
  const weatherZones = settings.weather?.zones ? await readGeoJsonFile(settings.weather.zones.file, { kind: 'extent' }) : null;
  if (weather && settings.weather) checkWeatherZones(weather, settings.weather, weatherZones, file);
  let hospitals: Hospital[] | null = null;
  if (settings.hospitals) {
    const layer = await readGeoJsonFile(settings.hospitals.file);
    try {
      // With kinds, the listed kinds of a candidate layer stand in for hospitals (proxies); without,
      // the layer is the hospitals, as the schema says (it took the prefecture seats even then).
      hospitals = settings.hospitals.kinds ? hospitalsFromCandidates(layer.collection, { kinds: settings.hospitals.kinds }) : hospitalsFromPoints(layer.collection, { file: layer.file });
    } catch (error) {
      // A feature's fault is in the layer; "no hospital of these kinds" is the scenario's filter.
      throw locateInScenario(error, (own) => (own.featureIndex !== undefined || own.field?.startsWith('features/') ? { ...own, file: layer.file } : { file, field: '/conditions/hospitals/kinds' }));
    }
  }
  return { settings, weather, weatherZones, hospitals };
}

/**
 * Refuses a zone the weather data does not have: `weather.zone` (default inland) at its JSON
 * path in the scenario, a zone polygon's name at its feature of the zone layer (a misspelt zone
 * there was reported as the scenario's `weather.zone`). The zone layer's features are checked as
 * `weatherZoneByCell` checks them (a name, a polygon), on no cells.
 */
function checkWeatherZones(weather: WeatherData, settings: NonNullable<ScenarioConditions['weather']>, zonesLayer: GeoJsonLayer | null, file: string | undefined): void {
  const known = Object.keys(weather.flyableShareByMonth);
  const expected = `a zone of ${settings.file}: ${known.join(', ')}`;
  const zone = settings.zone ?? DEFAULT_WEATHER_AVAILABILITY_OPTIONS.zone;
  if (!Object.hasOwn(weather.flyableShareByMonth, zone)) {
    throw new AirreachError('E_OPTION', `the weather data has no monthly shares for zone ${JSON.stringify(zone)}`, {
      value: zone,
      where: { file, field: '/conditions/weather/zone' },
      expected,
      hint: settings.zone === undefined ? `Without "zone" the zone ${JSON.stringify(zone)} is used: set "zone" to one of the data's zones` : 'Set "zone" to one of the data\'s zones (names are case-sensitive)',
    });
  }
  if (!zonesLayer) return;
  const field = settings.zones?.field ?? DEFAULT_WEATHER_ZONE_BY_CELL_OPTIONS.field;
  weatherZoneByCell({ cellCount: 0, latDeg: new Float64Array(0), lngDeg: new Float64Array(0) }, zonesLayer.collection, { field, defaultZone: zone, file: zonesLayer.file });
  zonesLayer.collection.features.forEach((feature, featureIndex) => {
    const name = feature.properties?.[field] as string;
    if (!Object.hasOwn(weather.flyableShareByMonth, name)) {
      throw new AirreachError('E_PROPERTY', 'a weather zone feature names a zone the weather data does not have', {
        value: name,
        where: { file: zonesLayer.file, featureIndex, field: `properties.${field}` },
        expected,
        hint: 'Name a zone of the weather data (names are case-sensitive), or add the zone to the data',
      });
    }
  });
}
