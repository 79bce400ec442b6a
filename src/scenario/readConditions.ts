import { readFile } from 'node:fs/promises';
import { AirreachError } from '../errors.js';
import { readGeoJsonFile } from '../io/readGeoJson.js';
import { validateWeatherData, type WeatherData } from '../conditions/weatherAvailability.js';
import { hospitalsFromCandidates, type Hospital } from '../conditions/hospitalLegMinutes.js';
import type { ScenarioConditions } from './scenarioSchema.js';

/** A scenario's operating conditions with their data files read and validated. */
export interface ConditionsInputs {
  settings: ScenarioConditions;
  weather: WeatherData | null;
  hospitals: Hospital[] | null;
}

/**
 * Reads the files a scenario's `conditions` block names: the weather availability data
 * (validated, including that its monthly shares follow its own documented rule) and the
 * receiving hospitals (Points; with `kinds`, only features whose `properties.kind` is listed —
 * e.g. prefecture seats as hospital proxies). `null` when the scenario has no conditions.
 *
 * @example
 * const conditions = await readConditions(loaded.scenario.conditions, loaded.file);
 */
export async function readConditions(settings: ScenarioConditions | undefined, file?: string): Promise<ConditionsInputs | null> {
  if (!settings) return null;
  let weather: WeatherData | null = null;
  if (settings.weather) {
    const path = settings.weather.file;
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new AirreachError('E_FILE_READ', `cannot read the weather data ${path}`, {
        value: (error as NodeJS.ErrnoException).code ?? (error as Error).message,
        where: { file, field: '/conditions/weather/file' },
        cause: error,
      });
    }
    weather = validateWeatherData(raw, { file: path });
  }
  let hospitals: Hospital[] | null = null;
  if (settings.hospitals) {
    const layer = await readGeoJsonFile(settings.hospitals.file);
    hospitals = hospitalsFromCandidates(layer.collection, settings.hospitals.kinds ? { kinds: settings.hospitals.kinds } : {});
  }
  return { settings, weather, hospitals };
}
