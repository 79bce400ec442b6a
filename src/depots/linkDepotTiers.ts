import { AirreachError } from '../errors.js';

/** A depot (chosen or existing) in a tier; tier 0 is the top (provincial / central). */
export interface TieredDepot {
  id: string;
  /** 0 = provincial / central, 1 = municipal, 2 = county, … */
  tierLevel: number;
}

/** Per depot: its parent (a depot one tier up within the limit) and the minutes to it. */
export interface DepotTierLink {
  depotId: string;
  parentId: string;
  minutes: number;
}

/**
 * Links every depot below the top tier to the nearest depot one tier up, and checks the tier
 * rule: the trip must take at most `maxMinutesToUpper[tierLevel]` minutes (index by the lower
 * depot's level; entry 0 is unused). `minutes(a, b)` gives the ground minutes between depots
 * by index. Ties go to the lowest index.
 *
 * Throws `E_INFEASIBLE` naming every depot the rule cannot serve (no depot one tier up within
 * the limit, or no depot in that tier at all), with `value` listing them and their nearest
 * upper-tier minutes.
 *
 * @example
 * const links = linkDepotTiers(depots, (a, b) => minutes[a * depots.length + b], [0, 240, 120]);
 */
export function linkDepotTiers(
  depots: readonly TieredDepot[],
  minutes: (from: number, to: number) => number,
  maxMinutesToUpper: readonly number[],
): DepotTierLink[] {
  const links: DepotTierLink[] = [];
  const unserved: Array<{ depotId: string; tierLevel: number; nearestUpperMinutes: number | null; limitMinutes: number }> = [];
  depots.forEach((depot, d) => {
    if (!Number.isInteger(depot.tierLevel) || depot.tierLevel < 0) {
      throw new AirreachError('E_OPTION', 'tierLevel must be an integer ≥ 0', { value: depot.tierLevel, where: { field: `depots[${d}].tierLevel` } });
    }
    if (depot.tierLevel === 0) return;
    const limit = maxMinutesToUpper[depot.tierLevel];
    if (!(limit >= 0)) {
      throw new AirreachError('E_OPTION', `no time limit for tier ${depot.tierLevel}`, { value: limit, where: { field: `maxMinutesToUpper[${depot.tierLevel}]` } });
    }
    let best = -1;
    let bestMinutes = Infinity;
    depots.forEach((upper, u) => {
      if (upper.tierLevel !== depot.tierLevel - 1) return;
      const value = minutes(d, u);
      if (value < bestMinutes) {
        bestMinutes = value;
        best = u;
      }
    });
    if (best === -1 || bestMinutes > limit) {
      unserved.push({ depotId: depot.id, tierLevel: depot.tierLevel, nearestUpperMinutes: best === -1 ? null : bestMinutes, limitMinutes: limit });
    } else {
      links.push({ depotId: depot.id, parentId: depots[best].id, minutes: bestMinutes });
    }
  });
  if (unserved.length > 0) {
    const names = unserved.map((u) => `${u.depotId} (tier ${u.tierLevel}: ${u.nearestUpperMinutes === null ? 'no depot one tier up' : `${Math.round(u.nearestUpperMinutes)} min`} > ${u.limitMinutes} min)`);
    throw new AirreachError('E_INFEASIBLE', `the tier rule cannot serve ${unserved.length} depot(s): ${names.join(', ')}`, {
      value: unserved,
      where: { field: 'maxMinutesToUpper' },
      hint: 'Add or allow an upper-tier depot nearer to them, or relax the tier time limit',
    });
  }
  return links;
}
