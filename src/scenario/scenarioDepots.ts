import type { Feature } from 'geojson';
import { AirreachError } from '../errors.js';
import { readGeoJsonFile } from '../io/readGeoJson.js';
import { aggregateToParents } from '../grid/aggregateToParents.js';
import { planDepots, type DepotCandidate, type DepotClient, type DepotPlan } from '../depots/planDepots.js';
import { basesOf, type CoverageRun } from './runCoverage.js';
import type { ScenarioFile } from './scenarioSchema.js';

/** A scenario's `depots` block. */
export type DepotSettings = NonNullable<ScenarioFile['depots']>;

/** Defaults of a scenario's depot plan. */
export const DEFAULT_SCENARIO_DEPOT_OPTIONS = {
  /** ASSUMPTION: 20 t of stock per rescue base (fuel aside: medical kits, rations, rescue gear). */
  tonnesPerBase: 20,
  /** ASSUMPTION: 1 t per unit of hazard demand (a cell wholly inside a weight-1 hazard area). */
  tonnesPerHazardDemand: 1,
  /** Hazard cells are grouped to resolution-5 parents (≈ 250 km²) as depot clients. */
  clientResolution: 5,
};

/**
 * Reads a scenario's depot candidates: Points of the candidate layer that pass `where`, each
 * with the block's capacity, tier and opening cost; then the fixed depots.
 *
 * @example
 * const candidates = await depotCandidates(loaded.scenario.depots, loaded.file);
 */
export async function depotCandidates(settings: DepotSettings, file?: string): Promise<DepotCandidate[]> {
  const layer = await readGeoJsonFile(settings.candidates.file);
  const where = settings.candidates.where;
  const matches = (feature: Feature) =>
    !where || Object.entries(where).every(([key, allowed]) => allowed.includes(feature.properties?.[key] as string | number | boolean));
  const candidates: DepotCandidate[] = [];
  for (const fixed of settings.fixed ?? []) {
    candidates.push({ id: fixed.id, latDeg: fixed.latDeg, lngDeg: fixed.lngDeg, capacityTonnes: fixed.capacityTonnes, tierLevel: fixed.tierLevel ?? 0, fixed: true });
  }
  layer.collection.features.forEach((feature, featureIndex) => {
    if (!matches(feature)) return;
    if (feature.geometry?.type !== 'Point') {
      throw new AirreachError('E_GEOMETRY', 'a depot candidate must be a Point', { value: feature.geometry?.type ?? null, where: { file: layer.file, featureIndex, field: 'geometry.type' } });
    }
    const [lngDeg, latDeg] = feature.geometry.coordinates;
    const id = feature.properties?.id ?? feature.id ?? `candidate-${featureIndex}`;
    candidates.push({
      id: String(id),
      latDeg,
      lngDeg,
      capacityTonnes: settings.candidates.capacityTonnes,
      ...(settings.candidates.tierLevel !== undefined ? { tierLevel: settings.candidates.tierLevel } : {}),
      ...(settings.candidates.openingCost !== undefined ? { openingCost: settings.candidates.openingCost } : {}),
    });
  });
  if (candidates.length === 0) {
    throw new AirreachError('E_EMPTY', 'no depot candidate passes the filter', { value: where ?? null, where: { file, field: '/depots/candidates' } });
  }
  return candidates;
}

/**
 * The depot plan of a scenario run: the rescue bases (existing and required; each drawing
 * `tonnesPerBase`, supplied by road or air) and the hazard cells (grouped to `clientResolution`
 * parents, `tonnesPerHazardDemand` per unit of hazard demand, supplied by road) as clients;
 * capacitated p-median (`siteCount` depots besides the fixed ones) or facility location; the
 * ground-time standard and the tier rule as given. See `planDepots` for the model.
 *
 * @example
 * const plan = await scenarioDepotPlan(run, candidates);
 * plan.depots.map((d) => `${d.id} ${Math.round(d.utilisation * 100)} %`);
 */
export async function scenarioDepotPlan(run: CoverageRun, candidates: readonly DepotCandidate[], options: { signal?: AbortSignal } = {}): Promise<DepotPlan | null> {
  const settings = run.inputs.loaded.scenario.depots;
  if (!settings) return null;
  const tonnesPerBase = settings.tonnesPerBase ?? DEFAULT_SCENARIO_DEPOT_OPTIONS.tonnesPerBase;
  const tonnesPerHazardDemand = settings.tonnesPerHazardDemand ?? DEFAULT_SCENARIO_DEPOT_OPTIONS.tonnesPerHazardDemand;
  const clientResolution = Math.min(settings.clientResolution ?? DEFAULT_SCENARIO_DEPOT_OPTIONS.clientResolution, run.grid.resolution);
  const clients: DepotClient[] = basesOf(run.inputs.sites)
    .filter(() => tonnesPerBase > 0)
    .map((site) => ({ id: site.id, kind: 'base' as const, latDeg: site.latDeg, lngDeg: site.lngDeg, demandTonnes: tonnesPerBase }));
  if (tonnesPerHazardDemand > 0) {
    const parents = aggregateToParents(run.grid, run.grid.hazardDemand, clientResolution);
    parents.h3.forEach((h3, i) => {
      clients.push({ id: h3, kind: 'cell', latDeg: parents.latDeg[i], lngDeg: parents.lngDeg[i], demandTonnes: parents.weight[i] * tonnesPerHazardDemand });
    });
  }
  const fixedCount = candidates.filter((c) => c.fixed).length;
  return planDepots(candidates, clients, {
    model: settings.model ?? 'pMedian',
    siteCount: settings.siteCount === undefined ? undefined : fixedCount + settings.siteCount,
    standardMinutes: settings.standardMinutes,
    baseMode: settings.baseMode,
    maxMinutesToUpper: settings.maxMinutesToUpper,
    workLimit: settings.workLimit,
    timeLimitSeconds: settings.timeLimitSeconds,
    signal: options.signal,
  });
}
