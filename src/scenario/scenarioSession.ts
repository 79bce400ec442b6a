import { createHash } from 'node:crypto';
import { readInputFile } from '../io/readInputFile.js';
import { AirreachError } from '../errors.js';
import { resolveOptions } from '../resolveOptions.js';
import { buildDemandGrid, DEFAULT_DEMAND_GRID_OPTIONS, type BuiltDemandGrid } from '../grid/buildDemandGrid.js';
import { estimateGridCells } from '../grid/estimateGridCells.js';
import type { Period, Site } from '../travel/aircraft.js';
import { buildCoverage } from '../coverage/buildCoverage.js';
import { buildCellIndex, type CellIndex } from '../coverage/buildCellIndex.js';
import { CoverageMatrix } from '../coverage/coverageMatrix.js';
import type { MatrixBufferPool } from '../coverage/matrixBufferPool.js';
import { buildCoverageParallel } from '../engine/coverage/buildCoverageParallel.js';
import { buildDemandGridParallel } from '../engine/grid/buildDemandGridParallel.js';
import type { AirreachPool } from '../engine/createPool.js';
import { checkOutputBudget } from './checkOutputBudget.js';
import { scenarioMemoryBudget } from './scenarioMemoryBudget.js';
import { checkCoverageMemory } from './checkCoverageMemory.js';
import { checkRefuelScan } from './checkRefuelScan.js';
import { locateInScenario } from './locateInScenario.js';
import { basesOf } from './basesOf.js';
import { DEFAULT_QUESTION_OPTIONS } from './questionDefaults.js';
import { DEFAULT_SCENARIO_SETTINGS } from './scenarioDefaults.js';
import type { ProgressEvent, ScenarioInputs } from './runCoverage.js';
import type { GeoJsonLayer } from '../grid/geoJsonLayer.js';
import type { ScenarioQuestion } from './scenarioSchema.js';

/** Options of {@link prepareScenario}. */
export interface PrepareScenarioOptions {
  /** The engine pool matrices are built on (`matrixOnPool`); without one every build runs in this thread. */
  pool?: AirreachPool;
  /** Cancels the preparation and every later build of the session. */
  signal?: AbortSignal;
  /** Cap on the coverage matrices' memory, checked on an estimate before the grid's matrices are built (see `checkCoverageMemory`); default: the scenario's `memoryBudget`, else 2 GiB. */
  coverageMemoryBytes?: number;
  /** Cap on the output files' text, checked on the grid's estimate before it is built (see `checkOutputBudget`). */
  outputMemoryBytes?: number;
  /** Where the outputs go: their estimated bytes are checked against its disk's free space before the grid is built. */
  outFolder?: string;
  /** See `buildCoverageParallel`: smaller jobs stay in-thread (only with `pool`). */
  minParallelPairs?: number;
  /**
   * The session will answer the scenario's questions and curve: their matrices are announced
   * (see {@link ScenarioSession.expect}), so today's bases' matrix of a period is cut from the
   * siting matrix built anyway. Off for coverage alone, which then builds only the bases'.
   */
  siting?: boolean;
  /** Cut smaller matrices from larger ones the session holds; `false` builds every key afresh (a check that cutting changes no byte). */
  cutMatrices?: boolean;
  /**
   * The grid and its cell index, built before from the same demand layers and grid options (see
   * {@link gridInputsKey}): a batch reuses them across the scenarios that share their layers.
   * The outputs' size is still checked against them.
   */
  prepared?: { grid: BuiltDemandGrid; cellIndex: CellIndex };
  /**
   * Buffers to build this thread's matrices into (`createMatrixBufferPool`): matrices built in
   * this thread go into a held buffer whose pages are mapped already, and
   * {@link ScenarioSession.release} gives them back when the scenario is done.
   */
  matrixBuffers?: MatrixBufferPool;
  /** Receives the preparation's warnings (events with `warning`: see `checkRefuelScan`); no other progress. */
  onProgress?: (event: ProgressEvent) => void;
}

/** Defaults of {@link prepareScenario}: no pool (builds in this thread), the checks' own caps. */
export const DEFAULT_PREPARE_SCENARIO_OPTIONS: PrepareScenarioOptions = {
  pool: undefined,
  signal: undefined,
  coverageMemoryBytes: undefined,
  outputMemoryBytes: undefined,
  outFolder: undefined,
  minParallelPairs: undefined,
  siting: false,
  cutMatrices: true,
  prepared: undefined,
  matrixBuffers: undefined,
  onProgress: undefined,
};

/**
 * How a session came by the matrix of one key (period, largest standard, site set, refuelling
 * points): `builds` counts coverage builds (the expensive step, once per key on a run), `derived`
 * the times it was cut from a larger matrix of the session instead (rows of a site superset,
 * pairs within a smaller standard).
 *
 * @example
 * session.matrixBuilds().every((entry) => entry.builds <= 1); // true on a scenario run
 */
export interface MatrixBuildCount {
  /** `<period>:<maxMinutes>:<n> sites <hash of their ids>:<refuelling points>`, the cache key. */
  key: string;
  period: Period;
  maxMinutes: number;
  siteCount: number;
  builds: number;
  derived: number;
}

/**
 * One scenario's computing context: the grid, the cell index and one cache of coverage matrices
 * keyed by period, largest standard, site set and refuelling points, so that coverage, the
 * siting questions, the curve, compare, sweep and the batch task draw every matrix from one
 * place and build each key once. A matrix of a smaller standard or of fewer sites is cut from
 * a larger one the session holds (see {@link ScenarioSession.matrix}), byte for byte the matrix
 * a fresh build would give.
 *
 * @example
 * const session = prepareScenario(inputs);
 * const day = session.matrix('day', session.bases, 120);
 * session.matrixBuilds(); // [{ key: 'day:120:…', builds: 1, derived: 0, … }]
 */
export interface ScenarioSession {
  readonly inputs: ScenarioInputs;
  readonly grid: BuiltDemandGrid;
  readonly cellIndex: CellIndex;
  /** Today's bases: existing and required sites, in scenario order (what coverage is measured from). */
  readonly bases: Site[];
  /** Every site a siting question may choose: all but the forbidden ones, in scenario order. */
  readonly sitingSites: Site[];
  /** The largest of the scenario's standards (coverage's matrices go this far). */
  readonly maxStandardMinutes: number;
  /**
   * Announces that a matrix of `sites` within `maxMinutes` in `period` will be asked for, so that
   * an earlier, smaller request of the same sites is built at this size and the later one cut
   * from it rather than built again.
   */
  expect(period: Period, sites: readonly Site[], maxMinutes: number): void;
  /** The matrix of `sites` (rows in their order) within `maxMinutes` in `period`, built in this thread when the session has none to cut it from. */
  matrix(period: Period, sites: readonly Site[], maxMinutes: number): CoverageMatrix;
  /** {@link ScenarioSession.matrix} with a build on the session's pool (the same bytes; in this thread without a pool). */
  matrixOnPool(period: Period, sites: readonly Site[], maxMinutes: number): Promise<CoverageMatrix>;
  /** Per key asked for: how often it was built and how often derived, in the order first asked. */
  matrixBuilds(): MatrixBuildCount[];
  /**
   * Gives the buffers of the matrices built into the `matrixBuffers` pool back to it: call it
   * when nothing reads the session's matrices (or anything computed with them) any more. The
   * session forgets them, so a later request builds afresh.
   */
  release(): void;
}

/**
 * Prepares a scenario's session (see {@link ScenarioSession}): checks the outputs' estimated
 * size, builds the grid and its cell index, checks the coverage matrices' memory, and notes every
 * matrix the scenario's questions and curve will ask for, so the largest of each period and site
 * set is built first. Errors about grid options get the scenario file and JSON path.
 *
 * @example
 * const session = prepareScenario(await readScenarioInputs(await loadScenario('data/liaoning/today.json')));
 * session.grid.cellCount; // 46,397
 */
export function prepareScenario(inputs: ScenarioInputs, options: PrepareScenarioOptions = {}): ScenarioSession {
  const settings = resolveOptions(DEFAULT_PREPARE_SCENARIO_OPTIONS, options);
  checkBeforeGrid(inputs, settings);
  return sessionAfterGrid(inputs, settings.prepared?.grid ?? buildScenarioGrid(inputs), settings);
}

/**
 * {@link prepareScenario} with the grid's polygons computed on the session's pool
 * (`buildDemandGridParallel`; in this thread without a pool, or for a small grid): the same
 * session, byte for byte, and the same checks before the grid is built.
 *
 * @example
 * const session = await prepareScenarioParallel(inputs, { pool, siting: true });
 */
export async function prepareScenarioParallel(inputs: ScenarioInputs, options: PrepareScenarioOptions = {}): Promise<ScenarioSession> {
  const settings = resolveOptions(DEFAULT_PREPARE_SCENARIO_OPTIONS, options);
  checkBeforeGrid(inputs, settings);
  const grid = settings.prepared?.grid ?? (settings.pool ? await buildScenarioGridParallel(inputs, settings.pool, settings.signal) : buildScenarioGrid(inputs));
  return sessionAfterGrid(inputs, grid, settings);
}

/** The outputs are part of the run: refuses on the grid's estimate what could not be written, before the grid's work. */
function checkBeforeGrid(inputs: ScenarioInputs, settings: PrepareScenarioOptions): void {
  const budget = { outputMemoryBytes: settings.outputMemoryBytes, outFolder: settings.outFolder };
  const estimated = settings.prepared ? undefined : estimateWrittenCells(inputs);
  if (estimated !== undefined) checkOutputBudget(inputs, estimated, budget);
}

function sessionAfterGrid(inputs: ScenarioInputs, grid: BuiltDemandGrid, settings: PrepareScenarioOptions): ScenarioSession {
  checkOutputBudget(inputs, writtenCells(grid, inputs.cells), { outputMemoryBytes: settings.outputMemoryBytes, outFolder: settings.outFolder });
  settings.signal?.throwIfAborted();
  const maxStandardMinutes = inputs.standardsMinutes[inputs.standardsMinutes.length - 1];
  const bases = basesOf(inputs.sites);
  checkCoverageMemory(grid, bases, inputs.aircraftById, inputs.periods, maxStandardMinutes, { coverageMemoryBytes: scenarioMemoryBudget(inputs.loaded, { coverageMemoryBytes: settings.coverageMemoryBytes }).coverageMemoryBytes, file: inputs.loaded.file, refuelPoints: inputs.refuelPoints });
  // Many refuelling points over a large grid make a long coverage: said before it starts.
  checkRefuelScan(grid.cellCount, inputs.refuelPoints?.length ?? 0, inputs.periods.length, {
    onWarning: (warning) => settings.onProgress?.({ step: 'grid', done: 0, total: 1 + inputs.periods.length, warning }),
  });
  return sessionOn(inputs, grid, settings);
}

/**
 * The session of a coverage run: the one it was computed with, or a new one on its grid (a run
 * made without a session, e.g. by hand in a test).
 *
 * @example
 * const matrix = sessionOf(run).matrix('day', sessionOf(run).sitingSites, 60);
 */
export function sessionOf(run: { inputs: ScenarioInputs; grid: BuiltDemandGrid; session?: ScenarioSession }): ScenarioSession {
  return run.session ?? sessionOn(run.inputs, run.grid, {});
}

function sessionOn(inputs: ScenarioInputs, grid: BuiltDemandGrid, settings: PrepareScenarioOptions): ScenarioSession {
  const { signal } = settings;
  const bases = basesOf(inputs.sites);
  const sitingSites = inputs.sites.filter((site) => site.role !== 'forbidden');
  const cellIndex = settings.prepared?.grid === grid ? settings.prepared.cellIndex : buildCellIndex(grid);
  const maxStandardMinutes = inputs.standardsMinutes[inputs.standardsMinutes.length - 1];
  const refuelPoints = inputs.refuelPoints ?? [];
  const refuelKey = refuelPoints.length === 0 ? 'no refuel points' : `${refuelPoints.length} refuel points ${shortHash(JSON.stringify(refuelPoints.map((point) => [point.latDeg, point.lngDeg])))}`;
  const siteKeys = new WeakMap<readonly Site[], string>();
  const siteKey = (sites: readonly Site[]) => {
    let key = siteKeys.get(sites);
    if (key === undefined) {
      key = `${sites.length} sites ${shortHash(JSON.stringify(sites.map((site) => site.id)))}`;
      siteKeys.set(sites, key);
    }
    return key;
  };
  interface Entry {
    period: Period;
    maxMinutes: number;
    sites: readonly Site[];
    matrix: CoverageMatrix;
  }
  const held: Entry[] = [];
  const counts = new Map<string, MatrixBuildCount>();
  /** Largest minutes announced per period and site set. */
  const planned = new Map<string, { sites: readonly Site[]; maxMinutes: number }>();
  const keyOf = (period: Period, sites: readonly Site[], maxMinutes: number) => `${period}:${maxMinutes}:${siteKey(sites)}:${refuelKey}`;
  const count = (period: Period, sites: readonly Site[], maxMinutes: number) => {
    const key = keyOf(period, sites, maxMinutes);
    let entry = counts.get(key);
    if (!entry) {
      entry = { key, period, maxMinutes, siteCount: sites.length, builds: 0, derived: 0 };
      counts.set(key, entry);
    }
    return entry;
  };
  const expect = (period: Period, sites: readonly Site[], maxMinutes: number) => {
    const key = `${period}:${siteKey(sites)}`;
    const known = planned.get(key);
    if (!known || known.maxMinutes < maxMinutes) planned.set(key, { sites, maxMinutes });
  };
  const sameSites = (a: readonly Site[], b: readonly Site[]) => a.length === b.length && a.every((site, s) => b[s] === site);
  const holds = (candidate: readonly Site[], sites: readonly Site[]) => sites.every((site) => candidate.includes(site));
  /**
   * The matrix asked for when the session holds it or can cut it from one it holds; else what to
   * build first: the largest announced matrix of a site set holding these sites, or this one.
   */
  const lookup = (period: Period, sites: readonly Site[], maxMinutes: number): CoverageMatrix | { sites: readonly Site[]; maxMinutes: number } => {
    const exact = held.find((entry) => entry.period === period && entry.maxMinutes === maxMinutes && sameSites(entry.sites, sites));
    if (exact) return exact.matrix;
    if (settings.cutMatrices === false) return { sites, maxMinutes };
    let from: Entry | null = null;
    for (const entry of held) {
      if (entry.period !== period || entry.maxMinutes < maxMinutes || !holds(entry.sites, sites)) continue;
      // The smallest that holds it: fewer pairs to filter.
      if (!from || entry.matrix.pairCount < from.matrix.pairCount) from = entry;
    }
    if (from) {
      const derived = narrowMatrix(from.matrix, sites.map((site) => from.sites.indexOf(site)), maxMinutes);
      if (!derived) return { sites, maxMinutes };
      count(period, sites, maxMinutes).derived++;
      held.push({ period, sites, maxMinutes, matrix: derived });
      return derived;
    }
    let plan: { sites: readonly Site[]; maxMinutes: number } | null = null;
    for (const [key, value] of planned) {
      if (!key.startsWith(`${period}:`) || value.maxMinutes < maxMinutes || !holds(value.sites, sites)) continue;
      // The largest site set announced (it is built anyway, and everything smaller is cut from it), at its largest standard.
      if (!plan || value.sites.length > plan.sites.length || (value.sites.length === plan.sites.length && value.maxMinutes > plan.maxMinutes)) plan = value;
    }
    return plan ?? { sites, maxMinutes };
  };
  const store = (period: Period, sites: readonly Site[], maxMinutes: number, matrix: CoverageMatrix) => {
    count(period, sites, maxMinutes).builds++;
    held.push({ period, sites, maxMinutes, matrix });
  };
  const buffers = settings.matrixBuffers;
  /** Matrices built into the pool's buffers: given back by `release`. */
  const pooled: CoverageMatrix[] = [];
  const inThread = (period: Period, sites: readonly Site[], maxMinutes: number) => {
    const matrix = buildCoverage(grid, sites, inputs.aircraftById, { maxMinutes, period, cellIndex, refuelPoints: inputs.refuelPoints, into: buffers ? (bytes: number) => buffers.take(bytes) : undefined });
    if (buffers) pooled.push(matrix);
    return matrix;
  };
  const session: ScenarioSession = {
    inputs,
    grid,
    cellIndex,
    bases,
    sitingSites,
    maxStandardMinutes,
    expect,
    matrix(period, sites, maxMinutes) {
      // At most three rounds: the announced larger matrix, then this one cut from it, or built when the cut is undecided.
      for (;;) {
        signal?.throwIfAborted();
        const found = lookup(period, sites, maxMinutes);
        if (found instanceof CoverageMatrix) return found;
        store(period, found.sites, found.maxMinutes, inThread(period, found.sites, found.maxMinutes));
      }
    },
    async matrixOnPool(period, sites, maxMinutes) {
      const { pool } = settings;
      for (;;) {
        signal?.throwIfAborted();
        const found = lookup(period, sites, maxMinutes);
        if (found instanceof CoverageMatrix) return found;
        const matrix = pool
          ? await buildCoverageParallel(grid, found.sites, inputs.aircraftById, { maxMinutes: found.maxMinutes, period, cellIndex, refuelPoints: inputs.refuelPoints, pool, signal, minParallelPairs: settings.minParallelPairs })
          : inThread(period, found.sites, found.maxMinutes);
        store(period, found.sites, found.maxMinutes, matrix);
      }
    },
    matrixBuilds: () => [...counts.values()].map((entry) => ({ ...entry })),
    release() {
      if (!buffers) return;
      for (const matrix of pooled) {
        // Forgotten first: no lookup may hand out a matrix whose buffer is rewritten.
        const at = held.findIndex((entry) => entry.matrix === matrix);
        if (at >= 0) held.splice(at, 1);
        buffers.give(matrix.data);
      }
      pooled.length = 0;
    },
  };
  for (const period of inputs.periods) expect(period, bases, maxStandardMinutes);
  if (settings.siting) expectScenarioMatrices(session);
  return session;
}

/**
 * The matrices a scenario's questions (those of a fixed period and standard) and curve ask for,
 * announced to the session. Questions of the binding standard are announced by `answerQuestions`
 * once coverage says which binds.
 */
function expectScenarioMatrices(session: ScenarioSession): void {
  const { scenario } = session.inputs.loaded;
  for (const question of scenario.questions ?? []) {
    const need = questionMatrixNeed(question, null);
    if (need) session.expect(need.period, session.sitingSites, need.maxMinutes);
  }
  const curve = scenario.curve;
  if (curve && curve.standardsMinutes.length > 0) session.expect(curve.period ?? 'day', session.sitingSites, Math.max(...curve.standardsMinutes));
}

/**
 * The period and largest minutes of a question's matrix, or null when it cannot be told yet (a
 * binding question before coverage, `binding` null) or the question is malformed (its own
 * check names the field later). `answerQuestions` takes its matrix by this rule too.
 *
 * @example
 * questionMatrixNeed({ model: 'setCovering', standardMinutes: 60 }, null); // { period: 'day', maxMinutes: 60 }
 */
export function questionMatrixNeed(question: ScenarioQuestion, binding: { period: string; standardMinutes: number } | null): { period: Period; maxMinutes: number } | null {
  const asksBinding = question.standardMinutes === 'binding' || question.period === 'binding';
  if (asksBinding && !binding) return null;
  const period = (question.period === 'binding' ? binding!.period : (question.period ?? DEFAULT_QUESTION_OPTIONS.period)) as Period;
  const standard = question.standardMinutes === 'binding' ? binding!.standardMinutes : question.standardMinutes;
  if (question.model === 'pMedian' || question.model === 'pCenter') return { period, maxMinutes: DEFAULT_QUESTION_OPTIONS.pMedianMaxMinutes };
  if (typeof standard !== 'number') return null;
  if (question.model === 'doubleStandard') return typeof question.looseStandardMinutes === 'number' ? { period, maxMinutes: Math.max(standard, question.looseStandardMinutes) } : null;
  return { period, maxMinutes: standard };
}

/**
 * The matrix a question will take, sized before coverage says which standard and period bind: a
 * question of the binding standard takes the largest of `standardsMinutes`, and of the binding
 * period either period (`periods`, the larger of whose matrices counts). The rule is the one
 * `answerQuestions` builds its matrix by (`questionMatrixNeed`): a doubleStandard question's
 * reaches its loose standard, p-median and p-center rank pairs up to 600 minutes. Null for a
 * question without the minutes it needs (its own check refuses it, naming the field).
 *
 * @example
 * largestMatrixNeed({ model: 'doubleStandard', standardMinutes: 30, looseStandardMinutes: 120 }, [30, 60, 120]); // { periods: ['day'], maxMinutes: 120 }
 */
export function largestMatrixNeed(question: ScenarioQuestion, standardsMinutes: readonly number[] | undefined): { periods: Period[]; maxMinutes: number } | null {
  const periods: Period[] = question.period === 'binding' ? ['day', 'night'] : [question.period ?? DEFAULT_QUESTION_OPTIONS.period];
  // Every period gives the same minutes: the binding period changes only which matrix.
  const need = questionMatrixNeed(question, { period: periods[0], standardMinutes: Math.max(...(standardsMinutes ?? DEFAULT_SCENARIO_SETTINGS.standardsMinutes)) });
  return need ? { periods, maxMinutes: need.maxMinutes } : null;
}


/**
 * The rows `rows` of `matrix` with the pairs within `maxMinutes`: what `buildCoverage` gives for
 * those sites at that standard, byte for byte. A build keeps a pair when its float64 minutes are
 * ≤ the standard and stores them rounded to float32, so a stored value below the standard's
 * float32 was kept, one above was not; a value equal to it may have been either, and then the
 * answer is null (the caller builds afresh). Rows list cells in scan (band) order, the same at
 * every standard, so filtering keeps a fresh build's order.
 */
function narrowMatrix(matrix: CoverageMatrix, rows: readonly number[], maxMinutes: number): CoverageMatrix | null {
  const { offsets, cells, minutes } = matrix;
  const limit = Math.fround(maxMinutes);
  const lengths = new Uint32Array(rows.length);
  for (const [r, row] of rows.entries()) {
    let length = 0;
    for (let k = offsets[row], end = offsets[row + 1]; k < end; k++) {
      const value = minutes[k];
      if (value === limit) return null;
      if (value < limit) length++;
    }
    lengths[r] = length;
  }
  // A non-float32 standard leaves the neighbours of its float32 undecided too.
  if (limit !== maxMinutes) return null;
  const out = CoverageMatrix.withRowLengths(lengths, matrix.cellCount, maxMinutes);
  let at = 0;
  for (const row of rows) {
    for (let k = offsets[row], end = offsets[row + 1]; k < end; k++) {
      if (minutes[k] < limit) {
        out.cells[at] = cells[k];
        out.minutes[at] = minutes[k];
        at++;
      }
    }
  }
  return out;
}

/**
 * A key of everything a scenario's grid is built from: the grid options and the content of its
 * demand layers (hazards, population, extent, regions with their name field): the SHA-256 of the
 * text `readScenarioInputs` parsed (`GeoJsonLayer.sha256`), or the file's bytes read here for a
 * layer without one. Scenarios with
 * equal keys have equal grids, so a batch builds one and hands it on (`prepared`).
 *
 * @example
 * const key = await gridInputsKey(inputs); // 'sha256 hex'
 */
export async function gridInputsKey(inputs: ScenarioInputs): Promise<string> {
  const layers = inputs.loaded.scenario.layers ?? {};
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ grid: inputs.gridOptions, regionsField: layers.regions?.nameField ?? null }));
  const { demandInputs } = inputs;
  const files: Array<[string, string | undefined, GeoJsonLayer | undefined]> = [
    ...(layers.hazards ?? []).map((file, k): [string, string, GeoJsonLayer | undefined] => ['hazard', file, demandInputs.hazards[k]]),
    ['population', layers.population, demandInputs.population],
    ['extent', layers.extent, demandInputs.extent],
    ['regions', layers.regions?.file, demandInputs.regions],
  ];
  for (const [kind, file, layer] of files) {
    hash.update(`\n${kind} `);
    if (file === undefined) continue;
    hash.update(`${file}\n`);
    // The digest readScenarioInputs took of the text it parsed: the same content, no second read
    // (about 1 MB per scenario of a batch). Inputs made without one read the file.
    if (layer?.sha256 !== undefined && layer.file === file) hash.update(`sha256 ${layer.sha256}`);
    else hash.update(await readInputFile(file));
  }
  return hash.digest('hex');
}

/**
 * {@link prepareScenario} that hands the grid and cell index of the scenario it prepared last on
 * to the next when their demand layers and grid options are byte for byte the same
 * ({@link gridInputsKey}): a batch thread, a comparison or a sweep runs variants of one case,
 * and each would build the same grid again.
 *
 * @example
 * const prepare = prepareScenarioReusingGrid();
 * for (const inputs of variants) runs.push(computeCoverage(inputs, { session: await prepare(inputs) }));
 */
export function prepareScenarioReusingGrid(): (inputs: ScenarioInputs, options?: Omit<PrepareScenarioOptions, 'prepared'>) => Promise<ScenarioSession> {
  let last: { key: string; prepared: NonNullable<PrepareScenarioOptions['prepared']> } | undefined;
  return async (inputs, options = {}) => {
    const key = await gridInputsKey(inputs);
    const session = await prepareScenarioParallel(inputs, { ...options, prepared: last?.key === key ? last.prepared : undefined });
    last = { key, prepared: { grid: session.grid, cellIndex: session.cellIndex } };
    return session;
  };
}

/** 12 hex digits of the SHA-256 of `text`: names a site or refuelling set in a key. */
function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/**
 * The grid's estimated cells that outputs will hold (only the hazard footprints' when only cells
 * with demand are written and there is no population), or undefined when the estimate is over
 * the cell budget: the grid build refuses that itself, naming the budget.
 */
function estimateWrittenCells(inputs: ScenarioInputs): number | undefined {
  const { resolution, cellBudget } = resolveOptions(DEFAULT_DEMAND_GRID_OPTIONS, inputs.gridOptions);
  if (!Number.isInteger(resolution) || resolution < 0 || resolution > 15) return undefined;
  const all = estimateGridCells(inputs.demandInputs, resolution, { cellBudget });
  if (all.cellCount > cellBudget) return undefined;
  if (inputs.cells === 'demand' && !inputs.demandInputs.population) return estimateGridCells(inputs.demandInputs, resolution, { extent: 'hazards', cellBudget }).cellCount;
  return all.cellCount;
}

function writtenCells(grid: BuiltDemandGrid, cells: 'all' | 'demand'): number {
  if (cells === 'all') return grid.cellCount;
  let count = 0;
  for (let c = 0; c < grid.cellCount; c++) if (grid.demand[c] > 0) count++;
  return count;
}

/** The grid of a scenario, its errors located in the scenario ({@link locatedGridError}). */
function buildScenarioGrid(inputs: ScenarioInputs): BuiltDemandGrid {
  try {
    return buildDemandGrid(inputs.demandInputs, inputs.gridOptions);
  } catch (error) {
    throw locatedGridError(inputs, error);
  }
}

/** {@link buildScenarioGrid} with its polygons on the pool (`buildDemandGridParallel`), its errors located alike. */
async function buildScenarioGridParallel(inputs: ScenarioInputs, pool: AirreachPool, signal: AbortSignal | undefined): Promise<BuiltDemandGrid> {
  try {
    return await buildDemandGridParallel(inputs.demandInputs, inputs.gridOptions, pool, { signal });
  } catch (error) {
    throw locatedGridError(inputs, error);
  }
}

/**
 * Errors about grid options (resolution, cell budget) carry no file of their own: they get the
 * scenario file and its JSON path, so the user knows what to edit.
 */
function locatedGridError(inputs: ScenarioInputs, error: unknown): unknown {
  return locateInScenario(error, (own) => {
    const option = error instanceof AirreachError && error.code === 'E_CELL_BUDGET' ? 'resolution' : own.field;
    return { file: inputs.loaded.file, field: option ? `/grid/${option}` : '/grid' };
  });
}
