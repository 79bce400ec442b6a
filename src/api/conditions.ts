/**
 * `airreach/conditions`: Operating conditions: daylight and night share, weather availability, busy aircraft, the hospital leg.
 * Advanced pieces beside the root export (`airreach`); internals stay unexported.
 *
 * @example
 * import { daylightWindow } from 'airreach/conditions';
 */
export { DEFAULT_EXPECTED_COVERAGE_OPTIONS, aircraftAvailability, availabilityBusyFraction, expectedCoverage, type ExpectedCoverageOptions, type WeatherDependence } from '../conditions/availabilityBusyFraction.js';
export { blendDayNight, weightedShare } from '../conditions/blendDayNight.js';
export { DEFAULT_DAYLIGHT_WINDOW_OPTIONS, daylightWindow, windowFromTimes, type DaylightWindow, type DaylightWindowOptions } from '../conditions/daylightWindow.js';
export { DEFAULT_HOSPITALS_FROM_CANDIDATES_OPTIONS, DEFAULT_HOSPITAL_LEG_OPTIONS, DEFAULT_HOSPITAL_RANGE_OPTIONS, hospitalLegMinutes, hospitalMissionWithinRange, hospitalsFromCandidates, nearestHospitals, patientInHospitalMinutes, type Hospital, type HospitalLegOptions, type HospitalRangeOptions, type HospitalsFromCandidatesOptions, type NearestHospitals } from '../conditions/hospitalLegMinutes.js';
export { DEFAULT_HOSPITALS_FROM_POINTS_OPTIONS, hospitalsFromPoints, type HospitalsFromPointsOptions } from '../conditions/hospitalsFromPoints.js';
export { DEFAULT_NIGHT_SHARE_OPTIONS, nightShare, type NightShareOptions, type NightSharePeriod } from '../conditions/nightShare.js';
export { DEFAULT_NIGHT_SHARE_BY_CELL_OPTIONS, nightShareByCell, type NightShareByCellOptions } from '../conditions/nightShareByCell.js';
export { DEFAULT_WEATHER_AVAILABILITY_OPTIONS, deriveFlyableShares, validateWeatherData, weatherAvailability, type AnnualDays, type Season, type WeatherAvailabilityOptions, type WeatherData, type WeatherHazard, type WeatherZone } from '../conditions/weatherAvailability.js';
export { DEFAULT_WEATHER_ZONE_BY_CELL_OPTIONS, weatherZoneByCell, type WeatherZoneByCellOptions, type WeatherZoneMap } from '../conditions/weatherZoneByCell.js';
