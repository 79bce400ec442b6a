import type { WorkBudget } from '../kernel/workBudget.js';
import { openLpSession, withinHighsRange, type MilpModel } from '../milp/solveMilp.js';
import { coverByRegion, type RegionCoverRows } from './searchMaxMinCover.js';

/** How far below the floor a share may be and still count as at it (relative; rounding only, as in `searchMaxMinCover`). */
const FLOOR_TOLERANCE = 1e-12;

/** A node is closed when its LP bound exceeds the incumbent by no more than this (relative): HiGHS's MIP gap in `solveMilp`. */
const RELATIVE_GAP = 1e-9;

/** A site column counts as integral within this distance of 0 or 1 (HiGHS's MIP feasibility tolerance). */
const INTEGRALITY_TOLERANCE = 1e-6;

/** Options of {@link fairCoverLpBranchAndBound}. */
export interface FairCoverLpBranchAndBoundOptions {
  /** Node LPs the tree may solve before it stops short (counted, so the stop is deterministic). */
  nodeLimit?: number;
}

/** Defaults of {@link FairCoverLpBranchAndBoundOptions}. */
export const DEFAULT_FAIR_COVER_LP_BRANCH_AND_BOUND_OPTIONS = { nodeLimit: 200 };

/** What {@link fairCoverLpBranchAndBound} proved or found. */
export interface FairCoverLpBranchAndBound {
  /** The best site set found meeting every floor (ascending, p sites), or none. */
  sites: number[];
  /** Whether the tree was closed: `sites` is then an optimum (within 1e-9 relative), or, empty, a proof that no p sites meet the floors. */
  complete: boolean;
  /**
   * An upper bound on the covered weight: the root LP's (or the incumbent's, when larger) when
   * stopped short (∞ when no LP was solved: out of work at once, or values HiGHS refuses); when
   * complete, the incumbent's covered weight (0 with no sites).
   */
  bound: number;
  /** Node LPs solved. */
  nodes: number;
}

/**
 * An LP-based branch and bound for objective "total" of the fairness model on its compact
 * MILP (`buildFairCoverModel`, stage "total": columns 0 … siteCount − 1 the sites), for HiGHS's
 * LP alone: one LP session, each node's LP warm-started from its parent's basis with one site's
 * bounds changed. A node is closed when its LP is infeasible or bounded by the incumbent (within
 * 1e-9 relative); a node whose sites are integral is scored exactly (`coverByRegion`, every
 * region's share against `floorShare`) and offered as the incumbent; otherwise it branches on
 * the most fractional site (ties by lowest index), the side its LP leans to first, depth first.
 *
 * Why: on the bundled case HiGHS's MIP proves the 80 % floor at its root node, but a cold worker
 * spends about 2.5 s of CPU there (its cuts and heuristics, the MIP code run for the first time);
 * this tree closes it in 11 node LPs (1,087 simplex iterations), 0.4 s after the maximal
 * covering LPs of the same worker. `nodeLimit` and the work budget stop it short; the caller
 * then hands the rest to HiGHS's MIP from the incumbent.
 *
 * `start`: p sites to begin from, kept when they meet the floors (else none: a closed tree with
 * no sites proves that no p sites meet them). Deterministic: HiGHS's simplex is, the order of
 * the nodes is fixed.
 *
 * @example
 * const { model } = buildFairCoverModel(rows, state, siteCount, 12, 'total', 0.8 * (1 - 1e-12));
 * const tree = await fairCoverLpBranchAndBound(model, rows, siteCount, 12, maxMinSites, 0.8, budget);
 * if (tree.complete) tree.sites; // the most covered weight with every region at 80 %
 */
export async function fairCoverLpBranchAndBound(
  model: MilpModel,
  rows: RegionCoverRows,
  siteCount: number,
  p: number,
  start: readonly number[],
  floorShare: number,
  work: WorkBudget,
  options: FairCoverLpBranchAndBoundOptions = {},
): Promise<FairCoverLpBranchAndBound> {
  const nodeLimit = options.nodeLimit ?? DEFAULT_FAIR_COVER_LP_BRANCH_AND_BOUND_OPTIONS.nodeLimit;
  const { regionWeight } = rows;
  const regionCount = regionWeight.length;
  const covered = new Float64Array(regionCount);
  const flags = new Uint8Array(siteCount);
  /** The covered weight of the sites flagged, or −∞ when a region falls short of the floor. */
  const score = (): number => {
    work.spend(rows.offsets[rows.rowCount] + rows.rowCount);
    const total = coverByRegion(rows, flags, covered);
    for (let g = 0; g < regionCount; g++) if (regionWeight[g] > 0 && covered[g] < regionWeight[g] * floorShare * (1 - FLOOR_TOLERANCE)) return -Infinity;
    return total;
  };
  let best: number[] = [];
  let bestTotal = -Infinity;
  if (start.length === p) {
    for (const s of start) flags[s] = 1;
    const total = score();
    if (total > -Infinity) {
      best = [...start].sort((a, b) => a - b);
      bestTotal = total;
    }
  }

  // Values HiGHS refuses (weights from 1e15 up): no tree; the caller's MILP path says so.
  if (!withinHighsRange(model)) return { sites: best, complete: false, bound: Infinity, nodes: 0 };
  const lp = await openLpSession({ ...model, integer: new Uint8Array(model.integer.length) });
  const lower = Float64Array.from(model.columnLower);
  const upper = Float64Array.from(model.columnUpper);
  let nodes = 0;
  let stopped = false;
  let rootBound = Infinity;
  const closedBy = (bound: number) => bound <= bestTotal + RELATIVE_GAP * Math.max(1, Math.abs(bestTotal));
  const visit = (): void => {
    if (nodes >= nodeLimit || !work.canContinue()) {
      stopped = true;
      return;
    }
    nodes++;
    lp.setColumnBounds(lower, upper);
    const solved = lp.solve(work);
    if (solved.status === 'infeasible') return;
    if (solved.status !== 'optimal' || !solved.columnValues) {
      stopped = true;
      return;
    }
    if (nodes === 1) rootBound = solved.objective;
    if (closedBy(solved.objective)) return;
    const x = solved.columnValues;
    let branch = -1;
    let fraction = INTEGRALITY_TOLERANCE;
    for (let s = 0; s < siteCount; s++) {
      const f = Math.min(x[s], 1 - x[s]);
      if (f > fraction) {
        fraction = f;
        branch = s;
      }
    }
    if (branch < 0) {
      // Integral: scored exactly (the LP's floors hold to its tolerance only).
      for (let s = 0; s < siteCount; s++) flags[s] = x[s] > 0.5 ? 1 : 0;
      const total = score();
      if (total > bestTotal) {
        best = [];
        for (let s = 0; s < siteCount; s++) if (flags[s] === 1) best.push(s);
        bestTotal = total;
      } else if (total === -Infinity) stopped = true; // a floor met by the LP's tolerance only: not proven either way
      return;
    }
    const basis = lp.getBasis();
    const upFirst = x[branch] >= 0.5;
    for (const up of upFirst ? [true, false] : [false, true]) {
      if (stopped) return;
      const was = up ? lower[branch] : upper[branch];
      if (up) lower[branch] = 1;
      else upper[branch] = 0;
      lp.setBasis(basis);
      visit();
      if (up) lower[branch] = was;
      else upper[branch] = was;
    }
  };
  try {
    visit();
  } finally {
    lp.dispose();
  }
  if (stopped) return { sites: best, complete: false, bound: Math.max(bestTotal, rootBound), nodes };
  return { sites: best, complete: true, bound: best.length === p ? bestTotal : 0, nodes };
}
