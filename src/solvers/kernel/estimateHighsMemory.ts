import type { ModelName } from '../../models/sitingProblem.js';
import type { SolveSizes } from './estimateSolveSize.js';

/**
 * Bytes of HiGHS's WebAssembly memory, measured as the high-water mark of its memory (it grows in
 * steps of about 1.2 ×) in one thread, on siting questions of today's grid (resolution 7, 46,344
 * cells with demand) with 500 to 3,000 random candidate sites in the province, one question a run
 * (2026-12-07). "estimate" is {@link estimateHighsMemory} on the sizes known before any matrix
 * is built (the scenario's check, `checkQuestionSolveSize`, with the pairs estimated):
 *
 * | question, sites                 | HiGHS's largest model: rows × columns, entries | pairs estimated | measured                       | estimate  |
 * | ------------------------------- | ---------------------------------------------- | --------------- | ------------------------------ | --------- |
 * | MEXCLP (18 aircraft), 500       | 13,894 × 50,741, 0.44 M (LP), then a MIP       | 1.2 M           | 157, 391 MiB                   | 935 MiB   |
 * | MEXCLP, 1,000                   | 29,698 × 109,117, 1.78 M (LP)                  | 2.4 M           | 588 MiB                        | 1.4 GiB   |
 * | MEXCLP, 2,000                   | 42,858 × 155,451, 5.02 M (LP)                  | 4.8 M           | 1,460 MiB                      | 2.4 GiB   |
 * | MEXCLP, 3,000                   | 45,504 × 168,041, 7.88 M (LP)                  | 7.2 M           | over 2 GiB: aborted after 20 s | 3.4 GiB   |
 * | MALP (18 aircraft), 1,000       | 29,738 × 30,739, 1.71 M (LP)                   | 2.4 M           | 517 MiB                        | 1.3 GiB   |
 * | phased rollout (2 × 5), 1,000   | 5,000 × 68,203, 3.73 M (LP)                    | 2.4 M           | 261 MiB                        | 1.5 GiB   |
 * | fair max-min (10 new), 1,000    | 21,848 × 22,461, 1.16 M (MIP)                  | 2.4 M           | 498 MiB                        | 1.3 GiB   |
 * | MCLP (20 new), 1,000            | 614 × 22,462, 1.14 M (LP bound)                | 2.4 M           | 65 MiB                         | 246 MiB   |
 * | set covering, 1,000             | 3,207 × 516, 0.16 M (MIP)                      | 2.4 M           | 218 MiB                        | 246 MiB   |
 * | today.json, all 10 questions    | 1,107 × 16,614, 0.03 M (LP)                    | 0.17-2.5 M      | 24 MiB                         | ≤ 493 MiB |
 *
 * A fixed part, per row or column, per matrix entry, and per cell of the basis factor's dense
 * part (a site column covers most demand rows, so its LU factor fills in: at most min(sites,
 * rows) × rows cells); the MEXCLP's layers and the phased rollout's years are counted at their
 * most. An upper bound on every case measured, 1.1 to 20 × the peak (20 × on today's small
 * models): the 2,000-site MEXCLP, which fits, is estimated over 2 GiB with the 3,000-site one,
 * which does not.
 *
 * No lower bound is drawn from these sizes. What HiGHS certainly holds is the model it is handed:
 * its entries, 12 bytes each (index and value), twice while they are handed over (the caller's
 * copy in HiGHS's heap and HiGHS's own; measured 39-45 bytes an entry after handing it models of
 * 2 and 4 M entries, before any solve). But the entries the solvers hand it were as few as 1.2 %
 * of the pairs estimated (today's questions: at most 0.03 M entries for up to 2.5 M pairs), and up
 * to 155 % (the phased rollout): demand points with the same sites within reach are merged into
 * one row, and dominated rows and columns are dropped, so a model's entries follow its distinct
 * cover sets, which only the built matrix tells. At 1.2 % the least a question needs would pass
 * 2 GiB only beyond 7.5e9 pairs, 28 × what the siting matrices' own budget (`checkSitingBudget`,
 * 2.7e8 pairs) lets through: a memory check made before the coverage can only warn.
 *
 * @example
 * HIGHS_MEMORY_RATES.perFactorCell * 3_000 * 46_344; // the factor of 3,000 sites over 46,344 rows: 2.8 GB
 */
export const HIGHS_MEMORY_RATES = { base: 64 * 2 ** 20, perVector: 300, perEntry: 64, perFactorCell: 20 };

/**
 * Estimates, from declared sizes alone (nothing is allocated), the most memory HiGHS's
 * WebAssembly may take on the model `model`'s solver builds (bytes; an upper bound, see
 * {@link HIGHS_MEMORY_RATES}): over `HIGHS_MEMORY_BYTES` (2 GiB) the solve may not fit, and
 * under it, it does on every case measured. 0 for a model solved without HiGHS (p-median and its
 * capacitated kinds). Kept apart from `estimateSolveSize`, whose estimate `airreach solve`
 * refuses instances on, so that this one changes no refusal there.
 *
 * @example
 * estimateHighsMemory('expectedCovering', { demandCount: 46_344, siteCount: 3_002, pairCount: 7.2e6, openCount: 18, aircraftCount: 18, aircraftPerSite: 3 }); // 3.4 GiB
 */
export function estimateHighsMemory(model: ModelName, sizes: SolveSizes): number {
  const { demandCount: n, siteCount: m, pairCount: pairs } = sizes;
  const p = Math.min(sizes.openCount ?? 1, m);
  let most = 0;
  const highs = (vectors: number, entries: number) => {
    most += HIGHS_MEMORY_RATES.perVector * vectors + HIGHS_MEMORY_RATES.perEntry * entries;
  };
  // A demand point no site reaches makes no row; a site no demand pairs with is reduced away.
  const rows = Math.min(n, pairs);
  const columns = Math.min(m, pairs);
  // The basis factor's dense part: its dense columns over the model's rows.
  const factor = (dense: number, rowCount: number) => {
    most += HIGHS_MEMORY_RATES.perFactorCell * Math.min(dense, rowCount) * rowCount;
  };
  switch (model) {
    case 'setCovering':
    case 'maximalCovering':
    case 'pCenter':
      // Their LP bound is the dual: a row per site, the demand columns dense; the MIP's rows are
      // reduced by dominance (3,207 of 29,698 on 1,000 sites).
      highs(0, pairs);
      highs(rows, rows);
      highs(m, m);
      factor(rows, columns);
      break;
    case 'backupCovering':
      highs(0, pairs);
      highs(4 * rows, 5 * rows);
      highs(m, m);
      factor(rows, columns);
      break;
    case 'expectedCovering': {
      const aircraft = sizes.aircraftCount ?? p;
      const perSite = sizes.aircraftPerSite ?? aircraft;
      // One column per demand point and aircraft that could reach it: at most the aircraft of
      // the sites that reach the point, so also at most the pairs times the aircraft a site holds.
      const layers = Math.min(n * Math.min(aircraft, m * perSite), pairs * Math.min(aircraft, perSite));
      highs(0, pairs);
      highs(layers, 2 * layers);
      highs(rows, 0);
      factor(columns, rows);
      break;
    }
    case 'maximumAvailability':
    case 'doubleStandard':
    case 'fairCovering':
    case 'phasedRollout': {
      // The demand rows are grouped by their cover sets first, so a phased rollout's years
      // repeat far fewer entries than its pairs (5 years on 1,000 candidates: 1.5 × the pairs,
      // not 5 ×): counted as twice the pairs, not per period.
      const periods = sizes.periods ?? 1;
      highs(0, 2 * pairs);
      highs(4 * periods * rows, 4 * periods * rows);
      highs(2 * periods * m, 4 * periods * m);
      factor(columns, rows);
      break;
    }
    default:
      return 0;
  }
  return most + HIGHS_MEMORY_RATES.base;
}
