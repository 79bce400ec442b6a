import { AirreachError, describeValue, isAirreachError, type ErrorLocation } from '../errors.js';
import type { AirreachPool } from '../engine/createPool.js';
import { matchesWhere } from './matchesWhere.js';
import { locateInScenario } from './locateInScenario.js';
import { readGeoJsonFile } from '../io/readGeoJson.js';
import { readInputText } from '../io/readInputFile.js';
import { parseJsonText } from '../io/parseJsonText.js';
import { z } from 'zod';
import { MAX_ROAD_LINKS, MAX_ROAD_NODES, type RoadNetwork } from '../depots/roadNetwork.js';
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
 * Reads a scenario's depot candidates: the fixed depots, then the Points of the candidate layer
 * that pass `where`, each with the block's capacity, tier and opening cost. A depot id used
 * twice (two fixed depots, a candidate repeating a fixed one, two candidate features) is refused
 * with `E_DUPLICATE_ID`, as site ids are; a candidate must be a Point with coordinates in range
 * and an id that is a string or number (or none: `candidate-<feature index>`). Errors name the
 * layer file and feature, or the scenario file and JSON path.
 *
 * @example
 * const candidates = await depotCandidates(loaded.scenario.depots, loaded.file);
 */
export async function depotCandidates(settings: DepotSettings, file?: string): Promise<DepotCandidate[]> {
  const layer = await readGeoJsonFile(settings.candidates.file);
  const where = settings.candidates.where;
  const candidates: DepotCandidate[] = [];
  const seen = new Map<string, string>();
  const claim = (id: string, place: ErrorLocation, described: string) => {
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      throw new AirreachError('E_DUPLICATE_ID', `depot id ${JSON.stringify(id)} is used twice`, {
        value: id,
        where: place,
        expected: 'a unique id per depot',
        hint: `It was first defined at ${earlier}; give each depot a unique id`,
      });
    }
    seen.set(id, described);
  };
  (settings.fixed ?? []).forEach((fixed, k) => {
    claim(fixed.id, { file, field: `/depots/fixed/${k}/id` }, `/depots/fixed/${k}`);
    candidates.push({ id: fixed.id, latDeg: fixed.latDeg, lngDeg: fixed.lngDeg, capacityTonnes: fixed.capacityTonnes, tierLevel: fixed.tierLevel ?? 0, fixed: true });
  });
  layer.collection.features.forEach((feature, featureIndex) => {
    if (!matchesWhere(feature, where)) return;
    const place = { file: layer.file, featureIndex };
    if (feature.geometry?.type !== 'Point') {
      throw new AirreachError('E_GEOMETRY', 'a depot candidate must be a Point', { value: feature.geometry?.type ?? null, where: { ...place, field: 'geometry.type' }, expected: 'Point' });
    }
    const [lngDeg, latDeg] = feature.geometry.coordinates;
    if (!(typeof lngDeg === 'number' && typeof latDeg === 'number' && Math.abs(lngDeg) <= 180 && Math.abs(latDeg) <= 90)) {
      throw new AirreachError('E_COORDINATE', 'depot candidate coordinates are out of range', {
        value: feature.geometry.coordinates,
        where: { ...place, field: 'geometry.coordinates' },
        expected: '[lng, lat] with lng in [-180, 180] and lat in [-90, 90]',
      });
    }
    const own = feature.properties && Object.hasOwn(feature.properties, 'id') ? feature.properties.id : undefined;
    const raw = own ?? feature.id ?? `candidate-${featureIndex}`;
    if (typeof raw !== 'string' && typeof raw !== 'number') {
      throw new AirreachError('E_PROPERTY', 'a depot candidate id must be a string or number', { value: raw, where: { ...place, field: 'properties.id' }, expected: 'a string or number' });
    }
    const id = String(raw);
    claim(id, { ...place, field: own !== undefined ? 'properties.id' : 'id' }, `${layer.file} feature ${featureIndex}`);
    const name = feature.properties && Object.hasOwn(feature.properties, 'name') ? feature.properties.name : undefined;
    candidates.push({
      id,
      ...(typeof name === 'string' && name !== '' ? { name } : {}),
      latDeg,
      lngDeg,
      capacityTonnes: settings.candidates.capacityTonnes,
      ...(settings.candidates.tierLevel !== undefined ? { tierLevel: settings.candidates.tierLevel } : {}),
      ...(settings.candidates.openingCost !== undefined ? { openingCost: settings.candidates.openingCost } : {}),
    });
  });
  // More new depots than candidates, said in the block's terms: the solver's refusal named the
  // total with the fixed depots ('got 51' for siteCount 50, 'from max(1, 1 fixed) to 15').
  const open = candidates.length - (settings.fixed ?? []).length;
  if ((settings.model ?? 'pMedian') === 'pMedian' && settings.siteCount !== undefined && open > 0 && settings.siteCount > open) {
    throw new AirreachError('E_SITE_COUNT', `siteCount asks for more new depots than there are candidates in ${layer.file}`, {
      value: settings.siteCount,
      where: { file, field: '/depots/siteCount' },
      expected: `an integer from 1 to ${open} (depots besides the ${(settings.fixed ?? []).length} fixed)`,
      hint: 'Open fewer depots, or give more candidates (widen candidates.where)',
    });
  }
  // The layer's own candidates, not counting the fixed depots: with a fixed depot, a misspelt
  // `where` (kind "prefectureSeats") left the fixed one alone, and the plan then failed as
  // infeasible at /depots/standardMinutes, or planned no new depot, with no word of the filter.
  if (candidates.length === (settings.fixed ?? []).length) {
    const features = layer.collection.features.length;
    throw new AirreachError('E_EMPTY', where ? `the where filter keeps none of the ${features} features of ${layer.file}` : `${layer.file} holds no features`, {
      value: where ?? features,
      where: { file, field: where ? '/depots/candidates/where' : '/depots/candidates/file' },
      expected: where ? 'a filter that at least one feature passes (property names and values as written in the layer, case included)' : 'at least one Point feature',
      ...(where ? { hint: `Properties of the first feature: ${describeValue(layer.collection.features[0]?.properties ?? null)}` } : {}),
    });
  }
  return candidates;
}

/**
 * The depot plan of a scenario run: the rescue bases (existing and required; each drawing
 * `tonnesPerBase`, supplied by road or air) and the hazard cells (grouped to `clientResolution`
 * parents, `tonnesPerHazardDemand` per unit of hazard demand, supplied by road) as clients;
 * capacitated p-median (`siteCount` depots besides the fixed ones) or facility location; the
 * ground-time standard and the tier rule as given. See `planDepots` for the model. Given a
 * `pool` of 2 or more threads the plan is made on one of them (the same plan: its solves stop on
 * counted work), so that it runs beside the scenario's questions. Only the run's grid and inputs
 * are read (not its coverage): a caller may plan as soon as the grid is built.
 *
 * @example
 * const plan = await scenarioDepotPlan(run, candidates); // null when the scenario has no depots block
 * plan?.depots.map((d) => `${d.id} ${Math.round(d.utilisation * 100)} %`);
 */
export async function scenarioDepotPlan(
  run: Pick<CoverageRun, 'inputs' | 'grid'>,
  candidates: readonly DepotCandidate[],
  options: {
    signal?: AbortSignal;
    pool?: AirreachPool;
    /**
     * The block's road network, already read (`readDepotNetwork`): read here when absent. Given,
     * nothing is awaited before the plan is queued on the pool, so it goes ahead of jobs queued later.
     */
    network?: RoadNetwork;
  } = {},
): Promise<DepotPlan | null> {
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
  // planDepots holds clients × candidates and candidates × candidates ground minutes (8 bytes each), then solves on them.
  const pairs = clients.length * candidates.length + candidates.length * candidates.length;
  if (pairs > MAX_DEPOT_PAIRS) {
    throw new AirreachError('E_MEMORY_BUDGET', `the depot plan would hold ${pairs.toLocaleString('en-US')} ground times (${clients.length.toLocaleString('en-US')} clients and ${candidates.length.toLocaleString('en-US')} candidates), over ${MAX_DEPOT_PAIRS.toLocaleString('en-US')}`, {
      value: pairs,
      where: { file: run.inputs.loaded.file, field: '/depots/candidates' },
      expected: `clients × candidates + candidates² ≤ ${MAX_DEPOT_PAIRS}`,
      hint: 'Filter the candidates with "where", or group hazard cells coarser with a smaller clientResolution',
    });
  }
  const network = settings.groundTime?.network ? (options.network ?? (await readRoadNetwork(settings.groundTime.network.file))) : undefined;
  const groundTime = settings.groundTime ? { ...settings.groundTime, network } : undefined;
  const planOptions = {
    model: settings.model ?? 'pMedian',
    siteCount: settings.siteCount === undefined ? undefined : fixedCount + settings.siteCount,
    standardMinutes: settings.standardMinutes,
    baseMode: settings.baseMode,
    groundTime,
    maxMinutesToUpper: settings.maxMinutesToUpper,
    workLimit: settings.workLimit,
    timeLimitSeconds: settings.timeLimitSeconds,
  } as const;
  try {
    const pool = options.pool && options.pool.threads > 1 ? options.pool : undefined;
    if (pool) {
      try {
        return await pool.run<DepotPlan>({ kind: 'depotPlan', candidates: [...candidates], clients, options: planOptions }, { label: 'depot plan', signal: options.signal });
      } catch (error) {
        // A worker that died (E_WORKER) or ran out of memory (E_MEMORY_BUDGET) is not planned again in this thread, which has no more memory.
        if (options.signal?.aborted || !isAirreachError(error) || error.code === 'E_WORKER' || error.code === 'E_MEMORY_BUDGET') throw error;
        // The plan failed on its inputs: planned again here for the very error (value, hint,
        // location) one thread gives, which a thread boundary would flatten to text. Such errors
        // come from checks before the search, so this costs little.
      }
    }
    return await planDepots(candidates, clients, { ...planOptions, signal: options.signal });
  } catch (error) {
    // The plan's own option names are the block's fields; a capacity or feasibility fault is the block's as a whole.
    const networkFile = settings.groundTime?.network?.file;
    // A fault of the road graph is in its file, at the JSON path the file's schema errors use (/links/0/roadKm, not network.links.0.roadKm).
    throw locateInScenario(error, (own) => networkFile !== undefined && own.field?.startsWith('network.') ? { file: networkFile, field: `/${own.field.slice('network.'.length).split('.').join('/')}` } : ({ file: run.inputs.loaded.file, field: own.field !== undefined && DEPOT_FIELDS.has(own.field) ? `/depots/${own.field}` : own.field !== undefined && GROUND_TIME_FIELDS.has(own.field) ? `/depots/groundTime/${own.field}` : '/depots' }));
  }
}

/** Most ground times a depot plan may hold: 20 million (160 MB); Liaoning's plan holds about 40,000. */
const MAX_DEPOT_PAIRS = 2e7;

/** planDepots options that are fields of a scenario's `depots` block under the same name. */
const DEPOT_FIELDS = new Set(['model', 'siteCount', 'standardMinutes', 'baseMode', 'maxMinutesToUpper', 'workLimit', 'timeLimitSeconds']);
const GROUND_TIME_FIELDS = new Set(['method', 'network', 'networkSpeedKmh', 'circuityFactor', 'truckSpeedKmh', 'loadingMinutes']);

const roadNetworkSchema = z.object({
  nodes: z.array(z.object({ id: z.string().min(1).max(200), latDeg: z.number().min(-90).max(90), lngDeg: z.number().min(-180).max(180) }).passthrough()).min(1).max(MAX_ROAD_NODES),
  links: z.array(z.object({ from: z.string().min(1).max(200), to: z.string().min(1).max(200), roadKm: z.number().positive().max(40_000) }).passthrough()).max(MAX_ROAD_LINKS),
}).passthrough();

/**
 * Reads the road network of a scenario's depot ground times, or `undefined` when they use none.
 *
 * @example
 * const network = await readDepotNetwork(loaded.scenario.depots);
 * const plan = await scenarioDepotPlan(run, candidates, { network });
 */
export async function readDepotNetwork(settings: DepotSettings | undefined): Promise<RoadNetwork | undefined> {
  const file = settings?.groundTime?.network?.file;
  return file === undefined ? undefined : readRoadNetwork(file);
}

/**
 * Reads the road network of `depots.groundTime.network` (a JSON file of nodes and links; other
 * fields such as sources are allowed and ignored). The graph itself (unique ids, known nodes,
 * links not shorter than the straight line) is checked by the ground-time model.
 */
async function readRoadNetwork(path: string): Promise<RoadNetwork> {
  const raw = parseJsonText(await readInputText(path), path, { expected: 'a road network { nodes, links }' });
  const parsed = roadNetworkSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AirreachError('E_OPTION', `the road network is not of the expected form: ${issue.message}`, {
      where: { file: path, field: '/' + issue.path.join('/') },
      expected: '{ nodes: [{ id, latDeg, lngDeg }], links: [{ from, to, roadKm }] }',
    });
  }
  return { nodes: parsed.data.nodes.map((n) => ({ id: n.id, latDeg: n.latDeg, lngDeg: n.lngDeg })), links: parsed.data.links.map((l) => ({ from: l.from, to: l.to, roadKm: l.roadKm })) };
}
