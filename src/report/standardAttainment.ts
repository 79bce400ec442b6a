import type { DemandGrid } from '../grid/demandGrid.js';
import { resolveOptions } from '../resolveOptions.js';
import type { CellOutcomes } from './coverageReport.js';

/**
 * Whether one response standard is met in one period: every named hazard site reached, and
 * the shares of area and people reached against the targets.
 *
 * @example
 * const a: StandardAttainment = standardAttainment(grid, outcomes)[0];
 * a.met ? 'met' : `${a.sitesTotal - a.sitesReached} sites not reached`;
 */
export interface StandardAttainment {
  standardMinutes: number;
  sitesReached: number;
  sitesTotal: number;
  /** Names of the sites not reached within the standard, in layer order. */
  unreachedSites: string[];
  /** Share of the land area (cells inside a region; every cell when there are no regions) reached. */
  areaShare: number;
  /** Share of the population reached (1 when the grid has no population: see `peopleTotal`). */
  peopleShare: number;
  /** Persons in the grid; 0 when the scenario has no population layer (or its places all fell outside), so `peopleShare` says nothing. */
  peopleTotal: number;
  met: boolean;
}

/** Options of {@link standardAttainment}. */
export interface StandardAttainmentOptions {
  /** Area share a standard must reach to count as met. */
  areaTarget?: number;
  /** Population share a standard must reach to count as met. */
  peopleTarget?: number;
}

/**
 * Defaults of {@link standardAttainment}: the standard read literally, "everywhere": every site,
 * all of the land, all of the people. A plan that promises less sets lower targets.
 */
export const DEFAULT_STANDARD_ATTAINMENT_OPTIONS: Required<StandardAttainmentOptions> = {
  areaTarget: 1,
  peopleTarget: 1,
};

// Shares are sums of floating-point cell values: a share within this of the target meets it.
const SHARE_TOLERANCE = 1e-9;

/**
 * Per standard of `outcomes`: the named sites reached (a site is reached when its cell is),
 * the area and population shares reached, and whether all three meet their targets.
 *
 * @example
 * standardAttainment(grid, outcomes).map((a) => `${a.standardMinutes} min: ${a.met ? 'met' : 'not met'}`);
 */
export function standardAttainment(grid: DemandGrid, outcomes: CellOutcomes, options: StandardAttainmentOptions = {}): StandardAttainment[] {
  const { areaTarget, peopleTarget } = resolveOptions(DEFAULT_STANDARD_ATTAINMENT_OPTIONS, options);
  const sites = grid.sites ?? [];
  const land = (c: number) => grid.regionNames.length === 0 || grid.region[c] >= 0;
  let landKm2 = 0;
  let people = 0;
  for (let c = 0; c < grid.cellCount; c++) {
    if (land(c)) landKm2 += grid.areaKm2[c];
    people += grid.population[c];
  }
  return outcomes.standardsMinutes.map((standardMinutes, k) => {
    const reach = outcomes.reachCounts[k];
    let areaKm2 = 0;
    let reachedPeople = 0;
    for (let c = 0; c < grid.cellCount; c++) {
      if (reach[c] === 0) continue;
      if (land(c)) areaKm2 += grid.areaKm2[c];
      reachedPeople += grid.population[c];
    }
    const unreachedSites = sites.filter((site) => reach[site.cell] === 0).map((site) => site.name);
    const areaShare = landKm2 > 0 ? areaKm2 / landKm2 : 1;
    const peopleShare = people > 0 ? reachedPeople / people : 1;
    return {
      standardMinutes,
      sitesReached: sites.length - unreachedSites.length,
      sitesTotal: sites.length,
      unreachedSites,
      areaShare,
      peopleShare,
      peopleTotal: people,
      met: unreachedSites.length === 0 && areaShare >= areaTarget - SHARE_TOLERANCE && peopleShare >= peopleTarget - SHARE_TOLERANCE,
    };
  });
}

/** A standard in a period, e.g. the one that binds. */
export interface PeriodStandard {
  period: string;
  standardMinutes: number;
}

/**
 * The binding standard: standards are nested (met within S ⇒ met within any longer one), so in
 * a period the one to fix first is the **longest standard not met**; day comes before night
 * (periods in the order given). `null` when every standard is met in every period.
 *
 * @example
 * bindingStandard([{ period: 'day', attainment }, { period: 'night', attainment: nightAttainment }]); // { period: 'day', standardMinutes: 120 }
 */
export function bindingStandard(periods: ReadonlyArray<{ period: string; attainment: readonly StandardAttainment[] }>): PeriodStandard | null {
  for (const { period, attainment } of periods) {
    const unmet = attainment.filter((a) => !a.met);
    if (unmet.length > 0) return { period, standardMinutes: Math.max(...unmet.map((a) => a.standardMinutes)) };
  }
  return null;
}
