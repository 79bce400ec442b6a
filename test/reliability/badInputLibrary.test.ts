import { afterAll, describe, expect, it } from 'vitest';
import { buildDemandGrid } from '../../src/grid/buildDemandGrid.js';
import { estimateGridCells } from '../../src/grid/estimateGridCells.js';
import { validateFeatures } from '../../src/grid/validateFeatures.js';
import { buildCoverage } from '../../src/coverage/buildCoverage.js';
import { cellResponse } from '../../src/coverage/cellResponse.js';
import { sitingProblemFromMatrix } from '../../src/models/sitingProblemFromMatrix.js';
import { parseInstance } from '../../src/io/readInstance.js';
import { solveInstance } from '../../src/solvers/kernel/solveInstance.js';
import { parseScenarioObject } from '../../src/scenario/loadScenario.js';
import { resolveAircraftTypes } from '../../src/scenario/resolveAircraftTypes.js';
import { AIRCRAFT_CATALOGUE } from '../../src/travel/aircraftCatalogue.js';
import { validateAircraftType } from '../../src/travel/validateAircraftType.js';
import { nightShare } from '../../src/conditions/nightShare.js';
import { nightShareByCell } from '../../src/conditions/nightShareByCell.js';
import { daylightWindow } from '../../src/conditions/daylightWindow.js';
import { blendDayNight } from '../../src/conditions/blendDayNight.js';
import { aircraftAvailability, expectedCoverage } from '../../src/conditions/availabilityBusyFraction.js';
import { validateWeatherData } from '../../src/conditions/weatherAvailability.js';
import type { AircraftType } from '../../src/travel/aircraft.js';
import { collection, goodHazards, hazardFeature, layer, site, squareRing } from './reliabilityFixtures.js';
import { expectBadCase, TriedLog, type BadCase } from './triedLog.js';

const log = new TriedLog('bad input: library entry points');
afterAll(() => log.print());

const square = { type: 'Polygon', coordinates: [squareRing(123.2, 41.6, 0.4)] };
const bowtie = { type: 'Polygon', coordinates: [[[123, 41], [124, 42], [124, 41], [123, 42], [123, 41]]] };
const unclosed = { type: 'Polygon', coordinates: [[[123, 41], [124, 41], [124, 42], [123, 42]]] };
const tooShort = { type: 'Polygon', coordinates: [[[123, 41], [124, 41], [123, 41]]] };
const antimeridian = { type: 'Polygon', coordinates: [[[179, 50], [-179, 50], [-179, 51], [179, 51], [179, 50]]] };
const aroundPole = { type: 'Polygon', coordinates: [[[0, 80], [90, 80], [180, 80], [-90, 80], [0, 80]]] };
const grid = () => buildDemandGrid({ hazards: [goodHazards()] }, { resolution: 5 });
const h135 = AIRCRAFT_CATALOGUE.H135;
const withFigure = (figures: Partial<AircraftType>): AircraftType => ({ ...h135, ...figures });

/** One grid build per hazard layer holding `feature`. */
const gridOf = (feature: unknown, options = {}) => () => buildDemandGrid({ hazards: [layer('bad.geojson', feature)] }, { resolution: 5, ...options });

const cases: BadCase[] = [
  // ── buildDemandGrid: options ──
  ...[-1, 16, 7.5, '7', Number.NaN, Number.POSITIVE_INFINITY, 1e308].map((resolution): BadCase => ({
    entry: 'buildDemandGrid',
    name: `resolution ${JSON.stringify(resolution) ?? String(resolution)}`,
    run: () => buildDemandGrid({ hazards: [goodHazards()] }, { resolution: resolution as number }),
    code: 'E_RESOLUTION',
    where: ['field'],
  })),
  { entry: 'buildDemandGrid', name: 'no hazard layers', run: () => buildDemandGrid({ hazards: [] }), code: 'E_EMPTY', where: ['field'] },
  { entry: 'buildDemandGrid', name: 'inputs null', run: () => buildDemandGrid(null as never), code: 'E_EMPTY', where: ['field'] },
  { entry: 'buildDemandGrid', name: 'hazards not an array', run: () => buildDemandGrid({ hazards: 'floods.geojson' } as never), code: 'E_EMPTY', where: ['field'] },
  { entry: 'buildDemandGrid', name: 'hazard layer with no features', run: () => buildDemandGrid({ hazards: [layer('empty.geojson')] }), code: 'E_EMPTY', where: ['file', 'field'] },
  { entry: 'buildDemandGrid', name: 'cellBudget -1', run: () => buildDemandGrid({ hazards: [goodHazards()] }, { cellBudget: -1 }), code: 'E_OPTION', where: ['field'] },
  { entry: 'buildDemandGrid', name: 'cellBudget NaN', run: () => buildDemandGrid({ hazards: [goodHazards()] }, { cellBudget: Number.NaN }), code: 'E_OPTION', where: ['field'] },
  { entry: 'buildDemandGrid', name: 'circleSteps 2', run: () => buildDemandGrid({ hazards: [goodHazards()] }, { circleSteps: 2 }), code: 'E_OPTION', where: ['field'] },
  { entry: 'buildDemandGrid', name: 'shareResolutionOffset 9', run: () => buildDemandGrid({ hazards: [goodHazards()] }, { shareResolutionOffset: 9 }), code: 'E_OPTION', where: ['field'] },
  { entry: 'buildDemandGrid', name: 'populationWeightPerPerson -1e308', run: () => buildDemandGrid({ hazards: [goodHazards()] }, { populationWeightPerPerson: -1e308 }), code: 'E_OPTION', where: ['field'] },
  { entry: 'buildDemandGrid', name: 'cell budget of 10 at res 7', run: () => buildDemandGrid({ hazards: [goodHazards()] }, { cellBudget: 10 }), code: 'E_CELL_BUDGET', where: ['field'] },
  // ── buildDemandGrid: features ──
  { entry: 'buildDemandGrid', name: 'weight NaN', run: gridOf(hazardFeature(square, { weight: Number.NaN })), code: 'E_PROPERTY', where: ['file', 'featureIndex', 'field'] },
  { entry: 'buildDemandGrid', name: 'weight Infinity', run: gridOf(hazardFeature(square, { weight: Number.POSITIVE_INFINITY })), code: 'E_PROPERTY', where: ['file', 'featureIndex', 'field'] },
  { entry: 'buildDemandGrid', name: 'weight -1e308', run: gridOf(hazardFeature(square, { weight: -1e308 })), code: 'E_PROPERTY', where: ['file', 'featureIndex', 'field'] },
  { entry: 'buildDemandGrid', name: 'weight "2" (string)', run: gridOf(hazardFeature(square, { weight: '2' })), code: 'E_PROPERTY', where: ['file', 'featureIndex', 'field'] },
  { entry: 'buildDemandGrid', name: 'type missing', run: gridOf(hazardFeature(square, { type: undefined })), code: 'E_PROPERTY', where: ['file', 'featureIndex', 'field'] },
  { entry: 'buildDemandGrid', name: 'coordinate NaN', run: gridOf(hazardFeature({ type: 'Point', coordinates: [Number.NaN, 41] }, { radiusKm: 5 })), code: 'E_COORDINATE', where: ['file', 'featureIndex', 'field'] },
  { entry: 'buildDemandGrid', name: 'coordinate 1e308', run: gridOf(hazardFeature({ type: 'Point', coordinates: [1e308, 41] }, { radiusKm: 5 })), code: 'E_COORDINATE', where: ['file', 'featureIndex', 'field'] },
  { entry: 'buildDemandGrid', name: 'coordinate -1e308', run: gridOf(hazardFeature({ type: 'Point', coordinates: [123, -1e308] }, { radiusKm: 5 })), code: 'E_COORDINATE', where: ['file', 'featureIndex', 'field'] },
  { entry: 'buildDemandGrid', name: 'coordinate as strings', run: gridOf(hazardFeature({ type: 'Point', coordinates: ['123', '41'] }, { radiusKm: 5 })), code: 'E_COORDINATE', where: ['file', 'featureIndex', 'field'] },
  { entry: 'buildDemandGrid', name: 'swapped [lat, lng] (lat 123)', run: gridOf(hazardFeature({ type: 'Point', coordinates: [41.8, 123.4] }, { radiusKm: 5 })), code: 'E_COORDINATE', where: ['file', 'featureIndex', 'field'] },
  {
    entry: 'buildDemandGrid',
    name: 'swapped [lat, lng] inside range, caught by expectedBbox',
    run: gridOf(hazardFeature({ type: 'Point', coordinates: [41.8, 23.4] }, { radiusKm: 5 }), { expectedBbox: [20, 40, 30, 45] }),
    code: 'E_COORDINATE',
    where: ['file', 'featureIndex', 'field'],
  },
  { entry: 'buildDemandGrid', name: 'self-intersecting polygon', run: gridOf(hazardFeature(bowtie)), code: 'E_GEOMETRY', where: ['file', 'featureIndex', 'field'] },
  { entry: 'buildDemandGrid', name: 'unclosed ring', run: gridOf(hazardFeature(unclosed)), code: 'E_GEOMETRY', where: ['file', 'featureIndex', 'field'] },
  { entry: 'buildDemandGrid', name: 'ring of 3 positions', run: gridOf(hazardFeature(tooShort)), code: 'E_GEOMETRY', where: ['file', 'featureIndex', 'field'] },
  { entry: 'buildDemandGrid', name: 'polygon across the antimeridian', run: gridOf(hazardFeature(antimeridian)), code: 'E_GEOMETRY', where: ['file', 'featureIndex', 'field'] },
  { entry: 'buildDemandGrid', name: 'polygon around the North Pole', run: gridOf(hazardFeature(aroundPole)), code: 'E_GEOMETRY', where: ['file', 'featureIndex', 'field'] },
  { entry: 'buildDemandGrid', name: 'LineString hazard', run: gridOf(hazardFeature({ type: 'LineString', coordinates: [[123, 41], [124, 42]] })), code: 'E_GEOMETRY', where: ['file', 'featureIndex', 'field'] },
  { entry: 'buildDemandGrid', name: 'geometry null', run: gridOf(hazardFeature(null)), code: 'E_GEOJSON', where: ['file', 'featureIndex', 'field'] },
  { entry: 'buildDemandGrid', name: 'Point hazard radiusKm 0', run: gridOf(hazardFeature({ type: 'Point', coordinates: [123, 41] }, { radiusKm: 0 })), code: 'E_PROPERTY', where: ['file', 'featureIndex', 'field'] },
  { entry: 'buildDemandGrid', name: 'Point hazard radiusKm 1e308', run: gridOf(hazardFeature({ type: 'Point', coordinates: [123, 41] }, { radiusKm: 1e308 })), code: 'E_PROPERTY', where: ['file', 'featureIndex', 'field'] },
  { entry: 'buildDemandGrid', name: 'Point hazard disk across the antimeridian', run: gridOf(hazardFeature({ type: 'Point', coordinates: [179.9, 41] }, { radiusKm: 100 })), code: 'E_GEOMETRY', where: ['file', 'featureIndex', 'field'] },
  { entry: 'buildDemandGrid', name: 'Point hazard disk around the South Pole', run: gridOf(hazardFeature({ type: 'Point', coordinates: [0, -89.5] }, { radiusKm: 100 })), code: 'E_GEOMETRY', where: ['file', 'featureIndex', 'field'] },
  { entry: 'buildDemandGrid', name: 'Point hazard radiusKm 15,000 (over a hemisphere)', run: gridOf(hazardFeature({ type: 'Point', coordinates: [123, 41] }, { radiusKm: 15_000 }), { resolution: 2 }), code: 'E_PROPERTY', where: ['file', 'featureIndex', 'field'] },
  {
    entry: 'buildDemandGrid',
    name: 'duplicate feature ids',
    run: () => buildDemandGrid({ hazards: [layer('dup.geojson', { ...hazardFeature(square), id: 'a' }, { ...hazardFeature(square), id: 'a' })] }),
    code: 'E_DUPLICATE_ID',
    where: ['file', 'featureIndex', 'field'],
  },
  {
    entry: 'buildDemandGrid',
    name: 'population -5',
    run: () => buildDemandGrid({ hazards: [goodHazards()], population: layer('places.geojson', { type: 'Feature', properties: { population: -5 }, geometry: { type: 'Point', coordinates: [123.3, 41.7] } }) }, { resolution: 5 }),
    code: 'E_PROPERTY',
    where: ['file', 'featureIndex', 'field'],
  },
  // ── estimateGridCells ──
  ...[-1, 16, 7.5, Number.NaN].map((resolution): BadCase => ({
    entry: 'estimateGridCells',
    name: `resolution ${resolution}`,
    run: () => estimateGridCells({ hazards: [goodHazards()] }, resolution),
    code: 'E_RESOLUTION',
    where: ['field'],
  })),
  // ── validateFeatures ──
  { entry: 'validateFeatures', name: 'a string', run: () => validateFeatures('hello', 'hazard', { file: 'x.geojson' }), code: 'E_GEOJSON', where: ['file', 'field'] },
  { entry: 'validateFeatures', name: 'an array', run: () => validateFeatures([], 'hazard', { file: 'x.geojson' }), code: 'E_GEOJSON', where: ['file', 'field'] },
  { entry: 'validateFeatures', name: 'FeatureCollection without features', run: () => validateFeatures({ type: 'FeatureCollection' }, 'hazard', { file: 'x.geojson' }), code: 'E_GEOJSON', where: ['file', 'field'] },
  { entry: 'validateFeatures', name: 'no features', run: () => validateFeatures(collection(), 'region', { file: 'x.geojson' }), code: 'E_EMPTY', where: ['file', 'field'] },
  { entry: 'validateFeatures', name: 'a feature that is a number', run: () => validateFeatures(collection(42), 'hazard', { file: 'x.geojson' }), code: 'E_GEOJSON', where: ['file', 'featureIndex', 'field'] },
  { entry: 'validateFeatures', name: 'MultiPolygon with no polygons', run: () => validateFeatures(collection(hazardFeature({ type: 'MultiPolygon', coordinates: [] })), 'hazard', { file: 'x.geojson' }), code: 'E_GEOJSON', where: ['file', 'featureIndex', 'field'] },
  { entry: 'validateFeatures', name: 'region without name', run: () => validateFeatures(collection({ type: 'Feature', properties: {}, geometry: square }), 'region', { file: 'x.geojson' }), code: 'E_PROPERTY', where: ['file', 'featureIndex', 'field'] },
  { entry: 'validateFeatures', name: 'population LineString', run: () => validateFeatures(collection({ type: 'Feature', properties: { population: 5 }, geometry: { type: 'LineString', coordinates: [[123, 41], [124, 42]] } }), 'population', { file: 'x.geojson' }), code: 'E_GEOMETRY', where: ['file', 'featureIndex', 'field'] },
  // ── buildCoverage ──
  { entry: 'buildCoverage', name: 'site latitude NaN', run: () => buildCoverage(grid(), [site('A', Number.NaN, 123)], AIRCRAFT_CATALOGUE), code: 'E_SITE', where: ['field'] },
  { entry: 'buildCoverage', name: 'site latitude 1e308', run: () => buildCoverage(grid(), [site('A', 1e308, 123)], AIRCRAFT_CATALOGUE), code: 'E_SITE', where: ['field'] },
  { entry: 'buildCoverage', name: 'site swapped [lat 123, lng 41]', run: () => buildCoverage(grid(), [site('A', 123.4, 41.8)], AIRCRAFT_CATALOGUE), code: 'E_SITE', where: ['field'] },
  { entry: 'buildCoverage', name: 'unknown aircraft type', run: () => buildCoverage(grid(), [site('A', 41.8, 123.4, [{ aircraftTypeId: 'Concorde', count: 1 }])], AIRCRAFT_CATALOGUE), code: 'E_AIRCRAFT', where: ['field'] },
  { entry: 'buildCoverage', name: 'fleet count -1', run: () => buildCoverage(grid(), [site('A', 41.8, 123.4, [{ aircraftTypeId: 'H135', count: -1 }])], AIRCRAFT_CATALOGUE), code: 'E_SITE', where: ['field'] },
  ...[0, -254, Number.NaN, Number.POSITIVE_INFINITY].map((cruiseSpeedKmh): BadCase => ({
    entry: 'buildCoverage',
    name: `cruise speed ${cruiseSpeedKmh}`,
    run: () => buildCoverage(grid(), [site('A', 41.8, 123.4)], { H135: withFigure({ cruiseSpeedKmh }) }),
    code: 'E_AIRCRAFT',
    where: ['field'],
  })),
  { entry: 'buildCoverage', name: 'range 0 km', run: () => buildCoverage(grid(), [site('A', 41.8, 123.4)], { H135: withFigure({ rangeKm: 0 }) }), code: 'E_AIRCRAFT', where: ['field'] },
  { entry: 'buildCoverage', name: 'activation -10 min', run: () => buildCoverage(grid(), [site('A', 41.8, 123.4)], { H135: withFigure({ activationMinutesDay: -10 }) }), code: 'E_AIRCRAFT', where: ['field'] },
  ...[0, -1, Number.NaN].map((maxMinutes): BadCase => ({
    entry: 'buildCoverage',
    name: `maxMinutes ${maxMinutes}`,
    run: () => buildCoverage(grid(), [site('A', 41.8, 123.4)], AIRCRAFT_CATALOGUE, { maxMinutes }),
    code: 'E_OPTION',
    where: ['field'],
  })),
  { entry: 'buildCoverage', name: "period 'dusk'", run: () => buildCoverage(grid(), [site('A', 41.8, 123.4)], AIRCRAFT_CATALOGUE, { period: 'dusk' as never }), code: 'E_OPTION', where: ['field'] },
  { entry: 'buildCoverage', name: 'siteStart after siteEnd', run: () => buildCoverage(grid(), [site('A', 41.8, 123.4)], AIRCRAFT_CATALOGUE, { siteStart: 1, siteEnd: 0 }), code: 'E_OPTION', where: ['field'] },
  // ── cellResponse ──
  ...[[-1], [Number.NaN], [1000], ['30']].map((standardsMinutes): BadCase => ({
    entry: 'cellResponse',
    name: `standards ${JSON.stringify(standardsMinutes)}`,
    run: () => cellResponse(buildCoverage(grid(), [site('A', 41.8, 123.4)], AIRCRAFT_CATALOGUE), { standardsMinutes: standardsMinutes as number[] }),
    code: 'E_OPTION',
    where: ['field'],
  })),
  // ── sitingProblemFromMatrix ──
  { entry: 'sitingProblemFromMatrix', name: 'ragged rows', run: () => sitingProblemFromMatrix([[1, 2], [3]]), code: 'E_MATRIX', where: ['row'] },
  { entry: 'sitingProblemFromMatrix', name: 'NaN minutes', run: () => sitingProblemFromMatrix([[1, 2], [3, Number.NaN]]), code: 'E_MATRIX', where: ['row', 'column'] },
  { entry: 'sitingProblemFromMatrix', name: 'minutes -1e308', run: () => sitingProblemFromMatrix([[1, -1e308]]), code: 'E_MATRIX', where: ['row', 'column'] },
  { entry: 'sitingProblemFromMatrix', name: 'minutes as a string', run: () => sitingProblemFromMatrix([[1, '2' as never]]), code: 'E_MATRIX', where: ['row', 'column'] },
  { entry: 'sitingProblemFromMatrix', name: 'weights of the wrong length', run: () => sitingProblemFromMatrix([[1, 2]], { demandWeights: [1, 2] }), code: 'E_OPTION', where: ['field'] },
  { entry: 'sitingProblemFromMatrix', name: 'weight Infinity', run: () => sitingProblemFromMatrix([[1, 2]], { demandWeights: [Number.POSITIVE_INFINITY] }), code: 'E_MATRIX', where: ['field'] },
  { entry: 'sitingProblemFromMatrix', name: 'maxMinutes NaN', run: () => sitingProblemFromMatrix([[1, 2]], { maxMinutes: Number.NaN }), code: 'E_OPTION', where: ['field'] },
  // ── parseInstance (JSON values: NaN/Infinity cannot occur, strings and nulls can) ──
  ...instanceCases(),
  // ── parseScenarioObject / resolveAircraftTypes ──
  ...[-1, 16, 7.5, '7', null].map((resolution): BadCase => ({
    entry: 'parseScenarioObject',
    name: `grid.resolution ${JSON.stringify(resolution)}`,
    run: () => parseScenarioObject({ grid: { resolution } }, 'bad.json'),
    code: 'E_SCENARIO',
    where: ['file', 'field'],
  })),
  { entry: 'parseScenarioObject', name: 'a JSON array', run: () => parseScenarioObject([], 'bad.json'), code: 'E_SCENARIO', where: ['file', 'field'] },
  { entry: 'parseScenarioObject', name: 'standardsMinutes ["30"]', run: () => parseScenarioObject({ standardsMinutes: ['30'] }, 'bad.json'), code: 'E_SCENARIO', where: ['file', 'field'] },
  { entry: 'parseScenarioObject', name: 'standardsMinutes [-30]', run: () => parseScenarioObject({ standardsMinutes: [-30] }, 'bad.json'), code: 'E_SCENARIO', where: ['file', 'field'] },
  { entry: 'parseScenarioObject', name: 'bases is an object', run: () => parseScenarioObject({ bases: {} }, 'bad.json'), code: 'E_SCENARIO', where: ['file', 'field'] },
  { entry: 'parseScenarioObject', name: 'fleet count 1e308 (not an integer count)', run: () => parseScenarioObject({ defaultFleet: [{ aircraftTypeId: 'H135', count: -1 }] }, 'bad.json'), code: 'E_SCENARIO', where: ['file', 'field'] },
  { entry: 'parseScenarioObject', name: "periods ['dusk']", run: () => parseScenarioObject({ periods: ['dusk'] }, 'bad.json'), code: 'E_SCENARIO', where: ['file', 'field'] },
  { entry: 'resolveAircraftTypes', name: 'basedOn an unknown type', run: () => resolveAircraftTypes(AIRCRAFT_CATALOGUE, { X: { basedOn: 'Concorde' } } as never, 'bad.json'), code: 'E_AIRCRAFT', where: ['file', 'field'] },
  { entry: 'resolveAircraftTypes', name: 'cruise speed 0 override', run: () => resolveAircraftTypes(AIRCRAFT_CATALOGUE, { H135: { cruiseSpeedKmh: 0 } } as never, 'bad.json'), code: 'E_AIRCRAFT', where: ['file', 'field'] },
  { entry: 'resolveAircraftTypes', name: 'new type missing figures', run: () => resolveAircraftTypes(AIRCRAFT_CATALOGUE, { X: { cruiseSpeedKmh: 200 } } as never, 'bad.json'), code: 'E_AIRCRAFT', where: ['file', 'field'] },
  { entry: 'validateAircraftType', name: 'reserve -5 min', run: () => validateAircraftType(withFigure({ reserveMinutes: -5 }), { field: 'H135' }), code: 'E_AIRCRAFT', where: ['field'] },
  // ── conditions ──
  { entry: 'nightShare', name: 'latitude NaN', run: () => nightShare(Number.NaN, 123, { year: 2024 }), code: 'E_COORDINATE', where: ['field'] },
  { entry: 'nightShare', name: 'latitude 123 (swapped)', run: () => nightShare(123.4, 41.8, { year: 2024 }), code: 'E_COORDINATE', where: ['field'] },
  { entry: 'nightShare', name: 'month 13', run: () => nightShare(41.8, 123.4, { year: 2024, month: 13 }), code: 'E_OPTION', where: ['field'] },
  { entry: 'nightShare', name: 'year 1e308', run: () => nightShare(41.8, 123.4, { year: 1e308 }), code: 'E_OPTION', where: ['field'] },
  { entry: 'nightShareByCell', name: 'margin minutes NaN', run: () => nightShareByCell(grid(), { year: 2024 }, { marginMinutes: Number.NaN }), code: 'E_OPTION', where: ['field'] },
  { entry: 'daylightWindow', name: 'invalid Date', run: () => daylightWindow(41.8, 123.4, new Date('not a date')), code: 'E_OPTION', where: ['field'] },
  { entry: 'blendDayNight', name: 'lengths differ', run: () => blendDayNight([1, 2], [1], 0.5, 60), code: 'E_MATRIX', where: ['field'] },
  { entry: 'blendDayNight', name: 'night share 1.5', run: () => blendDayNight([1], [1], 1.5, 60), code: 'E_OPTION', where: ['field'] },
  { entry: 'blendDayNight', name: 'standard NaN', run: () => blendDayNight([1], [1], 0.5, Number.NaN), code: 'E_OPTION', where: ['field'] },
  { entry: 'aircraftAvailability', name: 'flyable share -0.1', run: () => aircraftAvailability(-0.1), code: 'E_OPTION', where: ['field'] },
  { entry: 'expectedCoverage', name: 'busy fraction NaN', run: () => expectedCoverage([1], 0.8, Number.NaN), code: 'E_OPTION', where: ['field'] },
  { entry: 'validateWeatherData', name: 'null', run: () => validateWeatherData(null, { file: 'weather.json' }), code: 'E_PROPERTY', where: ['file', 'field'] },
  { entry: 'validateWeatherData', name: 'empty object', run: () => validateWeatherData({}, { file: 'weather.json' }), code: 'E_PROPERTY', where: ['file', 'field'] },
];

function instanceCases(): BadCase[] {
  const base = { model: 'pMedian', minutes: [[5, 40, 70], [30, 10, 50]], siteCount: 1 };
  const table: Array<[string, unknown, BadCase['code'], BadCase['where']]> = [
    ['null', null, 'E_MODEL', ['file', 'field']],
    ['unknown model', { ...base, model: 'pMedium' }, 'E_MODEL', ['file', 'field']],
    ['unknown field', { ...base, sitecount: 1 }, 'E_MODEL', ['file', 'field']],
    ['minutes missing', { model: 'pMedian', siteCount: 1 }, 'E_MODEL', ['file', 'field']],
    ['minutes []', { ...base, minutes: [] }, 'E_MATRIX', ['file', 'field']],
    ['minutes [[]]', { ...base, minutes: [[]] }, 'E_MATRIX', ['file', 'field']],
    ['ragged minutes', { ...base, minutes: [[5, 40, 70], [30, 10]] }, 'E_MATRIX', ['file', 'field', 'row']],
    ['minutes "5" (string)', { ...base, minutes: [['5', 40, 70], [30, 10, 50]] }, 'E_MATRIX', ['file', 'field', 'row', 'column']],
    ['minutes null (JSON for NaN)', { ...base, minutes: [[null, 40, 70], [30, 10, 50]] }, 'E_MATRIX', ['file', 'field', 'row', 'column']],
    ['minutes "Infinity" (string)', { ...base, minutes: [['Infinity', 40, 70], [30, 10, 50]] }, 'E_MATRIX', ['file', 'field', 'row', 'column']],
    ['minutes -1e308', { ...base, minutes: [[-1e308, 40, 70], [30, 10, 50]] }, 'E_MATRIX', ['file', 'field', 'row', 'column']],
    ['demandWeights too short', { ...base, demandWeights: [1] }, 'E_MATRIX', ['file', 'field']],
    ['demandWeights [-1, 1]', { ...base, demandWeights: [-1, 1] }, 'E_MATRIX', ['file', 'field']],
    ['siteCount 0', { ...base, siteCount: 0 }, 'E_SITE_COUNT', ['file', 'field']],
    ['siteCount 4 of 3 sites', { ...base, siteCount: 4 }, 'E_SITE_COUNT', ['file', 'field']],
    ['siteCount 1.5', { ...base, siteCount: 1.5 }, 'E_OPTION', ['file', 'field']],
    ['siteCount "1"', { ...base, siteCount: '1' }, 'E_OPTION', ['file', 'field']],
    ['siteCount 1e308', { ...base, siteCount: 1e308 }, 'E_SITE_COUNT', ['file', 'field']],
    ['p above the allowed sites', { ...base, siteCount: 2, forbiddenSites: [0, 1] }, 'E_SITE_COUNT', ['file', 'field']],
    ['fixed ∩ forbidden', { ...base, fixedSites: [1], forbiddenSites: [1] }, 'E_SITE_CONFLICT', ['file', 'field']],
    ['fixed site out of range', { ...base, fixedSites: [3] }, 'E_INDEX', ['file', 'field']],
    ['forbidden site -1', { ...base, forbiddenSites: [-1] }, 'E_INDEX', ['file', 'field']],
    ['standardMinutes -1', { model: 'setCovering', minutes: base.minutes, standardMinutes: -1 }, 'E_OPTION', ['file', 'field']],
    ['standardMinutes "30"', { model: 'setCovering', minutes: base.minutes, standardMinutes: '30' }, 'E_OPTION', ['file', 'field']],
    ['busyFraction 1', { model: 'expectedCovering', minutes: base.minutes, standardMinutes: 30, siteCount: 1, busyFraction: 1 }, 'E_OPTION', ['file', 'field']],
    ['sparse cover with site out of range', { model: 'setCovering', cover: [[[5, 3]]], candidateCount: 2, standardMinutes: 10 }, 'E_INDEX', ['file', 'field']],
  ];
  return table.flatMap(([name, json, code, where]): BadCase[] => [
    { entry: 'parseInstance', name, run: () => parseInstance(json, { file: 'instance.json' }), code, where },
    // solveInstance sees the same input through parseInstance: it must fail before any search.
    { entry: 'solveInstance', name, run: () => solveInstance(parseInstance(json, { file: 'instance.json' })), code, where },
  ]);
}

describe('every library entry point refuses bad input with a code and a location', () => {
  it.each(cases)('$entry: $name → $code', async (c) => {
    await expectBadCase(log, c);
  });
});

describe('empty but legal inputs give empty results, not crashes', () => {
  it('buildCoverage on a grid of 0 cells, and with 0 sites, gives an empty matrix that cellResponse reads', () => {
    const empty = { cellCount: 0, latDeg: new Float64Array(0), lngDeg: new Float64Array(0) };
    const noCells = buildCoverage(empty, [site('A', 41.8, 123.4)], AIRCRAFT_CATALOGUE);
    expect([noCells.siteCount, noCells.cellCount, noCells.pairCount]).toEqual([1, 0, 0]);
    expect(cellResponse(noCells).fastestMinutes.length).toBe(0);
    const noSites = buildCoverage(grid(), [], AIRCRAFT_CATALOGUE);
    expect(noSites.pairCount).toBe(0);
    expect([...cellResponse(noSites).fastestSite].every((s) => s === -1)).toBe(true);
    log.record('buildCoverage', 'empty grid → empty matrix');
    log.record('buildCoverage', 'no sites → empty matrix');
  });
});
