import { AirreachError } from '../errors.js';
import { sitingProblemFromMatrix } from '../models/sitingProblemFromMatrix.js';
import type { SolveStatus, StoppedBy } from '../models/sitingProblem.js';
import { solveCapacitatedFacilityLocation } from '../solvers/capacitated/solveCapacitatedFacilityLocation.js';
import { solveCapacitatedPMedian } from '../solvers/capacitated/solveCapacitatedPMedian.js';
import type { WorkBudgetOptions } from '../solvers/kernel/workBudget.js';
import { greatCircleKm } from '../travel/greatCircleKm.js';
import { groundTimeMatrix } from './groundMinutes.js';
import type { GroundTimeOptions } from './groundMinutes.js';
import { linkDepotTiers } from './linkDepotTiers.js';
import type { DepotTierLink } from './linkDepotTiers.js';
import { resolveOptions } from '../resolveOptions.js';

/** A candidate or existing depot site. */
export interface DepotCandidate {
  id: string;
  /** A readable name (e.g. the town), shown beside the id in reports. */
  name?: string;
  latDeg: number;
  lngDeg: number;
  /** Stock it can hold for the served demand, in tonnes (any unit shared with `demandTonnes`). */
  capacityTonnes: number;
  /** Opening cost (facility-location plans), in the objective's unit: tonne-minutes. Default 0. */
  openingCost?: number;
  /** 0 = provincial / central, 1 = municipal, 2 = county (default: the lowest tier in use). */
  tierLevel?: number;
  /** An existing depot that stays (e.g. the Shenyang central depot). */
  fixed?: boolean;
  /** A site that must not be used. */
  forbidden?: boolean;
}

/** A point the depots supply: a rescue base (flies supplies out) or a hazard cell. */
export interface DepotClient {
  id: string;
  kind: 'base' | 'cell';
  latDeg: number;
  lngDeg: number;
  /** Expected material demand in tonnes (> 0 to count). */
  demandTonnes: number;
}

/**
 * Options of {@link planDepots}; the effort of its solve (`workLimit`, the `timeLimitSeconds`
 * cap, `signal`, `stopFlag`: a plan the clock cuts short says `stoppedBy: 'clock'`).
 */
export interface PlanDepotsOptions extends WorkBudgetOptions {
  /** `pMedian` opens exactly `siteCount` depots; `facilityLocation` trades `openingCost` against travel. */
  model?: 'pMedian' | 'facilityLocation';
  /** Depots to open (required for `pMedian`; a cap for `facilityLocation`). */
  siteCount?: number;
  /** A client may only be served by a depot within this many minutes (Infinity = no standard). */
  standardMinutes?: number;
  /** How bases are supplied: by road (truck) or by air (a straight flight at `airSpeedKmh`). */
  baseMode?: 'road' | 'air';
  /** Air speed for `baseMode: 'air'`. ASSUMPTION 200 km/h: a medium helicopter's cruise, loaded. */
  airSpeedKmh?: number;
  /** Fixed minutes added to every air trip (loading, start-up). ASSUMPTION 15. */
  airActivationMinutes?: number;
  /** Ground-time model (circuity, truck speed). */
  groundTime?: GroundTimeOptions;
  /** Supplied minutes[client][candidate] (e.g. from a road router); replaces the time model. */
  minutesMatrix?: ReadonlyArray<ArrayLike<number>>;
  /**
   * Tier rule: entry k = most minutes from a tier-k depot to its tier-(k−1) parent (entry 0
   * unused). Checked on the chosen and fixed depots; candidates that cannot meet it are left
   * out before solving.
   */
  maxMinutesToUpper?: readonly number[];
  seed?: number;
}

/** Defaults of {@link planDepots}. */
export const DEFAULT_PLAN_DEPOTS_OPTIONS = {
  model: 'pMedian' as 'pMedian' | 'facilityLocation',
  standardMinutes: Infinity,
  baseMode: 'road' as 'road' | 'air',
  airSpeedKmh: 200,
  airActivationMinutes: 15,
  workLimit: 5e9,
  timeLimitSeconds: Infinity,
  seed: 1,
};

/** One chosen depot in a {@link DepotPlan}. */
export interface PlannedDepot {
  id: string;
  /** The candidate's name, when it has one. */
  name?: string;
  index: number;
  latDeg: number;
  lngDeg: number;
  tierLevel: number;
  fixed: boolean;
  capacityTonnes: number;
  loadTonnes: number;
  /** load ÷ capacity (0 when the capacity is 0). */
  utilisation: number;
  baseCount: number;
  cellCount: number;
}

/** The depot serving one client. */
export interface DepotAssignment {
  clientId: string;
  kind: 'base' | 'cell';
  depotId: string;
  mode: 'road' | 'air';
  minutes: number;
  demandTonnes: number;
  latDeg: number;
  lngDeg: number;
}

/**
 * A depot plan: plain JSON (no typed arrays), for reports, the map layer and `--json`.
 *
 * @example
 * const plan: DepotPlan = await planDepots(candidates, clients, { model: 'pMedian', siteCount: 3 });
 * plan.depots.map((d) => d.id);
 */
export interface DepotPlan {
  model: 'capacitatedPMedian' | 'capacitatedFacilityLocation';
  status: SolveStatus;
  /** What ended the solve: `proof` and `budget` plans are reproducible, `clock` and `signal` ones are not. */
  stoppedBy: StoppedBy;
  /** Work units the solve spent. */
  work: number;
  /** Σ demand × minutes (+ opening costs for facility location). */
  objective: number;
  bound: number;
  gap: number;
  depots: PlannedDepot[];
  assignments: DepotAssignment[];
  tierLinks: DepotTierLink[];
  totalDemandTonnes: number;
  /** Demand-weighted mean minutes from the serving depot. */
  weightedMeanMinutes: number;
  maxMinutes: number;
  /** Candidates left out because the tier rule could not be met from them. */
  excludedByTierRule: string[];
  /** Their names, in the same order (the id where a candidate has no name). */
  excludedByTierRuleNames?: string[];
  runtimeMs: number;
}

/**
 * Plans material depots that supply the rescue bases (by road or by air) and the hazard cells
 * (by road): a capacitated p-median or single-source facility location over the clients'
 * demand in tonnes, cost = tonnes × minutes, with fixed existing depots, an optional service
 * standard (a client may only be served within `standardMinutes`) and a tier rule.
 *
 * Tiers are handled top-down, not jointly: a candidate of tier k (k ≥ 1) is left out before
 * solving when no fixed or candidate depot of tier k − 1 lies within `maxMinutesToUpper[k]`;
 * after solving, every chosen lower-tier depot is linked to its nearest chosen depot one tier up
 * and `E_INFEASIBLE` names the depots the rule cannot serve. A fixed depot that cannot meet the
 * rule is named before solving.
 *
 * Throws `E_INFEASIBLE` naming the clients no allowed depot reaches within the standard,
 * `E_CAPACITY` when the depots cannot hold all demand, and the solvers' input errors.
 *
 * @example
 * const plan = await planDepots(candidates, [...bases, ...cells], { siteCount: 6, standardMinutes: 240, maxMinutesToUpper: [0, 300, 180] });
 * plan.depots.map((d) => `${d.id} ${(d.utilisation * 100).toFixed(0)} %`);
 */
export async function planDepots(candidates: readonly DepotCandidate[], clients: readonly DepotClient[], options: PlanDepotsOptions = {}): Promise<DepotPlan> {
  const settings = resolveOptions(DEFAULT_PLAN_DEPOTS_OPTIONS, options);
  if (candidates.length === 0) throw new AirreachError('E_EMPTY', 'no depot candidates', { where: { field: 'candidates' } });
  if (clients.length === 0) throw new AirreachError('E_EMPTY', 'no clients (bases or cells) to supply', { where: { field: 'clients' } });
  if (!(settings.airSpeedKmh > 0)) throw new AirreachError('E_OPTION', 'airSpeedKmh must be positive', { value: settings.airSpeedKmh, where: { field: 'airSpeedKmh' } });
  const n = clients.length;
  const m = candidates.length;
  const tierOf = (c: DepotCandidate) => c.tierLevel ?? 0;

  // minutes[client][candidate]: supplied, or ground (road) time, or air time for bases by air.
  let minutes: Float64Array;
  if (settings.minutesMatrix) {
    if (settings.minutesMatrix.length !== n) {
      throw new AirreachError('E_MATRIX', 'minutesMatrix must have one row per client', { value: settings.minutesMatrix.length, expected: String(n), where: { field: 'minutesMatrix' } });
    }
    minutes = new Float64Array(n * m);
    settings.minutesMatrix.forEach((row, i) => {
      if (row.length !== m) throw new AirreachError('E_MATRIX', 'minutesMatrix is ragged', { value: row.length, expected: String(m), where: { field: 'minutesMatrix', row: i } });
      for (let j = 0; j < m; j++) minutes[i * m + j] = row[j];
    });
  } else {
    minutes = groundTimeMatrix(clients, candidates, settings.groundTime);
    if (settings.baseMode === 'air') {
      clients.forEach((client, i) => {
        if (client.kind !== 'base') return;
        candidates.forEach((depot, j) => {
          minutes[i * m + j] = settings.airActivationMinutes + (greatCircleKm(client.latDeg, client.lngDeg, depot.latDeg, depot.lngDeg) / settings.airSpeedKmh) * 60;
        });
      });
    }
  }
  const depotMinutes = groundTimeMatrix(candidates, candidates, settings.groundTime);

  // Tier rule, top-down: leave out lower-tier candidates with no possible parent.
  const excluded = new Uint8Array(m);
  const excludedByTierRule: string[] = [];
  if (settings.maxMinutesToUpper) {
    const limits = settings.maxMinutesToUpper;
    const levels = [...new Set(candidates.map(tierOf))].sort((a, b) => a - b);
    for (const level of levels) {
      if (level === 0) continue;
      for (let j = 0; j < m; j++) {
        if (tierOf(candidates[j]) !== level || candidates[j].forbidden) continue;
        let reachable = false;
        for (let u = 0; u < m && !reachable; u++) {
          if (tierOf(candidates[u]) === level - 1 && !candidates[u].forbidden && excluded[u] === 0 && depotMinutes[j * m + u] <= limits[level]) reachable = true;
        }
        if (!reachable) {
          excluded[j] = 1;
          excludedByTierRule.push(candidates[j].id);
        }
      }
    }
    const stranded = candidates.filter((c, j) => c.fixed && excluded[j] === 1);
    if (stranded.length > 0) {
      // Let linkDepotTiers name them with their nearest upper-tier minutes.
      const allowed = candidates.map((c, j) => ({ c, j })).filter(({ c, j }) => !c.forbidden && (excluded[j] === 0 || c.fixed));
      linkDepotTiers(
        allowed.map(({ c }) => ({ id: c.id, tierLevel: tierOf(c) })),
        (a, b) => depotMinutes[allowed[a].j * m + allowed[b].j],
        limits,
      );
    }
  }

  const standard = settings.standardMinutes;
  const matrix: number[][] = [];
  const unreached: string[] = [];
  // Unreached clients a candidate the tier rule left out would have served within the standard.
  let unreachedByTierRule = 0;
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    let any = false;
    let tierOnly = false;
    for (let j = 0; j < m; j++) {
      const value = minutes[i * m + j];
      const usable = !candidates[j].forbidden && excluded[j] === 0 && value <= standard;
      row.push(usable ? value : Infinity);
      if (usable) any = true;
      else if (!candidates[j].forbidden && excluded[j] === 1 && value <= standard) tierOnly = true;
    }
    if (!any) {
      unreached.push(clients[i].id);
      if (tierOnly) unreachedByTierRule++;
    }
    matrix.push(row);
  }
  if (unreached.length > 0) {
    const listed = `${unreached.slice(0, 20).join(', ')}${unreached.length > 20 ? ', …' : ''}`;
    // The standard was blamed even when the tier rule had left out the candidates near them
    // (maxMinutesToUpper [0, 1] drops every municipal candidate): the rule is named then.
    if (unreachedByTierRule > 0) {
      const dropped = excludedByTierRule.slice(0, 10).join(', ') + (excludedByTierRule.length > 10 ? ', …' : '');
      throw new AirreachError('E_INFEASIBLE', `${unreached.length} client(s) have no allowed depot within ${standard} minutes, ${unreachedByTierRule} of them because the tier rule left out the candidates within reach (${excludedByTierRule.length} left out: ${dropped}): ${listed}`, {
        value: settings.maxMinutesToUpper,
        where: { field: 'maxMinutesToUpper' },
        hint: 'Relax maxMinutesToUpper (entry k: most minutes from a tier-k depot to a tier-(k-1) one), or add upper-tier depots near the candidates left out',
      });
    }
    throw new AirreachError('E_INFEASIBLE', `${unreached.length} client(s) have no allowed depot within ${standard} minutes: ${listed}`, {
      value: unreached,
      where: { field: 'standardMinutes' },
      hint: 'Add depot candidates near them, or relax the standard',
    });
  }
  const demands = clients.map((c, i) => {
    if (!(c.demandTonnes >= 0 && Number.isFinite(c.demandTonnes))) {
      throw new AirreachError('E_PROPERTY', 'demandTonnes must be a finite number ≥ 0', { value: c.demandTonnes, where: { field: `clients[${i}].demandTonnes` } });
    }
    return c.demandTonnes;
  });
  const problem = sitingProblemFromMatrix(matrix, { demandWeights: demands, siteIds: candidates.map((c) => c.id) });
  const fixedSites = candidates.flatMap((c, j) => (c.fixed ? [j] : []));
  const forbiddenSites = candidates.flatMap((c, j) => (c.forbidden || (excluded[j] === 1 && !c.fixed) ? [j] : []));
  const capacities = candidates.map((c) => c.capacityTonnes);
  const common = { demands, capacities, fixedSites, forbiddenSites, workLimit: settings.workLimit, timeLimitSeconds: settings.timeLimitSeconds, signal: options.signal, stopFlag: options.stopFlag, seed: settings.seed };
  let result;
  if (settings.model === 'pMedian') {
    if (settings.siteCount === undefined) throw new AirreachError('E_SITE_COUNT', 'a p-median depot plan needs siteCount', { where: { field: 'siteCount' } });
    result = await solveCapacitatedPMedian(problem, { ...common, siteCount: settings.siteCount });
  } else {
    result = await solveCapacitatedFacilityLocation(problem, {
      ...common,
      openingCosts: candidates.map((c) => c.openingCost ?? 0),
      ...(settings.siteCount === undefined ? {} : { siteCount: settings.siteCount }),
    });
  }
  if (result.status === 'infeasible') {
    throw new AirreachError('E_INFEASIBLE', `no depot plan fits: ${String(result.details?.reason ?? 'infeasible')}`, { value: result.details });
  }
  const assignment = result.details?.assignment as number[];
  const chosen = result.selectedSites;
  const tierLinks = settings.maxMinutesToUpper
    ? linkDepotTiers(
        chosen.map((j) => ({ id: candidates[j].id, tierLevel: tierOf(candidates[j]) })),
        (a, b) => depotMinutes[chosen[a] * m + chosen[b]],
        settings.maxMinutesToUpper,
      )
    : [];
  const load = new Float64Array(m);
  const bases = new Uint32Array(m);
  const cells = new Uint32Array(m);
  const assignments: DepotAssignment[] = clients.map((client, i) => {
    const j = assignment[i];
    load[j] += client.demandTonnes;
    if (client.kind === 'base') bases[j]++;
    else cells[j]++;
    return {
      clientId: client.id,
      kind: client.kind,
      depotId: candidates[j].id,
      mode: client.kind === 'base' ? settings.baseMode : 'road',
      minutes: minutes[i * m + j],
      demandTonnes: client.demandTonnes,
      latDeg: client.latDeg,
      lngDeg: client.lngDeg,
    };
  });
  let total = 0;
  let weighted = 0;
  let maxMinutes = 0;
  for (const a of assignments) {
    total += a.demandTonnes;
    weighted += a.demandTonnes * a.minutes;
    if (a.demandTonnes > 0 && a.minutes > maxMinutes) maxMinutes = a.minutes;
  }
  return {
    model: result.model as DepotPlan['model'],
    status: result.status,
    stoppedBy: result.stoppedBy,
    work: result.work,
    objective: result.objective,
    bound: result.bound,
    gap: result.gap,
    depots: chosen.map((j) => ({
      id: candidates[j].id,
      ...(candidates[j].name !== undefined ? { name: candidates[j].name } : {}),
      index: j,
      latDeg: candidates[j].latDeg,
      lngDeg: candidates[j].lngDeg,
      tierLevel: tierOf(candidates[j]),
      fixed: candidates[j].fixed === true,
      capacityTonnes: candidates[j].capacityTonnes,
      loadTonnes: load[j],
      utilisation: candidates[j].capacityTonnes > 0 ? load[j] / candidates[j].capacityTonnes : 0,
      baseCount: bases[j],
      cellCount: cells[j],
    })),
    assignments,
    tierLinks,
    totalDemandTonnes: total,
    weightedMeanMinutes: total > 0 ? weighted / total : 0,
    maxMinutes,
    excludedByTierRule,
    excludedByTierRuleNames: excludedByTierRule.map((id) => candidates.find((candidate) => candidate.id === id)?.name ?? id),
    runtimeMs: result.runtimeMs,
  };
}
