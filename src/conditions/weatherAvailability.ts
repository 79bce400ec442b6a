import { AirreachError, type ErrorLocation } from '../errors.js';

/** A season of the weather data; months are listed in `WeatherData.seasons`. */
export type Season = 'winter' | 'spring' | 'summer' | 'autumn';
/** The weather categories counted as unflyable days. */
export type WeatherHazard = 'fog' | 'gale' | 'thunderstorm' | 'snow';

/** An annual count of days with a weather hazard, with its published range and source. */
export interface AnnualDays {
  /** The value used: the middle of the published range. */
  central: number;
  /** The published range, [low, high] days a year. */
  range: [number, number];
  /** Where the range comes from, or `ASSUMPTION: …` with the reasoning. */
  source: string;
}

/** One climate zone of the weather data (e.g. inland or coastal Liaoning). */
export interface WeatherZone {
  description: string;
  annualDays: Record<WeatherHazard, AnnualDays>;
}

/**
 * The weather availability data set (`data/liaoning/conditions/weather.json`): the inputs (annual
 * hazard days per zone, the seasonal split of each hazard), the rule, and the derived flyable
 * share per zone and month, which {@link deriveFlyableShares} recomputes from the inputs.
 */
export interface WeatherData {
  name: string;
  description: string;
  rule: string;
  seasons: Record<Season, number[]>;
  /** Share of each hazard's annual days falling in each season (sums to 1 per hazard). */
  seasonalWeights: Record<WeatherHazard, Record<Season, number> & { basis: string }>;
  zones: Record<string, WeatherZone>;
  /** The unflyable share is capped here (fog and gale days overlap; a day is lost at most once). */
  maxUnflyableShare: number;
  /** Derived shares are rounded to this step (the inputs do not support more precision). */
  roundTo: number;
  /** Per zone, the flyable share of January…December. */
  flyableShareByMonth: Record<string, number[]>;
  sources: Array<{ id: string; title: string; url: string; facts: string }>;
}

/** Options of {@link weatherAvailability}. */
export interface WeatherAvailabilityOptions {
  /** Zone of the data set to read. */
  zone?: string;
}

/** Defaults of {@link weatherAvailability}: the inland zone (most of the province's area). */
export const DEFAULT_WEATHER_AVAILABILITY_OPTIONS: Readonly<Required<WeatherAvailabilityOptions>> = Object.freeze({ zone: 'inland' });

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const hazards: WeatherHazard[] = ['fog', 'gale', 'thunderstorm', 'snow'];
const seasons: Season[] = ['winter', 'spring', 'summer', 'autumn'];

/**
 * The flyable share (0…1) of a month (1–12) or of the whole year (days-weighted mean of the
 * months) in one zone of a {@link WeatherData} set: the probability that weather lets a
 * helicopter fly at a random time of that period.
 *
 * @example
 * const weather = JSON.parse(readFileSync(join(bundledDataFolder(), 'liaoning', 'conditions', 'weather.json'), 'utf8'));
 * weatherAvailability(7, weather);                      // -> 0.75 (inland, summer)
 * weatherAvailability('year', weather, { zone: 'coastal' }); // ≈ 0.64
 */
export function weatherAvailability(month: number | 'year', data: WeatherData, options: WeatherAvailabilityOptions = {}): number {
  const zone = options.zone ?? DEFAULT_WEATHER_AVAILABILITY_OPTIONS.zone;
  const shares = data?.flyableShareByMonth?.[zone];
  if (!Array.isArray(shares) || shares.length !== 12) {
    throw new AirreachError('E_OPTION', `the weather data has no monthly shares for zone ${JSON.stringify(zone)}`, {
      value: zone,
      where: { field: 'zone' },
      expected: `one of ${Object.keys(data?.flyableShareByMonth ?? {}).join(', ')}`,
    });
  }
  if (month === 'year') {
    let sum = 0;
    for (let m = 0; m < 12; m++) sum += shares[m] * daysInMonth[m];
    return sum / 365;
  }
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new AirreachError('E_OPTION', 'month out of range', { value: month, where: { field: 'month' }, expected: 'an integer 1…12 or "year"' });
  }
  return shares[month - 1];
}

/**
 * The documented rule that turns the inputs of a {@link WeatherData} set into flyable shares, per
 * zone and month: in season s,
 *
 *   unflyable days = Σ_hazard annualDays.central × seasonalWeights[hazard][s]
 *   flyable share  = round(1 − min(maxUnflyableShare, unflyable days / days in s), roundTo)
 *
 * and every month of a season gets the season's value. Each hazard day counts as a whole day
 * lost: conservative for fog (most Shenyang fogs last 1–2 h, mostly between 02:00 and 08:00) and
 * for gale days (helicopters fly in many of them), optimistic where hazards of one day overlap —
 * hence the rounding to `roundTo`.
 *
 * @example
 * deriveFlyableShares(weather).inland; // -> [0.8, 0.8, 0.85, …] January…December
 */
export function deriveFlyableShares(data: Omit<WeatherData, 'flyableShareByMonth'>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [zoneName, zone] of Object.entries(data.zones)) {
    const months = new Array<number>(12).fill(Number.NaN);
    for (const season of seasons) {
      const seasonMonths = data.seasons[season];
      let seasonDays = 0;
      for (const m of seasonMonths) seasonDays += daysInMonth[m - 1];
      let unflyableDays = 0;
      for (const hazard of hazards) unflyableDays += zone.annualDays[hazard].central * data.seasonalWeights[hazard][season];
      const unflyable = Math.min(data.maxUnflyableShare, unflyableDays / seasonDays);
      const share = Math.round((1 - unflyable) / data.roundTo) * data.roundTo;
      for (const m of seasonMonths) months[m - 1] = Number(share.toFixed(6));
    }
    out[zoneName] = months;
  }
  return out;
}

/**
 * Checks a weather data set read from JSON and returns it typed: 12 months split into the four
 * seasons, seasonal weights summing to 1 per hazard, non-negative day counts within their range,
 * a source for every count, shares in [0, 1] for 12 months per zone and for no other zone, and those shares equal to
 * what {@link deriveFlyableShares} derives. Throws `E_PROPERTY` naming the field.
 *
 * @example
 * const weather = validateWeatherData(JSON.parse(text), { file: 'weather.json' });
 */
export function validateWeatherData(raw: unknown, where: ErrorLocation = {}): WeatherData {
  const fail = (field: string, value: unknown, expected: string): never => {
    throw new AirreachError('E_PROPERTY', 'the weather data is invalid', { value, where: { ...where, field }, expected });
  };
  if (typeof raw !== 'object' || raw === null) return fail('/', raw, 'an object');
  // Numbers must be numbers: JSON text such as "0.8" passed `>=` by coercion, and seasonal
  // weights written as text were joined as strings, so their sum was NaN and passed its check too.
  const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
  const data = raw as WeatherData;
  const seen = new Set<number>();
  for (const season of seasons) {
    const months = data.seasons?.[season];
    if (!Array.isArray(months)) fail(`/seasons/${season}`, months, 'a list of months');
    for (const m of months) {
      if (!Number.isInteger(m) || m < 1 || m > 12 || seen.has(m)) fail(`/seasons/${season}`, m, 'distinct months 1…12');
      seen.add(m);
    }
  }
  if (seen.size !== 12) fail('/seasons', data.seasons, 'all 12 months, each in one season');
  for (const hazard of hazards) {
    const weights = data.seasonalWeights?.[hazard];
    if (!weights || typeof weights.basis !== 'string' || weights.basis.length === 0) fail(`/seasonalWeights/${hazard}/basis`, weights?.basis, 'the basis of the split');
    let sum = 0;
    for (const season of seasons) {
      const w = weights[season];
      if (!(isNumber(w) && w >= 0 && w <= 1)) fail(`/seasonalWeights/${hazard}/${season}`, w, 'a share in [0, 1]');
      sum += w;
    }
    if (Math.abs(sum - 1) > 1e-9) fail(`/seasonalWeights/${hazard}`, sum, 'seasonal shares summing to 1');
  }
  for (const key of ['maxUnflyableShare', 'roundTo'] as const) {
    if (!(isNumber(data[key]) && data[key] > 0 && data[key] <= 1)) fail(`/${key}`, data[key], 'a number in (0, 1]');
  }
  const zoneNames = Object.keys(data.zones ?? {});
  if (zoneNames.length === 0) fail('/zones', data.zones, 'at least one zone');
  for (const zoneName of zoneNames) {
    for (const hazard of hazards) {
      const days = data.zones[zoneName].annualDays?.[hazard];
      const field = `/zones/${zoneName}/annualDays/${hazard}`;
      if (!days || typeof days.source !== 'string' || days.source.length === 0) fail(`${field}/source`, days?.source, 'a source or an ASSUMPTION note');
      if (!Array.isArray(days.range) || days.range.length !== 2 || !(isNumber(days.range[0]) && isNumber(days.range[1]) && days.range[0] >= 0 && days.range[0] <= days.range[1] && days.range[1] <= 366)) {
        fail(`${field}/range`, days.range, '[low, high] days with 0 ≤ low ≤ high ≤ 366');
      }
      if (!(isNumber(days.central) && days.central >= days.range[0] && days.central <= days.range[1])) fail(`${field}/central`, days.central, 'a value within the range');
    }
    const shares = data.flyableShareByMonth?.[zoneName];
    if (!Array.isArray(shares) || shares.length !== 12) fail(`/flyableShareByMonth/${zoneName}`, shares, '12 monthly shares');
    shares.forEach((s, m) => {
      if (!(isNumber(s) && s >= 0 && s <= 1)) fail(`/flyableShareByMonth/${zoneName}/${m}`, s, 'a share in [0, 1]');
    });
  }
  // Every zone the shares name has inputs: a zone with shares only ("alpine": [5, 5, …]) was
  // neither range-checked nor derived, and a scenario reading it reported a flyable share of 5.
  if (typeof data.flyableShareByMonth !== 'object' || data.flyableShareByMonth === null) fail('/flyableShareByMonth', data.flyableShareByMonth, 'the monthly shares of each zone');
  for (const zoneName of Object.keys(data.flyableShareByMonth)) {
    if (!zoneNames.includes(zoneName)) fail(`/flyableShareByMonth/${zoneName}`, data.flyableShareByMonth[zoneName], `the shares of a zone of /zones (${zoneNames.join(', ')}): every zone's shares are derived from its annualDays`);
  }
  if (!Array.isArray(data.sources) || data.sources.length === 0) fail('/sources', data.sources, 'the list of sources');
  const derived = deriveFlyableShares(data);
  for (const zoneName of zoneNames) {
    derived[zoneName].forEach((s, m) => {
      if (Math.abs(s - data.flyableShareByMonth[zoneName][m]) > 1e-9) {
        fail(`/flyableShareByMonth/${zoneName}/${m}`, data.flyableShareByMonth[zoneName][m], `${s}, as the rule derives from the inputs`);
      }
    });
  }
  return data;
}
