import type { Period } from '../travel/aircraft.js';

/**
 * Defaults a scenario may leave out (in a module of their own: the output names of a scenario,
 * known before its layers are read, need its periods without the coverage pipeline).
 *
 * @example
 * const periods = scenario.periods ?? DEFAULT_SCENARIO_SETTINGS.periods; // ['day', 'night']
 */
export const DEFAULT_SCENARIO_SETTINGS = {
  standardsMinutes: [30, 60, 120],
  periods: ['day', 'night'] as Period[],
  cells: 'all' as 'all' | 'demand',
};
