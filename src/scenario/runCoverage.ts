import type { FeatureCollection } from 'geojson';
import { coverageWarnings } from './coverageWarnings.js';
import { reportHtml } from '../report/html/reportHtml.js';
import { dirname, relative, sep } from 'node:path';
import { AirreachError, isAirreachError } from '../errors.js';
import { locateInScenario } from './locateInScenario.js';
import type { GeoJsonLayer } from '../grid/geoJsonLayer.js';
import { DEFAULT_DEMAND_GRID_OPTIONS, type BuildDemandGridOptions, type BuiltDemandGrid, type DemandInputs } from '../grid/buildDemandGrid.js';
import { readGeoJsonFile } from '../io/readGeoJson.js';
import { stat } from 'node:fs/promises';
import { checkHeapHeadroom } from '../heapHeadroom.js';
import { PARSE_BYTES_PER_TEXT_BYTE } from '../grid/estimateLayerMemory.js';
import { validateFeatures } from '../grid/validateFeatures.js';
import { closestKey } from './closestKey.js';
import { writeFilesAtomic } from '../io/writeFileAtomic.js';
import type { AircraftType, Period, RefuelPoint, Site } from '../travel/aircraft.js';
import { refuelPointsOf } from './refuelPointsOf.js';
import { AIRCRAFT_CATALOGUE } from '../travel/aircraftCatalogue.js';
import type { CoverageMatrix } from '../coverage/coverageMatrix.js';
import { cellOutcomes } from '../report/cellOutcomes.js';
import { coverageReport, type CellOutcomes, type CoverageReport } from '../report/coverageReport.js';
import { cellTableCsvChunks, cellTableCsvUtf8, cellTableGeoJsonChunks, cellTableGeoJsonUtf8, sitesToGeoJson } from '../report/renderers.js';
import { outputTexts, streamedText, type OutputFiles } from '../streamedText.js';
import type { ReportInput } from '../report/reportInput.js';
import { loadScenario, type LoadedScenario, type LoadScenarioOptions } from './loadScenario.js';
import { createPool, type AirreachPool } from '../engine/createPool.js';
import { resolveAircraftTypes } from './resolveAircraftTypes.js';
import { resolveSites } from './resolveSites.js';
import { cancelledError } from './cancelledError.js';
import { finiteJson } from '../report/finiteJson.js';
import { parentCoverageGeoJson } from '../report/parentCoverageGeoJson.js';
import { lockOutputFolder, type OutputLock } from '../io/outputFolder.js';
import { prepareScenario, prepareScenarioParallel, type ScenarioSession } from './scenarioSession.js';
import { basesOf } from './basesOf.js';
import { scenarioInputFiles } from './scenarioFingerprint.js';
import { DEFAULT_SCENARIO_SETTINGS } from './scenarioDefaults.js';
import { outputNames } from '../report/outputNames.js';
import { checkScenarioOutputFolder } from './checkScenarioOutputFolder.js';
import { scenarioMemoryBudget } from './scenarioMemoryBudget.js';

/**
 * A progress event: which step, and how far along it is; or, with `warning`, something the user
 * should hear before the run goes on (the CLI prints it on stderr as `warning: …`, even with
 * `--quiet`), `step`, `done` and `total` then repeating where the run is.
 */
export interface ProgressEvent {
  step: string;
  done: number;
  total: number;
  /** A warning (a sentence, no "warning:" prefix): the run goes on, and may be slow or fail later. */
  warning?: string;
  /**
   * With `warning`, in a command of several scenarios (compare, sweep): the scenario it is about,
   * as the command labels it (the CLI prints `warning: <label>: …`).
   */
  label?: string;
}

/**
 * Everything a coverage run needs, read from the scenario's files and validated.
 *
 * @example
 * const inputs: ScenarioInputs = await readScenarioInputs(await loadScenario('today.json'));
 * inputs.sites.filter((site) => site.role === 'candidate').length;
 */
export interface ScenarioInputs {
  loaded: LoadedScenario;
  demandInputs: DemandInputs;
  gridOptions: BuildDemandGridOptions;
  aircraftById: Record<string, AircraftType>;
  sites: Site[];
  /** Where aircraft may refuel instead of flying home (`layers.refuelPoints`); none when left out. */
  refuelPoints?: RefuelPoint[];
  standardsMinutes: number[];
  periods: Period[];
  cells: 'all' | 'demand';
  /** Also write the coverage map at this coarser H3 resolution (`outputs.parentResolution`). */
  parentResolution?: number;
}

export { DEFAULT_SCENARIO_SETTINGS } from './scenarioDefaults.js';

/** The coverage of one operating period. */
export interface PeriodCoverage {
  period: Period;
  matrix: CoverageMatrix;
  outcomes: CellOutcomes;
  /** The period's report (`coverageReport`), made when first read and then kept. */
  readonly report: CoverageReport;
}

/** Largest response standard a scenario may set (24 h): beyond it a standard is not a rescue standard. */
export const MAX_STANDARD_MINUTES = 1440;

/**
 * The result of {@link computeCoverage}: the inputs, the grid, and per period the matrix, the
 * per-cell outcomes and the report.
 *
 * @example
 * const run: CoverageRun = computeCoverage(inputs);
 * run.periods.map((p) => p.report.overall.tiers[0].coveredDemandShare);
 */
export interface CoverageRun {
  inputs: ScenarioInputs;
  grid: BuiltDemandGrid;
  periods: PeriodCoverage[];
  /** The session the run drew its grid and matrices from; siting questions and the curve draw from it too. */
  session?: ScenarioSession;
}

/** Options of the pipeline functions. */
export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Cap on the coverage and siting matrices' memory, checked on an estimate before they are built
   * (see `checkCoverageMemory`, `checkSitingBudget`); default: the scenario's `memoryBudget`, else 2 GiB.
   */
  coverageMemoryBytes?: number;
  /** Cap on one siting question's solve (see `checkSitingBudget`); default: the scenario's `memoryBudget`, else 2 GiB. */
  solveMemoryBytes?: number;
  /** Cap on the output files' text, checked on the grid's estimate before it is built (see `checkOutputBudget`; default 1.5 GiB). */
  outputMemoryBytes?: number;
  /** Where the outputs go: their estimated bytes are checked against its disk's free space before the grid is built. */
  outFolder?: string;
  /**
   * The JS heap reading the layers may take, bytes; default: what this thread has left
   * (`heapHeadroomBytes`). Checked on the layers' sizes before the first is read, then per layer
   * (see `readGeoJsonFile`).
   */
  heapAvailableBytes?: number;
}

/**
 * Step 1: reads every layer a scenario names (validated for its kind, errors naming file,
 * feature and field), resolves the aircraft types (catalogue + scenario overrides) and the
 * sites.
 *
 * @example
 * const inputs = await readScenarioInputs(await loadScenario(join(bundledDataFolder(), 'liaoning', 'today.json')));
 */
export async function readScenarioInputs(loaded: LoadedScenario, options: RunOptions = {}): Promise<ScenarioInputs> {
  const { scenario, file } = loaded;
  // A memory budget the machine could never give is refused before the first layer is read.
  scenarioMemoryBudget(loaded, options);
  const layers = scenario.layers ?? {};
  // People-only demand (a province without a hazard atlas) needs people and the area they live in.
  if ((!layers.hazards || layers.hazards.length === 0) && !(layers.population && (layers.extent || layers.regions))) {
    throw new AirreachError('E_SCENARIO', 'the scenario names no hazard layers, and no population with an extent to make demand of', {
      where: { file, field: '/layers/hazards' },
      expected: 'a list of GeoJSON hazard layer paths, or layers.population with layers.extent (or regions)',
    });
  }
  await checkLayersHeadroom([...(layers.hazards ?? []), layers.population, layers.extent, layers.regions?.file], options.heapAvailableBytes);
  const hazards: GeoJsonLayer[] = [];
  for (const [k, path] of (layers.hazards ?? []).entries()) {
    options.signal?.throwIfAborted();
    // One layer twice counts each of its hazards twice (paths are absolute here: "a.geojson" and "./a.geojson" are one file).
    const first = layers.hazards!.indexOf(path);
    if (first < k) {
      throw new AirreachError('E_SCENARIO', `the hazard layer ${path} is listed twice (also at /layers/hazards/${first})`, {
        value: path,
        where: { file, field: `/layers/hazards/${k}` },
        expected: 'each hazard layer once',
      });
    }
    // Digests: the grid's key (gridInputsKey) names the layers' content without reading them again.
    hazards.push(await readGeoJsonFile(path, { kind: 'hazard', digest: true, heapAvailableBytes: options.heapAvailableBytes }));
  }
  const demandInputs: DemandInputs = { hazards };
  const heapAvailableBytes = options.heapAvailableBytes;
  if (layers.population) demandInputs.population = await readGeoJsonFile(layers.population, { kind: 'population', digest: true, heapAvailableBytes });
  if (layers.extent) demandInputs.extent = await readGeoJsonFile(layers.extent, { kind: 'extent', digest: true, heapAvailableBytes });
  if (layers.regions) {
    const raw = await readGeoJsonFile(layers.regions.file, { digest: true, heapAvailableBytes });
    demandInputs.regions = validatedRegions(raw, layers.regions.nameField);
  }

  const refuelPoints = layers.refuelPoints ? await readRefuelPoints(layers.refuelPoints, file) : [];
  const aircraftById = resolveAircraftTypes(AIRCRAFT_CATALOGUE, scenario.aircraft, file);
  const siteLayers = new Map<string, GeoJsonLayer>();
  for (const entry of scenario.bases ?? []) {
    if ('file' in entry && !siteLayers.has(entry.file)) siteLayers.set(entry.file, await readGeoJsonFile(entry.file));
  }
  const sites = resolveSites(scenario.bases ?? [], siteLayers, aircraftById, {
    file,
    defaultFleet: scenario.defaultFleet,
  });
  if (basesOf(sites).length === 0) {
    throw new AirreachError('E_SCENARIO', 'the scenario has no existing or required bases to compute coverage from', {
      where: { file, field: '/bases' },
      hint: 'Add bases with "role": "existing"',
    });
  }
  const standards = scenario.standardsMinutes ?? DEFAULT_SCENARIO_SETTINGS.standardsMinutes;
  standards.forEach((minutes, k) => {
    // The largest standard is the coverage search radius: 1e308 minutes would make every pair "covered".
    if (minutes > MAX_STANDARD_MINUTES) {
      throw new AirreachError('E_SCENARIO', `a response standard of ${minutes} minutes is beyond a day`, {
        value: minutes,
        where: { file, field: `/standardsMinutes/${k}` },
        expected: `minutes in (0, ${MAX_STANDARD_MINUTES}]`,
      });
    }
  });
  const grid = scenario.grid ?? {};
  return {
    loaded,
    demandInputs,
    gridOptions: {
      resolution: grid.resolution,
      populationWeightPerPerson: grid.populationWeightPerPerson,
      urbanDensityPerKm2: grid.urbanDensityPerKm2,
      cellBudget: grid.cellBudget,
      demandMix: grid.demandMix,
    },
    aircraftById,
    sites,
    refuelPoints,
    standardsMinutes: [...(scenario.standardsMinutes ?? DEFAULT_SCENARIO_SETTINGS.standardsMinutes)].sort((a, b) => a - b),
    periods: scenario.periods ?? DEFAULT_SCENARIO_SETTINGS.periods,
    cells: scenario.outputs?.cells ?? DEFAULT_SCENARIO_SETTINGS.cells,
    parentResolution: checkedParentResolution(scenario.outputs?.parentResolution, grid.resolution, file),
  };
}

/**
 * All the demand layers are held at once, so their parses are checked together before the first
 * is read (each read checks its own again, and its features after the parse): the sum of their
 * sizes × `PARSE_BYTES_PER_TEXT_BYTE` against the heap this thread has left, refused naming the
 * largest. A file that cannot be stat-ed is left to its read, which names the problem.
 */
async function checkLayersHeadroom(paths: Array<string | undefined>, heapAvailableBytes: number | undefined): Promise<void> {
  let total = 0;
  let largest = { path: '', bytes: -1 };
  for (const path of new Set(paths)) {
    if (path === undefined) continue;
    const bytes = await stat(path).then((info) => (info.isFile() ? info.size : 0), () => 0);
    total += bytes;
    if (bytes > largest.bytes) largest = { path, bytes };
  }
  if (largest.bytes <= 0) return;
  checkHeapHeadroom({
    step: "reading and parsing the scenario's demand layers",
    estimateBytes: total * PARSE_BYTES_PER_TEXT_BYTE,
    where: { file: largest.path },
    from: `${(total / 2 ** 20).toFixed(1)} MiB of text, the largest this layer of ${(largest.bytes / 2 ** 20).toFixed(1)} MiB, ${PARSE_BYTES_PER_TEXT_BYTE}× as strings and parsed objects`,
    heapAvailableBytes,
    shrink: 'Simplify the geometry of the largest layers (e.g. mapshaper -simplify) or split them',
  });
}

function checkedParentResolution(parentResolution: number | undefined, gridResolution: number | undefined, file: string): number | undefined {
  if (parentResolution === undefined) return undefined;
  const resolution = gridResolution ?? DEFAULT_DEMAND_GRID_OPTIONS.resolution;
  if (parentResolution >= resolution) {
    throw new AirreachError('E_SCENARIO', `the parent layer's resolution ${parentResolution} is not coarser than the grid's ${resolution}`, {
      value: parentResolution,
      where: { file, field: '/outputs/parentResolution' },
      expected: `a whole number from 0 to ${resolution - 1}`,
    });
  }
  return parentResolution;
}

async function readRefuelPoints(path: string, file: string): Promise<RefuelPoint[]> {
  const layer = await readGeoJsonFile(path);
  try {
    return refuelPointsOf(layer.collection, layer.file);
  } catch (error) {
    throw locateInScenario(error, (own) => (own.file ? own : { ...own, file, field: '/layers/refuelPoints' }));
  }
}

/** A region's name as the grid reads it: text as written, a finite number as its digits; anything else is left for the check to refuse. */
function regionName(value: unknown): unknown {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
}

/**
 * "did you mean" for a nameField the region lacks, from its own properties: "Name" where the
 * layer has "name" (case alone) or a near spelling; empty when none is close.
 */
function nameHint(layer: GeoJsonLayer, featureIndex: number | undefined, nameField: string): string {
  const properties = featureIndex === undefined ? undefined : layer.collection.features[featureIndex]?.properties;
  if (!properties || Object.hasOwn(properties, nameField)) return '';
  const meant = closestKey(nameField, Object.keys(properties));
  return meant === undefined ? '' : `The region has properties.${meant}: did you mean "nameField": ${JSON.stringify(meant)}? `;
}

function validatedRegions(layer: GeoJsonLayer, nameField: string): GeoJsonLayer {
  // Region names may live in any property (e.g. `nameEn`); the grid reads `name`.
  const collection: FeatureCollection = {
    ...layer.collection,
    features: layer.collection.features.map((feature) => ({
      ...feature,
      // An own property only: a nameField such as "constructor" must not find Object.prototype's.
      // A number names its region as its digits, as a number names a site (a statistical code
      // such as "adcode": 210100 was refused as 'must be a non-empty string (got 210100)').
      properties: { ...(feature.properties ?? {}), name: regionName(feature.properties && Object.hasOwn(feature.properties, nameField) ? feature.properties[nameField] : undefined) },
    })),
  };
  try {
    return { file: layer.file, collection: validateFeatures(collection, 'region', { file: layer.file }), sha256: layer.sha256, validatedAs: 'region' };
  } catch (error) {
    // The names were copied into `name`: an error about them is about the user's nameField.
    if (isAirreachError(error, 'E_PROPERTY') && error.where.field === 'properties.name' && nameField !== 'name') {
      throw new AirreachError('E_PROPERTY', `property \`${nameField}\` (layers.regions.nameField) must be a non-empty string or a number`, {
        value: error.value,
        where: { ...error.where, field: `properties.${nameField}` },
        expected: 'a non-empty string, or a number such as a statistical code',
        hint: `${nameHint(layer, error.where.featureIndex, nameField)}Every region needs its name in properties.${nameField}; or set layers.regions.nameField to the property that holds it`,
      });
    }
    throw error;
  }
}

/**
 * Step 2: grid → coverage matrix → per-cell outcomes → report, for every period. Pure
 * computation on validated inputs; coverage is measured from the sites that exist or are
 * required (candidates are for siting questions).
 *
 * @example
 * const run = computeCoverage(inputs);
 * run.periods[0].report.overall.tiers; // per standard
 */
export function computeCoverage(inputs: ScenarioInputs, options: RunOptions & { session?: ScenarioSession } = {}): CoverageRun {
  const total = 1 + inputs.periods.length;
  if (!options.session) options.onProgress?.({ step: 'grid', done: 0, total });
  const session = options.session ?? prepareScenario(inputs, options);
  const periods = inputs.periods.map((period, i) => {
    options.onProgress?.({ step: `coverage (${period})`, done: 1 + i, total });
    const matrix = session.matrix(period, session.bases, session.maxStandardMinutes);
    options.signal?.throwIfAborted();
    return periodCoverage(inputs, session.grid, session.bases, period, matrix);
  });
  options.onProgress?.({ step: 'done', done: total, total });
  return { inputs, grid: session.grid, periods, session };
}

/** A period's outcomes and report from its coverage matrix. */
function periodCoverage(inputs: ScenarioInputs, grid: BuiltDemandGrid, bases: Site[], period: Period, matrix: CoverageMatrix): PeriodCoverage {
  const outcomes = cellOutcomes(grid, bases, inputs.aircraftById, period, matrix, { standardsMinutes: inputs.standardsMinutes, refuelPoints: inputs.refuelPoints });
  // The report is made when first read (then kept): a scenario queues its questions and depot
  // plan on the coverage's outcomes alone (the binding standard is `standardAttainment` of
  // them), and the report (about 0.15-0.2 s a period on today's case: uncovered areas,
  // percentiles) is made while the pool solves, not before.
  let report: CoverageReport | undefined;
  return {
    period,
    matrix,
    outcomes,
    get report() {
      return (report ??= coverageReport(grid, bases, outcomes, matrix, { period }));
    },
  };
}

/** Options of {@link computeCoverageParallel}. */
export interface ParallelRunOptions extends RunOptions {
  /** The engine pool to build coverage on; without one, a pool of `threads` is made for the call. */
  pool?: AirreachPool;
  /** Threads of the call's own pool (ignored with `pool`; 0 or 1: in-thread). */
  threads?: number;
  /** See `buildCoverageParallel`: smaller jobs stay in-thread. */
  minParallelPairs?: number;
}

/**
 * {@link computeCoverage} with the coverage matrices built in shards on worker threads
 * (`buildCoverageParallel`): the same run, byte for byte, whatever the thread count. The grid,
 * outcomes and report stay in the caller's thread.
 *
 * @example
 * const run = await computeCoverageParallel(inputs, { threads: 2 });
 * coverageFiles(run); // identical to coverageFiles(computeCoverage(inputs))
 */
export async function computeCoverageParallel(inputs: ScenarioInputs, options: ParallelRunOptions & { session?: ScenarioSession } = {}): Promise<CoverageRun> {
  const total = 1 + inputs.periods.length;
  if (!options.session) options.onProgress?.({ step: 'grid', done: 0, total });
  const pool = options.pool ?? createPool({ threads: options.threads });
  try {
    const session = options.session ?? (await prepareScenarioParallel(inputs, { ...options, pool }));
    const periods: PeriodCoverage[] = [];
    for (const [i, period] of inputs.periods.entries()) {
      options.onProgress?.({ step: `coverage (${period})`, done: 1 + i, total });
      const matrix = await session.matrixOnPool(period, session.bases, session.maxStandardMinutes);
      options.signal?.throwIfAborted();
      periods.push(periodCoverage(inputs, session.grid, session.bases, period, matrix));
    }
    options.onProgress?.({ step: 'done', done: total, total });
    return { inputs, grid: session.grid, periods, session };
  } finally {
    if (!options.pool) await pool.close();
  }
}

export { basesOf } from './basesOf.js';

/**
 * What the report pages draw from a run (`reportHtml`, `compareHtml`): the scenario's name and
 * description, the grid, the bases, every period's outcomes and report, and the region outlines.
 *
 * @example
 * const html = reportHtml(reportInputOf(run));
 */
export function reportInputOf(run: CoverageRun): ReportInput {
  const { scenario } = run.inputs.loaded;
  return {
    name: scenario.name,
    description: scenario.description,
    grid: run.grid,
    sites: basesOf(run.inputs.sites),
    periods: run.periods,
    regions: run.inputs.demandInputs.regions,
  };
}

/**
 * Step 3: the output files of a run: per period a hexagon map (`coverage-<period>.geojson`)
 * and table (`coverage-<period>.csv`), streamed (they are made row by row as they are written:
 * a national grid's map is about 1 GB), the bases (`bases.geojson`), the summary
 * (`summary.json`) and the report page (`report.html`; `{ report: false }` leaves it out). No
 * timestamps or machine details go into them, so the same inputs give the same bytes.
 *
 * @example
 * await writeFilesAtomic('out', coverageOutputs(run));
 */
export function coverageOutputs(run: CoverageRun, options: { report?: boolean } = {}): OutputFiles {
  const files: OutputFiles = {};
  const bases = basesOf(run.inputs.sites);
  const parent = run.inputs.parentResolution;
  // Named as checked before the run (checkScenarioOutputFolder): one plan, one set of names.
  const names = outputNames({ periods: run.periods.map((p) => p.period), parentResolution: parent, report: options.report !== false });
  run.periods.forEach(({ outcomes }, p) => {
    const cells = run.inputs.cells;
    const { map, table, parentMap } = names.periods[p];
    files[map] = streamedText(
      () => cellTableGeoJsonChunks(run.grid, bases, outcomes, { cells }),
      () => cellTableGeoJsonUtf8(run.grid, bases, outcomes, { cells }),
    );
    files[table] = streamedText(
      () => cellTableCsvChunks(run.grid, bases, outcomes, { cells }),
      () => cellTableCsvUtf8(run.grid, bases, outcomes, { cells }),
    );
    if (parent !== undefined && parentMap) files[parentMap] = parentCoverageGeoJson(run.grid, outcomes, parent);
  });
  files[names.bases!] = finiteJson(
    sitesToGeoJson(bases, (_site, s) =>
      Object.fromEntries(run.periods.map(({ period, report }) => [`first_responder_demand_${period}`, report.sites[s].firstResponderDemand])),
    ),
    names.bases!,
  );
  files[names.summary!] = finiteJson(coverageSummary(run), names.summary!, 2);
  // Every command that computes coverage can hand on the page a planner reads.
  if (names.report) files[names.report] = reportHtml(reportInputOf(run));
  return files;
}

/**
 * {@link coverageOutputs} with every file as one string, for runs small enough (a province at
 * resolution 7 or 8; not the nation at 7, whose map is longer than a string can be).
 *
 * @example
 * const files = coverageFiles(run); // { 'summary.json': '...', 'coverage-day.csv': '...', ... }
 */
export function coverageFiles(run: CoverageRun, options: { report?: boolean } = {}): Record<string, string> {
  return outputTexts(coverageOutputs(run, options));
}

/**
 * The JSON summary of a run: the scenario, the grid and, per period, the report.
 *
 * @example
 * Object.keys(coverageSummary(run)); // -> ['scenario', 'grid', 'bases', 'aircraft', 'warnings', 'periods'], as summary.json holds them
 */
export function coverageSummary(run: CoverageRun): Record<string, unknown> {
  const { grid, inputs } = run;
  return {
    scenario: {
      name: inputs.loaded.scenario.name ?? null,
      description: inputs.loaded.scenario.description ?? null,
    },
    grid: {
      resolution: grid.resolution,
      cells: grid.cellCount,
      areaKm2: sum(grid.areaKm2),
      demand: sum(grid.demand),
      hazardTypes: grid.hazardTypes,
      regions: grid.regionNames,
      // Files as the scenario names them (relative to its folder), not where this machine keeps
      // them: the same inputs give the same bytes wherever they are run.
      warnings: grid.warnings.map((warning) => ({ ...warning, file: portableRelative(dirname(inputs.loaded.file), warning.file) })),
      droppedPopulation: grid.droppedPopulation,
    },
    bases: basesOf(inputs.sites).map((site) => ({
      id: site.id,
      name: site.name,
      role: site.role,
      fleet: site.fleet,
    })),
    aircraft: Object.fromEntries(
      [...new Set(inputs.sites.flatMap((site) => site.fleet.map((f) => f.aircraftTypeId)))]
        .sort()
        .map((id) => [id, inputs.aircraftById[id]]),
    ),
    // Inputs that look wrong (bases far from the demand, swapped coordinates), as the terminal prints them.
    warnings: coverageWarnings(run),
    periods: run.periods.map(({ period, matrix, report }) => ({
      period,
      coveragePairs: matrix.pairCount,
      report,
    })),
  };
}

/**
 * The whole coverage pipeline, as the CLI runs it: load the scenario, read its inputs, compute,
 * and write the files into `outFolder` all at once (nothing is written if anything fails or the
 * run is cancelled): the cell maps and tables, the bases, the summary and `report.html` (unless
 * `report: false`).
 *
 * @example
 * const { run, written } = await runCoverage(join(bundledDataFolder(), 'liaoning', 'today.json'), { outFolder: 'out', threads: 2 });
 */
export async function runCoverage(
  scenarioPath: string,
  options: RunOptions & LoadScenarioOptions & Omit<ParallelRunOptions, keyof RunOptions> & { outFolder: string; report?: boolean },
): Promise<{ run: CoverageRun; written: string[] }> {
  let lock: OutputLock | undefined;
  try {
    options.signal?.throwIfAborted();
    // Locked from the start: an unusable folder is refused before any work, and two runs into one folder cannot interleave.
    lock = lockOutputFolder(options.outFolder);
    const loaded = await loadScenario(scenarioPath, options);
    await checkScenarioOutputFolder(loaded, options.outFolder, { command: 'coverage', report: options.report !== false });
    const inputs = await readScenarioInputs(loaded, options);
    // With `threads` or a `pool` the matrices are built on worker threads (same bytes).
    const run = options.threads !== undefined || options.pool !== undefined ? await computeCoverageParallel(inputs, options) : computeCoverage(inputs, options);
    options.signal?.throwIfAborted();
    const written = await writeFilesAtomic(options.outFolder, coverageOutputs(run, { report: options.report }), { signal: options.signal, inputFiles: scenarioInputFiles(loaded) });
    return { run, written };
  } catch (error) {
    throw cancelledError(error, options.signal, scenarioPath);
  } finally {
    lock?.release();
  }
}

/** `path` relative to `folder`, with `/` separators on every platform. */
function portableRelative(folder: string, path: string): string {
  return relative(folder, path).split(sep).join('/');
}

function sum(values: Float64Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}
