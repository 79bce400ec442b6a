// Issue 16, round two of hardening: one table of generated cases per class of defect (sizes,
// depths, magnitudes, names), each case through the library or the CLI; the suite prints what it
// tried per class. The kill -9 and Ctrl-C cases are in interrupts.test.ts, the fuzzing in
// fuzz.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import fc from 'fast-check';
import { isAirreachError, type AirreachError, type ErrorCode, type ErrorLocation } from '../../src/errors.js';
import { loadScenario, parseScenarioObject } from '../../src/scenario/loadScenario.js';
import { runScenario } from '../../src/scenario/runScenario.js';
import { readScenarioInputs, runCoverage } from '../../src/scenario/runCoverage.js';
import { checkOutputBudget } from '../../src/scenario/checkOutputBudget.js';
import { estimateGridCells } from '../../src/grid/estimateGridCells.js';
import { readGeoJsonFile } from '../../src/io/readGeoJson.js';
import { parseJsonText } from '../../src/io/parseJsonText.js';
import { locateJsonError } from '../../src/io/locateJsonError.js';
import { validateFeatures } from '../../src/grid/validateFeatures.js';
import { batchLabels } from '../../src/batch/batchLabels.js';
import { runBatch } from '../../src/batch/runBatch.js';
import { csvField } from '../../src/csvField.js';
import { terminalSafe } from '../../src/cli/terminalSafe.js';
import { fixturePath, squareRing } from './reliabilityFixtures.js';
import { TriedLog } from './triedLog.js';
import { runCli } from './runCli.js';

const log = new TriedLog('hardening round two: generated cases per class (issue 16)');
afterAll(() => log.print());

const root = mkdtempSync(join(tmpdir(), 'airreach-hardening-'));
const folder = join(root, 'scenarios');
afterAll(() => rmSync(root, { recursive: true, force: true }));
const seed = Number(process.env.FC_SEED ?? 20_261_216);

beforeAll(() => {
  mkdirSync(folder);
  for (const name of ['small.json', 'hazards.geojson', 'regions.geojson', 'bases.geojson', 'candidates.geojson', 'hospitals.geojson', 'places.geojson']) {
    cpSync(fixturePath('scenario', name), join(folder, name));
  }
  cpSync(new URL('../../data/liaoning/conditions/weather.json', import.meta.url), join(folder, 'weather.json'));
});

let written = 0;
/** Writes a file into the scenario folder and returns its path. */
function put(name: string, content: unknown): string {
  const path = join(folder, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}
/** A scenario extending small.json with `over`, written under a fresh name. */
function scenario(over: Record<string, unknown>): string {
  return put(`case-${++written}.json`, { extends: 'small.json', periods: ['day'], ...over });
}
const out = (name: string) => join(root, 'out', name);

async function failure(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Expects an AirreachError of `code` with the `where` fields given (exact values), records the class's outcome. */
async function expectRefused(kind: string, what: string, run: () => unknown, code: ErrorCode, where: Partial<ErrorLocation> = {}): Promise<AirreachError> {
  const error = await failure(run);
  log.record(kind, isAirreachError(error) ? error.code : error === undefined ? 'accepted!' : 'crash!');
  expect(isAirreachError(error), `${kind} / ${what}: ${String((error as Error)?.stack ?? error)}`).toBe(true);
  const e = error as AirreachError;
  expect(e.code, `${kind} / ${what}: ${e.message}`).toBe(code);
  expect(e.where, `${kind} / ${what}: ${e.message}`).toMatchObject(where);
  // The message names the place too: users read messages.
  if (where.file !== undefined) expect(e.message).toContain(where.file);
  if (where.field !== undefined) expect(e.message).toContain(where.field);
  return e;
}

/** Every number in a parsed JSON value. */
function numbersOf(value: unknown, found: number[] = []): number[] {
  if (typeof value === 'number') found.push(value);
  else if (Array.isArray(value)) for (const item of value) numbersOf(item, found);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) numbersOf(item, found);
  return found;
}

/** The outputs of a run hold finite numbers only: JSON numbers, and no NaN/Infinity text in tables. */
function expectFiniteOutputs(folderPath: string): void {
  for (const name of readdirSync(folderPath)) {
    const text = readFileSync(join(folderPath, name), 'utf8');
    if (name.endsWith('.json') || name.endsWith('.geojson')) {
      expect(numbersOf(JSON.parse(text)).every(Number.isFinite), name).toBe(true);
      expect(text).not.toMatch(/NaN|Infinity/);
    }
    if (name.endsWith('.csv')) expect(text, name).not.toMatch(/(^|,)(NaN|-?Infinity)(,|$)/m);
    if (name.endsWith('.html')) expect(text, name).not.toMatch(/NaN %|Infinity/);
  }
}

const cli = runCli;

const box = (west: number, south: number, east: number, north: number) => ({
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { name: 'box' }, geometry: { type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] } }],
});

describe('1. size before work', () => {
  it('refuses grids, outputs and siting matrices from their declared sizes, at the field, before building (generated resolutions, budgets and boxes)', async () => {
    put('box-china.geojson', box(100, 25, 130, 50));
    put('box-small.geojson', box(122, 40, 124, 42));
    for (const resolution of [7, 8, 9, 11, 13, 15]) {
      const steps: string[] = [];
      const path = scenario({ layers: { extent: 'box-china.geojson', hazards: ['hazards.geojson'] }, grid: { resolution } });
      await expectRefused('size before work', `China box res ${resolution}`, () => runCoverage(path, { outFolder: out(`size-${resolution}`), onProgress: (e) => steps.push(e.step) }), 'E_CELL_BUDGET', { file: path, field: '/grid/resolution' });
      expect(steps).toEqual(['grid']);
    }
    // With the cell budget raised, the maps stream to disk (no string limit), but the outputs'
    // budget still covers them before the grid is built: the disk's free space, and the text
    // made in memory (the report page).
    for (const cellBudget of [3_000_000, 8_000_000, 16_000_000]) {
      const path = scenario({ layers: { extent: 'box-china.geojson', hazards: ['hazards.geojson'] }, grid: { resolution: 7, cellBudget } });
      const steps: string[] = [];
      await expectRefused('size before work', `China box res 7, cellBudget ${cellBudget}, 10 MB for text`, () => runCoverage(path, { outFolder: out('size-out'), outputMemoryBytes: 1e7, onProgress: (e) => steps.push(e.step) }), 'E_MEMORY_BUDGET', { file: path, field: '/grid/resolution' });
      expect(steps).toEqual(['grid']);
      const inputs = await readScenarioInputs(await loadScenario(path));
      const cells = estimateGridCells(inputs.demandInputs, 7, { cellBudget }).cellCount;
      const files = checkOutputBudget(inputs, cells);
      const bytes = files.reduce((total, file) => total + file.bytes, 0);
      expect(files.filter((file) => file.streamed).map((file) => file.name)).toEqual(['coverage-day.geojson', 'coverage-day.csv']);
      await expectRefused('size before work', `China box res 7 (${Math.round(bytes / 2 ** 20)} MiB of outputs) on a disk with half that free`, () => checkOutputBudget(inputs, cells, { outFolder: out('size-out'), availableBytes: bytes / 2 }), 'E_OUTPUT', { file: out('size-out') });
    }
    for (const cellBudget of [16_000_001, 2 ** 31, 1e300]) {
      const path = scenario({ grid: { resolution: 6, cellBudget } });
      await expectRefused('size before work', `cellBudget ${cellBudget}`, () => loadScenario(path), 'E_SCENARIO', { file: path, field: '/grid/cellBudget' });
    }
    // A small output budget refuses the test scenario itself, naming the resolution; generated budgets around its size.
    for (const outputMemoryBytes of [1e3, 1e5, 3e5]) {
      const path = scenario({});
      await expectRefused('size before work', `outputMemoryBytes ${outputMemoryBytes}`, () => runScenario(path, { outFolder: out('size-budget'), outputMemoryBytes }), 'E_MEMORY_BUDGET', { file: path, field: '/grid/resolution' });
    }
    // Questions whose matrices (candidates too) exceed the coverage memory cap, at the question's field.
    // (The coverage itself, 3 bases within 20 minutes, fits; all 7 sites within 120 or 600 minutes do not.)
    for (const [model, field] of [['maximalCovering', 'standardMinutes'], ['pMedian', 'model']] as const) {
      const path = scenario({ standardsMinutes: [20], bases: [{ file: 'bases.geojson', role: 'existing' }, { file: 'candidates.geojson', role: 'candidate' }], questions: [{ model, standardMinutes: 120, additionalSites: 1 }] });
      await expectRefused('size before work', `${model} matrix`, () => runScenario(path, { outFolder: out('size-q'), coverageMemoryBytes: 1e5 }), 'E_MEMORY_BUDGET', { file: path, field: `/questions/0/${field}` });
    }
    // The incident simulation's declared size (incidents, replications, dispatch checks), at its field, before the grid is built.
    for (const [simulation, field] of [
      [{ incidentsPerYear: 1e7, durationDays: 36_500 }, '/simulation/incidentsPerYear'],
      [{ incidentsPerYear: 1e7, durationDays: 200 }, '/simulation/incidentsPerYear'],
      [{ incidentCount: 2_000_000, replications: 3 }, '/simulation/replications'],
      [{ incidentCount: 1_000_000, replications: 1000 }, '/simulation/replications'],
    ] as const) {
      const path = scenario({ simulation });
      const steps: string[] = [];
      await expectRefused('size before work', `simulation ${JSON.stringify(simulation)}`, () => runScenario(path, { outFolder: out('size-sim'), onProgress: (e) => steps.push(e.step) }), 'E_WORK_BUDGET', { file: path, field });
      expect(steps).toEqual([]);
    }
    // Input files larger than allowed are refused before they are read.
    const size = statSync(join(folder, 'hazards.geojson')).size;
    for (const maxBytes of [10, Math.floor(size / 2), size - 1]) {
      await expectRefused('size before work', `layer over ${maxBytes} bytes`, () => readGeoJsonFile(join(folder, 'hazards.geojson'), { maxBytes }), 'E_MEMORY_BUDGET', { file: join(folder, 'hazards.geojson') });
    }
    await expect(readGeoJsonFile(join(folder, 'hazards.geojson'), { maxBytes: size })).resolves.toBeTruthy();
  });
});

describe('2. finite arithmetic', () => {
  it('runs with finite numbers in every output, or refuses the feature whose weight or population overflows the total (generated magnitudes)', async () => {
    const magnitudes = [1, 1e12, 1e100, 1e150, 1e199, 1e200, 1e250, 1e300, 1.7976931348623157e308];
    for (const weight of magnitudes) {
      const hazards = put(`weights-${weight}.geojson`, {
        type: 'FeatureCollection',
        features: [0, 1].map((k) => ({ type: 'Feature', properties: { name: `h${k}`, type: 'flood', weight }, geometry: { type: 'Polygon', coordinates: [squareRing(122.6 + 0.1 * k, 41.2, 0.3)] } })),
      });
      const path = scenario({ layers: { hazards: [hazards], regions: { file: 'regions.geojson', nameField: 'label' } } });
      const target = out(`finite-${weight}`);
      const error = await failure(() => runScenario(path, { outFolder: target }));
      if (error === undefined) {
        log.record('finite arithmetic', 'ran, finite outputs');
        expectFiniteOutputs(target);
        expect(weight).toBeLessThanOrEqual(1e200 / 100);
      } else {
        expect(isAirreachError(error, 'E_PROPERTY'), String(error)).toBe(true);
        expect((error as AirreachError).where).toMatchObject({ file: hazards, field: 'properties.weight' });
        log.record('finite arithmetic', `${(error as AirreachError).code} (weight)`);
        expect(weight).toBeGreaterThan(1e150);
      }
    }
    for (const population of [1e9, 1e200, 1e250, 1e308]) {
      const places = put(`people-${population}.geojson`, { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { population }, geometry: { type: 'Point', coordinates: [122.8, 41.3] } }] });
      const path = scenario({ layers: { hazards: ['hazards.geojson'], population: places }, grid: { resolution: 6, populationWeightPerPerson: 1e6 } });
      const error = await failure(() => runCoverage(path, { outFolder: out(`people-${population}`) }));
      log.record('finite arithmetic', error === undefined ? 'ran, finite outputs' : isAirreachError(error) ? `${error.code} (population)` : 'crash!');
      if (error === undefined) expectFiniteOutputs(out(`people-${population}`));
      else expect((error as AirreachError).where).toMatchObject({ file: places, field: 'properties.population' });
    }
    // Every number of a scenario is bounded: just above each bound is refused at its field.
    const bounds: Array<[string, Record<string, unknown>]> = [
      ['/bases/0/cost', { bases: [{ id: 'A', latDeg: 41.5, lngDeg: 123, role: 'existing', cost: 1e16 }] }],
      ['/questions/0/standardMinutes', { questions: [{ model: 'setCovering', standardMinutes: 1441 }] }],
      ['/questions/0/budget', { questions: [{ model: 'maximalCovering', standardMinutes: 30, budget: 1e308 }] }],
      ['/depots/candidates/capacityTonnes', { depots: { siteCount: 1, candidates: { file: 'candidates.geojson', capacityTonnes: 1e300 } } }],
      ['/depots/tonnesPerBase', { depots: { siteCount: 1, candidates: { file: 'candidates.geojson', capacityTonnes: 10 }, tonnesPerBase: 1e10 } }],
      ['/aircraft/X/cruiseSpeedKmh', { aircraft: { X: { basedOn: 'H135', cruiseSpeedKmh: 1e308 } } }],
      ['/grid/populationWeightPerPerson', { grid: { populationWeightPerPerson: 1e7 } }],
      ['/conditions/onSceneMinutes', { conditions: { onSceneMinutes: 1e9 } }],
      ['/sweep/activationDeltaMinutes/0', { sweep: { activationDeltaMinutes: [-1e308] } }],
    ];
    for (const [field, over] of bounds) {
      const path = scenario(over);
      await expectRefused('finite arithmetic', field, () => loadScenario(path), 'E_SCENARIO', { file: path, field });
    }
  });
});

describe('3. structure limits', () => {
  it('bounds nesting (generated depths, closed and unclosed, in scenarios and layers) and never overflows the stack', async () => {
    for (const depth of [63, 64, 65, 100, 1_000, 5_000, 50_000, 500_000]) {
      const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      const path = put(`deep-${depth}.json`, `{"name": ${nested}}`);
      const error = await failure(() => loadScenario(path));
      log.record('structure limits', isAirreachError(error) ? `${error.code} at depth ${depth}` : 'crash!');
      expect(isAirreachError(error)).toBe(true);
      // Depth counts the scenario object too: 63 arrays + 1 object fit, more do not.
      expect((error as AirreachError).code).toBe(depth + 1 > 64 ? 'E_JSON_STRUCTURE' : 'E_SCENARIO');
      const layer = put(`deep-${depth}.geojson`, `{"type":"FeatureCollection","features":[${'{"a":'.repeat(depth)}`);
      // Unclosed nesting is invalid JSON at any depth: located by line and column, never a stack overflow.
      const syntax = await expectRefused('structure limits', `unclosed layer ${depth}`, () => readGeoJsonFile(layer), 'E_JSON_SYNTAX', { file: layer });
      expect(syntax.message).toMatch(/line 1, column \d+ \((unexpected end of input|nesting deeper than 100000 levels)\)/);
      // The error locator alone keeps its own stack at any depth.
      const at = locateJsonError('['.repeat(depth));
      expect(at?.reason).toMatch(/unexpected end of input|nesting deeper/);
    }
    // The limit is reported with the JSON path where the nesting goes too deep.
    const error = await failure(() => parseJsonText(`{\n  "a": ${'['.repeat(100)}${']'.repeat(100)}\n}`, 'x.json'));
    expect((error as AirreachError).where).toEqual({ file: 'x.json', field: `/a${'/0'.repeat(63)}` });
  });
});

describe('4. geometry', () => {
  const ring = (x: number, y: number, s: number) => squareRing(x, y, s);
  const layerOf = (coordinates: unknown, type = 'Polygon') => ({
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { name: 'h', type: 'flood', weight: 1 }, geometry: { type, coordinates } }],
  });
  it('refuses a hole outside its shell, overlapping or nested holes, crossing rings and overlapping parts (generated offsets), and keeps valid ones', () => {
    // A 1° shell at (122, 41) and a 0.2° hole moved along the diagonal: inside, crossing the shell, outside.
    for (const offset of [0.1, 0.4, 0.79, 0.9, 1.0, 1.5, 3]) {
      const hole = ring(122 + offset, 41 + offset, 0.2).reverse();
      const expected = offset + 0.2 < 1 ? 'accepted' : 'E_GEOMETRY';
      const error = validateOrError(layerOf([ring(122, 41, 1), hole]));
      log.record('geometry', error ? `${error.code} (hole at +${offset})` : 'accepted');
      expect(error?.code ?? 'accepted', `hole at +${offset}`).toBe(expected);
      if (error) expect(error.where).toMatchObject({ file: 'g.geojson', featureIndex: 0 });
    }
    // Two holes, the second moved: apart, crossing, nested, the same.
    for (const [dx, size, expected] of [[0.5, 0.2, 'accepted'], [0.1, 0.2, 'E_GEOMETRY'], [0.02, 0.05, 'E_GEOMETRY'], [0, 0.2, 'E_GEOMETRY']] as const) {
      const error = validateOrError(layerOf([ring(122, 41, 1), ring(122.1, 41.1, 0.2).reverse(), ring(122.1 + dx, 41.1 + dx, size).reverse()]));
      log.record('geometry', error ? `${error.code} (second hole +${dx})` : 'accepted');
      expect(error?.code ?? 'accepted').toBe(expected);
    }
    // MultiPolygon parts: apart, overlapping, one inside the other, an island in a lake.
    const parts: Array<[string, unknown, string]> = [
      ['apart', [[ring(122, 41, 0.5)], [ring(123, 41, 0.5)]], 'accepted'],
      ['overlapping', [[ring(122, 41, 0.5)], [ring(122.3, 41.3, 0.5)]], 'E_GEOMETRY'],
      ['inside', [[ring(122, 41, 1)], [ring(122.2, 41.2, 0.2)]], 'E_GEOMETRY'],
      ['island in a lake', [[ring(122, 41, 1), ring(122.1, 41.1, 0.8).reverse()], [ring(122.3, 41.3, 0.2)]], 'accepted'],
    ];
    for (const [name, coordinates, expected] of parts) {
      const error = validateOrError(layerOf(coordinates, 'MultiPolygon'));
      log.record('geometry', error ? `${error.code} (parts ${name})` : 'accepted');
      expect(error?.code ?? 'accepted', name).toBe(expected);
    }
  });

  it('checks every polygon whatever its size: crossings found in generated rings of 10 to 200,000 vertices', () => {
    for (const n of [10, 1_000, 50_000, 200_000]) {
      const circle = Array.from({ length: n }, (_, i) => [122 + Math.cos((2 * Math.PI * i) / n), 41 + Math.sin((2 * Math.PI * i) / n)]);
      // Swap two vertices half-way round: the ring crosses itself there.
      const bad = circle.map((p) => [...p]);
      [bad[Math.floor(n / 2)], bad[Math.floor(n / 2) + 1]] = [bad[Math.floor(n / 2) + 1], bad[Math.floor(n / 2)]];
      expect(validateOrError(layerOf([[...circle, circle[0]]]))).toBeUndefined();
      const error = validateOrError(layerOf([[...bad, bad[0]]]));
      log.record('geometry', error ? `${error.code} (crossing in ${n} vertices)` : 'missed!');
      expect(error?.code).toBe('E_GEOMETRY');
    }
  });

  function validateOrError(collection: unknown): AirreachError | undefined {
    try {
      validateFeatures(collection, 'hazard', { file: 'g.geojson' });
      return undefined;
    } catch (error) {
      if (isAirreachError(error)) return error;
      throw error;
    }
  }
});

describe('5. batch folder names', () => {
  it('are injective (also without case), one folder each, inside --out, for generated sets of file names', async () => {
    const segment = fc.stringMatching(/^[a-zA-Z0-9 ._\-=+@%$~\u00e9\u0130\u202e]{0,8}$/);
    const pathArb = fc.tuple(fc.array(segment, { maxLength: 2 }), segment, fc.constantFrom('.json', '.JSON', '', '.json.json')).map(([dirs, name, ext]) => [...dirs.filter((d) => d !== ''), `${name}${ext}`].join('/'));
    let sets = 0;
    fc.assert(
      fc.property(fc.array(pathArb, { minLength: 1, maxLength: 12 }), (paths) => {
        sets++;
        const labels = batchLabels(paths);
        expect(new Set(labels.map((l) => l.toLowerCase())).size).toBe(paths.length);
        for (const label of labels) {
          const target = join('/out', label);
          expect(relative('/out', target).split(sep)).toEqual([label]);
          expect(label.startsWith('.')).toBe(false);
          expect(label).not.toMatch(/[/\\]/);
        }
      }),
      { seed, numRuns: 300 },
    );
    log.record('batch folder names', `${sets} generated sets: injective, inside --out`);
    expect(batchLabels(['a/x.json', 'b/x.json', 'x-2.json'])).toEqual(['x', 'x-3', 'x-2']);
    expect(batchLabels(['...json', '..json', '.json'])).toEqual(['scenario', 'scenario-2', 'json']);
    // And through a real batch: three results, none overwritten, all inside --out.
    mkdirSync(join(folder, 'a'));
    mkdirSync(join(folder, 'b'));
    const files = [join(folder, 'a', 'x.json'), join(folder, 'b', 'x.json'), join(folder, 'x-2.json'), join(folder, '...json')];
    for (const [k, path] of files.entries()) writeFileSync(path, JSON.stringify({ extends: join(folder, 'small.json'), name: `n${k}`, periods: ['day'] }));
    const target = out('batch-names');
    const batch = await runBatch(files, { outFolder: target, threads: 0, allowedFolders: [folder] });
    expect(batch.failed).toBe(0);
    expect(readdirSync(target).sort()).toEqual(['scenario', 'x', 'x-2', 'x-3']);
    expect(readdirSync(target).map((name) => JSON.parse(readFileSync(join(target, name, 'summary.json'), 'utf8')).scenario.name).sort()).toEqual(['n0', 'n1', 'n2', 'n3']);
    expect(existsSync(join(root, 'out', 'summary.json'))).toBe(false);
    log.record('batch folder names', 'a/x, b/x, x-2, ... through runBatch: 4 folders');
  });
});

describe('6. blocking files and unusable output folders', () => {
  it('reads only regular files (FIFO, device, folder as layer, extends, weather, scenario) and refuses output folders that cannot be used, at once', async () => {
    const fifo = join(folder, 'pipe.geojson');
    execFileSync('mkfifo', [fifo]);
    const fifoJson = join(folder, 'pipe.json');
    execFileSync('mkfifo', [fifoJson]);
    mkdirSync(join(folder, 'a-folder.geojson'));
    const cases: Array<[string, () => unknown, ErrorCode, Partial<ErrorLocation>]> = [
      ['FIFO as hazard layer', () => runCoverage(scenario({ layers: { hazards: ['pipe.geojson'] } }), { outFolder: out('fifo') }), 'E_FILE_READ', { file: fifo }],
      ['FIFO as extends target', () => loadScenario(put('fifo-extends.json', { extends: 'pipe.json' })), 'E_FILE_READ', { file: fifoJson }],
      ['FIFO as weather file', () => runScenario(scenario({ conditions: { weather: { file: 'pipe.json' } } }), { outFolder: out('fifo-w') }), 'E_FILE_READ', { file: fifoJson }],
      ['FIFO as the scenario', () => runScenario(fifoJson, { outFolder: out('fifo-s') }), 'E_FILE_READ', { file: fifoJson }],
      ['/dev/zero as hazard layer', () => runCoverage(scenario({ layers: { hazards: ['/dev/zero'] } }), { outFolder: out('zero'), allowedFolders: ['/dev'] }), 'E_FILE_READ', { file: '/dev/zero' }],
      // Refused where the scenario names it, as a missing file is (the folder's path is in the message).
      ['a folder as hazard layer', () => runCoverage(scenario({ layers: { hazards: ['a-folder.geojson'] } }), { outFolder: out('dir') }), 'E_FILE_READ', { field: '/layers/hazards/0' }],
      ['--out /proc/x', () => runCoverage(join(folder, 'small.json'), { outFolder: '/proc/x' }), 'E_OUTPUT', { file: '/proc/x' }],
      ['--out /proc/self/x/y', () => runCoverage(join(folder, 'small.json'), { outFolder: '/proc/self/x/y' }), 'E_OUTPUT', { file: '/proc/self/x/y' }],
      ['--out /dev/null', () => runCoverage(join(folder, 'small.json'), { outFolder: '/dev/null' }), 'E_OUTPUT', { file: '/dev/null' }],
      ['--out a regular file', () => runCoverage(join(folder, 'small.json'), { outFolder: join(folder, 'small.json') }), 'E_OUTPUT', { file: join(folder, 'small.json') }],
    ];
    for (const [name, run, code, where] of cases) await expectRefused('blocking files', name, run, code, where);
  });
});

describe('7. prototype keys and injection', () => {
  it('refuses __proto__, constructor and prototype keys wherever they are (generated positions), with their JSON path', async () => {
    const positions: Array<[string, (key: string) => string]> = [
      ['/bases/0/where', (key) => `{"extends":"small.json","bases":[{"file":"bases.geojson","role":"existing","where":{"${key}":["civil"]}}]}`],
      ['/aircraft', (key) => `{"extends":"small.json","aircraft":{"${key}":{"basedOn":"H135"}}}`],
      ['', (key) => `{"extends":"small.json","${key}":{}}`],
      ['/questions/0', (key) => `{"extends":"small.json","questions":[{"model":"setCovering","standardMinutes":30,"${key}":1}]}`],
      ['/depots/candidates/where', (key) => `{"extends":"small.json","depots":{"siteCount":1,"candidates":{"file":"candidates.geojson","capacityTonnes":1,"where":{"${key}":[1]}}}}`],
    ];
    for (const key of ['__proto__', 'constructor', 'prototype', '\\u005f_proto__']) {
      const decoded = JSON.parse(`"${key}"`) as string;
      for (const [at, text] of positions) {
        const path = put(`proto-${++written}.json`, text(key));
        await expectRefused('prototype keys', `${key} at ${at}`, () => loadScenario(path), 'E_JSON_STRUCTURE', { file: path, field: `${at}/${decoded}` });
      }
    }
    // In a layer's properties, and in an object a library caller passes.
    const layer = put('proto.geojson', '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"a","type":"flood","weight":1,"constructor":"x"},"geometry":{"type":"Point","coordinates":[123,41]}}]}');
    await expectRefused('prototype keys', 'constructor in properties', () => readGeoJsonFile(layer), 'E_JSON_STRUCTURE', { file: layer, field: '/features/0/properties/constructor' });
    await expectRefused('prototype keys', '__proto__ in a library object', () => parseScenarioObject(JSON.parse('{"aircraft":{"__proto__":{}}}'), 'lib.json'), 'E_JSON_STRUCTURE', { file: 'lib.json', field: '/aircraft/__proto__' });
  });

  it('neutralises formula text in CSV fields and control or bidirectional characters on the terminal (generated names)', async () => {
    const starts = ['=', '+', '-', '@', '\t', '\r'];
    for (const start of starts) {
      const field = csvField(`${start}HYPERLINK("http://x")`);
      expect(field.replace(/^"/, '').startsWith("'")).toBe(true);
      log.record('injection', `CSV text starting ${JSON.stringify(start)}: neutralised`);
    }
    expect(csvField(-3.5)).toBe('-3.5');
    // Through a whole run: region names and hazard types that are formulas reach the CSV neutralised.
    const regions = JSON.parse(readFileSync(join(folder, 'regions.geojson'), 'utf8'));
    regions.features.forEach((feature: { properties: Record<string, unknown> }, k: number) => (feature.properties.label = `${starts[k % starts.length]}cmd|' /C calc'!A${k}`));
    put('formula-regions.geojson', regions);
    const hazards = JSON.parse(readFileSync(join(folder, 'hazards.geojson'), 'utf8'));
    for (const feature of hazards.features) feature.properties.type = `@SUM(1+1)${feature.properties.type}`;
    put('formula-hazards.geojson', hazards);
    const path = scenario({ layers: { hazards: ['formula-hazards.geojson'], regions: { file: 'formula-regions.geojson', nameField: 'label' } } });
    const target = out('formula');
    await runCoverage(path, { outFolder: target });
    const csv = readFileSync(join(target, 'coverage-day.csv'), 'utf8');
    const cells = csv.split('\n').slice(1).flatMap((line) => line.split(','));
    expect(cells.filter((cell) => /^["]?[=+\-@\t\r]/.test(cell) && !/^-?\d/.test(cell))).toEqual([]);
    log.record('injection', 'formula region names and hazard types through runCoverage: none raw in the CSV');

    // Names with escape sequences, carriage returns and bidirectional overrides reach the terminal as visible escapes.
    const evil = ['\u001b[2J\u001b[31mred', 'over\rwrite', '\u202egnp.exe', 'tab\there', '\u0085next', 'sep\u2028line'];
    // eslint-disable-next-line no-control-regex -- the characters under test
    for (const name of evil) expect(terminalSafe(name)).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028]/);
    const named = scenario({ name: evil.join(' '), bases: [{ id: evil[0], name: evil[2], latDeg: 41.5, lngDeg: 123, role: 'existing' }] });
    for (const argv of [['coverage', named, '--out', out('evil'), '-q'], ['coverage', named, '--out', out('evil-json'), '-q', '--json']]) {
      const result = await cli(argv);
      expect(result.code, result.stderr).toBe(0);
      // eslint-disable-next-line no-control-regex -- the characters under test
      expect(result.stdout + result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/);
      if (argv.includes('--json')) expect(JSON.parse(result.stdout).periods[0].sites[0].id).toBe(evil[0]);
      log.record('injection', `control and bidi characters in names through airreach ${argv.includes('--json') ? 'coverage --json' : 'coverage'}: escaped`);
    }
    const bad = await cli(['coverage', join(folder, `missing\u001b[31m\u202e.json`), '--out', out('evil-2'), '-q']);
    expect(bad.code).toBe(2);
    // eslint-disable-next-line no-control-regex -- the characters under test
    expect(bad.stderr).not.toMatch(/[\u001b\u202e]/);
  });
});

describe('8. locations everywhere', () => {
  it('names the scenario file and JSON path in errors of questions, depots and conditions; duplicate depot ids are refused', async () => {
    const sites = [{ file: 'bases.geojson', role: 'existing' }, { file: 'candidates.geojson', role: 'candidate' }];
    const depots = (over: Record<string, unknown>) => ({ depots: { siteCount: 1, candidates: { file: 'candidates.geojson', capacityTonnes: 500 }, ...over } });
    const cases: Array<[string, Record<string, unknown>, ErrorCode, string]> = [
      ['a p-median asking more sites than exist', { bases: sites, questions: [{ model: 'pMedian', siteCount: 999 }] }, 'E_SITE_COUNT', '/questions/0/siteCount'],
      ['a covering question without a standard', { questions: [{ model: 'maximalCovering', siteCount: 1 }] }, 'E_SCENARIO', '/questions/0/standardMinutes'],
      ['two fixed depots with one id', depots({ fixed: [0, 1].map(() => ({ id: 'D', latDeg: 41.5, lngDeg: 123, capacityTonnes: 10 })) }), 'E_DUPLICATE_ID', '/depots/fixed/1/id'],
      ['a depot candidate repeating a fixed id', depots({ fixed: [{ id: 'C1', latDeg: 41.5, lngDeg: 123, capacityTonnes: 10 }] }), 'E_DUPLICATE_ID', 'properties.id'],
      ['no depot candidate passes the filter', depots({ candidates: { file: 'candidates.geojson', capacityTonnes: 5, where: { kind: ['none'] } } }), 'E_EMPTY', '/depots/candidates/where'],
      ['an unknown weather zone', { conditions: { weather: { file: 'weather.json', zone: 'nowhere' } } }, 'E_OPTION', '/conditions/weather/zone'],
      ['no hospital of the kinds', { conditions: { hospitals: { file: 'hospitals.geojson', kinds: ['none'] } } }, 'E_EMPTY', '/conditions/hospitals/kinds'],
    ];
    const candidateIds = JSON.parse(readFileSync(join(folder, 'candidates.geojson'), 'utf8')).features.map((f: { properties: { id?: string } }) => f.properties.id);
    expect(candidateIds).toContain('C1');
    for (const [name, over, code, field] of cases) {
      const path = scenario(over);
      const error = await failure(() => runScenario(path, { outFolder: out('where') }));
      log.record('locations', isAirreachError(error) ? error.code : 'crash!');
      expect(isAirreachError(error, code), `${name}: ${String(error)}`).toBe(true);
      const e = error as AirreachError;
      expect(e.where.field, name).toBe(field);
      expect(e.where.file, name).toBe(field.startsWith('/') ? path : join(folder, 'candidates.geojson'));
      expect(e.message).toContain(e.where.file);
    }
  });
});
