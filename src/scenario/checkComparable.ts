import { AirreachError } from '../errors.js';
import { DEFAULT_DEMAND_GRID_OPTIONS } from '../grid/buildDemandGrid.js';
import type { LoadedScenario } from './loadScenario.js';
import { DEFAULT_SCENARIO_SETTINGS } from './runCoverage.js';

/**
 * Options of {@link checkComparable}.
 *
 * @example
 * const options: CheckComparableOptions = { standardMinutes: 60 };
 */
export interface CheckComparableOptions {
  /** The standard of the difference maps asked for (`--standard`): it must be computed in every scenario. */
  standardMinutes?: number;
}

/**
 * Defaults of {@link checkComparable}: no standard asked for (the maps take the one where the runs differ most).
 *
 * @example
 * DEFAULT_CHECK_COMPARABLE_OPTIONS.standardMinutes; // undefined
 */
export const DEFAULT_CHECK_COMPARABLE_OPTIONS: CheckComparableOptions = { standardMinutes: undefined };

/**
 * Refuses, from the scenario files alone and so before any grid or coverage is computed, a
 * comparison whose runs could not be compared: other standards than the first scenario's, another
 * grid resolution, no operating period in common, or a `standardMinutes` (`--standard`) that a
 * scenario does not compute. Each was found only once every scenario's coverage was computed
 * (on the national case, two minutes a scenario). Throws `E_OPTION` at the scenario file and
 * JSON path that differs.
 *
 * @example
 * checkComparable([today, east], ['today', 'east'], { standardMinutes: 60 });
 */
export function checkComparable(loaded: readonly LoadedScenario[], labels: readonly string[], options: CheckComparableOptions = {}): void {
  const standardMinutes = options.standardMinutes ?? DEFAULT_CHECK_COMPARABLE_OPTIONS.standardMinutes;
  const standardsOf = (one: LoadedScenario) => [...(one.scenario.standardsMinutes ?? DEFAULT_SCENARIO_SETTINGS.standardsMinutes)].sort((a, b) => a - b);
  const resolutionOf = (one: LoadedScenario) => one.scenario.grid?.resolution ?? DEFAULT_DEMAND_GRID_OPTIONS.resolution;
  const periodsOf = (one: LoadedScenario) => one.scenario.periods ?? DEFAULT_SCENARIO_SETTINGS.periods;
  // Two scenarios of one name (a variant that extends another keeps its name) are told apart by their files.
  const name = (k: number) => (labels.filter((label) => label === labels[k]).length > 1 ? `${labels[k]} (${loaded[k].file})` : labels[k]);
  const first = loaded[0];
  loaded.forEach((one, k) => {
    if (standardsOf(one).join(',') !== standardsOf(first).join(',')) {
      throw new AirreachError('E_OPTION', `scenario ${name(k)} uses other standards than ${name(0)}`, {
        value: standardsOf(one),
        where: { file: one.file, field: '/standardsMinutes' },
        expected: `[${standardsOf(first).join(',')}]`,
        hint: 'Compare scenarios with the same standardsMinutes',
      });
    }
    if (resolutionOf(one) !== resolutionOf(first)) {
      throw new AirreachError('E_OPTION', `scenario ${name(k)} uses another H3 resolution than ${name(0)}, so their cells cannot be compared`, {
        value: resolutionOf(one),
        where: { file: one.file, field: '/grid/resolution' },
        expected: `${resolutionOf(first)}`,
        hint: 'Compare scenarios with the same grid.resolution (set it in a shared base scenario they extend)',
      });
    }
  });
  // The first scenario after which no period is left in common is the one to change.
  let common = periodsOf(first);
  loaded.forEach((one, k) => {
    const left = common.filter((period) => periodsOf(one).includes(period));
    if (left.length === 0) {
      throw new AirreachError('E_OPTION', `scenario ${name(k)} has no operating period in common with the scenarios before it`, {
        value: periodsOf(one),
        where: { file: one.file, field: '/periods' },
        expected: `one of ${common.join(', ')}`,
        hint: 'Compute the same periods (day, night) in every scenario',
      });
    }
    common = left;
  });
  if (standardMinutes !== undefined && !standardsOf(first).includes(standardMinutes)) {
    throw new AirreachError('E_OPTION', `standard ${standardMinutes} min is not computed in the scenarios compared`, {
      value: standardMinutes,
      where: { field: 'standardMinutes' },
      expected: `one of ${standardsOf(first).join(', ')}`,
      hint: 'Give --standard one of the scenarios\' standardsMinutes, or leave it out (the maps then take the standard where the runs differ most)',
    });
  }
}
