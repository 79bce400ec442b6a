import type { CellOutcomes } from '../coverageReport.js';
import { formatNumber } from './htmlPage.js';

/**
 * Blue shades for the covered tiers (ColorBrewer YlGnBu, dark = fast), then orange for "reachable
 * but beyond the last standard" and red for "no aircraft can reach": readable for the common
 * colour-vision deficiencies, since the steps differ in lightness as well as hue.
 */
const TIER_SHADES = ['#0c2c84', '#225ea8', '#1d91c0', '#41b6c4', '#7fcdbb', '#c7e9b4'];
const BEYOND_COLOUR = '#fd8d3c';
const UNREACHABLE_COLOUR = '#bd0026';

/**
 * The map's colour classes for the standards: class k < K is "reached within standard k and not
 * within any faster one", class K is "reachable, but beyond the last standard", class K+1 is
 * "no aircraft can reach the cell". Each entry has its colour and legend label.
 *
 * @example
 * responseLegend([30, 60, 120]).map((c) => c.label); // ['≤ 30 min', '≤ 60 min', '≤ 120 min', '> 120 min', 'unreachable']
 */
export function responseLegend(standardsMinutes: readonly number[]): Array<{ label: string; colour: string }> {
  const count = standardsMinutes.length;
  const last = TIER_SHADES.length - 1;
  const tiers = standardsMinutes.map((standard, k) => ({
    label: `≤ ${formatNumber(standard)} min`,
    // Spread the shades evenly; with one standard use a mid shade.
    colour: TIER_SHADES[count === 1 ? 1 : Math.round(1 + (k * (last - 1)) / (count - 1))],
  }));
  return [
    ...tiers,
    { label: `> ${formatNumber(standardsMinutes[count - 1])} min`, colour: BEYOND_COLOUR },
    { label: 'unreachable', colour: UNREACHABLE_COLOUR },
  ];
}

/**
 * The colour class (see {@link responseLegend}) of each listed cell. Classes come from the
 * redundancy counts, exactly as the tier table counts coverage, so the cells of classes ≤ k add
 * up to the table's covered cells within standard k.
 *
 * @example
 * const classes = responseClasses(outcomes, cells); // Uint8Array, one class per listed cell
 */
export function responseClasses(outcomes: CellOutcomes, cells: ArrayLike<number>): Uint8Array {
  const count = outcomes.standardsMinutes.length;
  const out = new Uint8Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    let k = 0;
    while (k < count && outcomes.reachCounts[k][c] === 0) k++;
    out[i] = k < count ? k : Number.isFinite(outcomes.responseMinutes[c]) ? count : count + 1;
  }
  return out;
}
