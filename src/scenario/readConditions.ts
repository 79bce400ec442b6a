import { readInputText } from '../io/readInputFile.js';
import { parseJsonText } from '../io/parseJsonText.js';
import { readGeoJsonFile } from '../io/readGeoJson.js';
import { validateWeatherData, type WeatherData } from '../conditions/weatherAvailability.js';
import { hospitalsFromCandidates, type Hospital } from '../conditions/hospitalLegMinutes.js';
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
 * receiving hospitals (Points; with `kinds`, only features whose `properties.kind` is listed —
 * e.g. prefecture seats as hospital proxies). `null` when the scenario has no conditions.
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
  let hospitals: Hospital[] | null = null;
  if (settings.hospitals) {
    const layer = await readGeoJsonFile(settings.hospitals.file);
    try {
      hospitals = hospitalsFromCandidates(layer.collection, settings.hospitals.kinds ? { kinds: settings.hospitals.kinds } : {});
    } catch (error) {
      // A feature's fault is in the layer; "no hospital of these kinds" is the scenario's filter.
      throw locateInScenario(error, (own) => (own.featureIndex !== undefined || own.field?.startsWith('features/') ? { ...own, file: layer.file } : { file, field: '/conditions/hospitals/kinds' }));
    }
  }
  return { settings, weather, weatherZones, hospitals };
}
