import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGeoJsonFile } from '../../src/io/readGeoJson.js';
import { readInstanceFile } from '../../src/io/readInstance.js';
import { solveInstance } from '../../src/solvers/kernel/solveInstance.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { runCoverage } from '../../src/scenario/runCoverage.js';
import { runScenario } from '../../src/scenario/runScenario.js';
import { compareScenarios } from '../../src/scenario/compareScenarios.js';
import { runCli } from './runCli.js';
import type { ErrorCode, ErrorLocation } from '../../src/errors.js';
import { fixturePath } from './reliabilityFixtures.js';
import { expectBadCase, TriedLog, type BadCase } from './triedLog.js';

const log = new TriedLog('bad input: files and the CLI');
afterAll(() => log.print());

// Made at load time: the case tables below (built while collecting) already name paths under it.
const root = mkdtempSync(join(tmpdir(), 'airreach-badfiles-'));
const scenarios = join(root, 'scenarios');
const outOf = (name: string) => join(root, 'out', name);

/** A bad file: its name, its bytes, the code it must raise and the location fields it must give. */
interface BadFile {
  name: string;
  text: string;
  code: ErrorCode;
  where: Array<keyof ErrorLocation>;
  /** The file the error must name (defaults to the file itself). */
  blames?: string;
}

const hazard = (geometry: string, properties = '"name":"a","type":"flood","weight":1') => `{"type":"Feature","properties":{${properties}},"geometry":${geometry}}`;
const fc = (...features: string[]) => `{"type":"FeatureCollection","features":[${features.join(',')}]}`;
const squareGeometry = '{"type":"Polygon","coordinates":[[[123,41],[123.4,41],[123.4,41.4],[123,41.4],[123,41]]]}';

const geoJsonFiles: BadFile[] = [
  { name: 'syntax.geojson', text: '{"type":"FeatureCollection","features":[', code: 'E_JSON_SYNTAX', where: ['file'] },
  { name: 'trailing-comma.geojson', text: fc(hazard(squareGeometry)).replace(']}', ',]}'), code: 'E_JSON_SYNTAX', where: ['file'] },
  { name: 'empty-file.geojson', text: '', code: 'E_JSON_SYNTAX', where: ['file'] },
  { name: 'null.geojson', text: 'null', code: 'E_GEOJSON', where: ['file'] },
  { name: 'array.geojson', text: '[]', code: 'E_GEOJSON', where: ['file'] },
  { name: 'topology.geojson', text: '{"type":"Topology","objects":{}}', code: 'E_GEOJSON', where: ['file', 'field'] },
  { name: 'no-features.geojson', text: fc(), code: 'E_EMPTY', where: ['file', 'field'] },
  { name: 'weight-string.geojson', text: fc(hazard(squareGeometry, '"name":"a","type":"flood","weight":"heavy"')), code: 'E_PROPERTY', where: ['file', 'featureIndex', 'field'] },
  { name: 'weight-null.geojson', text: fc(hazard(squareGeometry, '"name":"a","type":"flood","weight":null')), code: 'E_PROPERTY', where: ['file', 'featureIndex', 'field'] },
  { name: 'weight-huge.geojson', text: fc(hazard(squareGeometry, '"name":"a","type":"flood","weight":-1e308')), code: 'E_PROPERTY', where: ['file', 'featureIndex', 'field'] },
  { name: 'coordinate-overflow.geojson', text: fc(hazard('{"type":"Point","coordinates":[1e999,41]}', '"name":"a","type":"flood","weight":1,"radiusKm":5')), code: 'E_COORDINATE', where: ['file', 'featureIndex', 'field'] },
  { name: 'coordinate-null.geojson', text: fc(hazard('{"type":"Point","coordinates":[null,41]}', '"name":"a","type":"flood","weight":1,"radiusKm":5')), code: 'E_COORDINATE', where: ['file', 'featureIndex', 'field'] },
  { name: 'swapped.geojson', text: fc(hazard('{"type":"Polygon","coordinates":[[[41,123],[41,123.4],[41.4,123.4],[41.4,123],[41,123]]]}')), code: 'E_COORDINATE', where: ['file', 'featureIndex', 'field'] },
  { name: 'unclosed.geojson', text: fc(hazard(squareGeometry), hazard('{"type":"Polygon","coordinates":[[[123,41],[123.4,41],[123.4,41.4],[123,41.4]]]}')), code: 'E_GEOMETRY', where: ['file', 'featureIndex', 'field'] },
  { name: 'bowtie.geojson', text: fc(hazard('{"type":"Polygon","coordinates":[[[123,41],[124,42],[124,41],[123,42],[123,41]]]}')), code: 'E_GEOMETRY', where: ['file', 'featureIndex', 'field'] },
  { name: 'antimeridian.geojson', text: fc(hazard('{"type":"Polygon","coordinates":[[[179,50],[-179,50],[-179,51],[179,51],[179,50]]]}')), code: 'E_GEOMETRY', where: ['file', 'featureIndex', 'field'] },
  { name: 'pole.geojson', text: fc(hazard('{"type":"Polygon","coordinates":[[[0,80],[90,80],[180,80],[-90,80],[0,80]]]}')), code: 'E_GEOMETRY', where: ['file', 'featureIndex', 'field'] },
  { name: 'duplicate-ids.geojson', text: fc(hazard(squareGeometry).replace('"properties"', '"id":7,"properties"'), hazard(squareGeometry).replace('"properties"', '"id":7,"properties"')), code: 'E_DUPLICATE_ID', where: ['file', 'featureIndex', 'field'] },
];

/** Scenario files: each is written next to copies of the good fixture layers (and the bad layers above). */
const scenarioFiles: BadFile[] = [
  { name: 's-syntax.json', text: '{"name": "x",}', code: 'E_JSON_SYNTAX', where: ['file'] },
  { name: 's-empty.json', text: '', code: 'E_JSON_SYNTAX', where: ['file'] },
  { name: 's-array.json', text: '[]', code: 'E_SCENARIO', where: ['file', 'field'] },
  { name: 's-resolution-16.json', text: '{"extends":"small.json","grid":{"resolution":16}}', code: 'E_SCENARIO', where: ['file', 'field'] },
  { name: 's-resolution-minus-1.json', text: '{"extends":"small.json","grid":{"resolution":-1}}', code: 'E_SCENARIO', where: ['file', 'field'] },
  { name: 's-resolution-7.5.json', text: '{"extends":"small.json","grid":{"resolution":7.5}}', code: 'E_SCENARIO', where: ['file', 'field'] },
  { name: 's-resolution-string.json', text: '{"extends":"small.json","grid":{"resolution":"7"}}', code: 'E_SCENARIO', where: ['file', 'field'] },
  { name: 's-standards-huge.json', text: '{"extends":"small.json","standardsMinutes":[30, 1e308]}', code: 'E_SCENARIO', where: ['file', 'field'] },
  { name: 's-standards-empty.json', text: '{"extends":"small.json","standardsMinutes":[]}', code: 'E_SCENARIO', where: ['file', 'field'] },
  { name: 's-speed-0.json', text: '{"extends":"small.json","aircraft":{"H135":{"cruiseSpeedKmh":0}}}', code: 'E_SCENARIO', where: ['file', 'field'] },
  { name: 's-speed-negative.json', text: '{"extends":"small.json","aircraft":{"H135":{"cruiseSpeedKmh":-254}}}', code: 'E_SCENARIO', where: ['file', 'field'] },
  { name: 's-unknown-aircraft.json', text: '{"extends":"small.json","defaultFleet":[{"aircraftTypeId":"Concorde","count":1}]}', code: 'E_AIRCRAFT', where: ['file', 'field'] },
  { name: 's-unknown-basedOn.json', text: '{"extends":"small.json","aircraft":{"X":{"basedOn":"Concorde"}}}', code: 'E_AIRCRAFT', where: ['file', 'field'] },
  { name: 's-missing-extends.json', text: '{"extends":"nowhere.json"}', code: 'E_FILE_READ', where: ['file'], blames: 'nowhere.json' },
  { name: 's-cycle.json', text: '{"extends":"s-cycle.json"}', code: 'E_EXTENDS_CYCLE', where: ['file', 'field'] },
  { name: 's-escape.json', text: '{"extends":"small.json","layers":{"hazards":["../../../../etc/passwd"]}}', code: 'E_PATH', where: ['file', 'field'] },
  { name: 's-escape-extends.json', text: '{"extends":"/etc/hostname"}', code: 'E_PATH', where: ['file', 'field'] },
  { name: 's-missing-layer.json', text: '{"extends":"small.json","layers":{"hazards":["missing.geojson"]}}', code: 'E_FILE_READ', where: ['file'], blames: 'missing.geojson' },
  { name: 's-no-hazards.json', text: '{"extends":"small.json","layers":{"hazards":[]}}', code: 'E_SCENARIO', where: ['file', 'field'] },
  { name: 's-no-bases.json', text: '{"extends":"small.json","bases":[]}', code: 'E_SCENARIO', where: ['file', 'field'] },
  { name: 's-cell-budget.json', text: '{"extends":"small.json","grid":{"cellBudget":10}}', code: 'E_CELL_BUDGET', where: ['file', 'field'] },
  ...geoJsonFiles.map((bad): BadFile => ({
    name: `s-layer-${bad.name.replace('.geojson', '.json')}`,
    text: `{"extends":"small.json","layers":{"hazards":["${bad.name}"]}}`,
    code: bad.code,
    where: bad.where,
    blames: bad.name,
  })),
];

/** The same bad scenarios with a sweep block on top (`sweep` must reach the bad part, not stop at a missing block). */
const sweepFiles: BadFile[] = scenarioFiles
  .filter((bad, i) => i % 3 === 0 && !['s-syntax.json', 's-empty.json', 's-array.json', 's-cycle.json'].includes(bad.name))
  .map((bad) => ({ ...bad, name: `sw-${bad.name}`, text: `{"extends":"${bad.name}","sweep":{"cruiseSpeedFactors":[0.9]}}`, blames: bad.blames ?? bad.name }));

const instanceFiles: BadFile[] = [
  { name: 'i-syntax.json', text: '{"model":"pMedian","minutes":[[1,2],[3,4]', code: 'E_JSON_SYNTAX', where: ['file'] },
  { name: 'i-nan.json', text: '{"model":"pMedian","minutes":[[1,NaN]],"siteCount":1}', code: 'E_JSON_SYNTAX', where: ['file'] },
  { name: 'i-array.json', text: '[]', code: 'E_MODEL', where: ['file', 'field'] },
  { name: 'i-null-minutes.json', text: '{"model":"pMedian","minutes":[[1,null],[3,4]],"siteCount":1}', code: 'E_MATRIX', where: ['file', 'field', 'row', 'column'] },
  { name: 'i-string-minutes.json', text: '{"model":"pMedian","minutes":[[1,"Infinity"],[3,4]],"siteCount":1}', code: 'E_MATRIX', where: ['file', 'field', 'row', 'column'] },
  { name: 'i-ragged.json', text: '{"model":"pMedian","minutes":[[1,2],[3]],"siteCount":1}', code: 'E_MATRIX', where: ['file', 'field', 'row'] },
  { name: 'i-empty.json', text: '{"model":"pMedian","minutes":[],"siteCount":1}', code: 'E_MATRIX', where: ['file', 'field'] },
  { name: 'i-huge-negative.json', text: '{"model":"pMedian","minutes":[[1,-1e308],[3,4]],"siteCount":1}', code: 'E_MATRIX', where: ['file', 'field', 'row', 'column'] },
  { name: 'i-p-above-allowed.json', text: '{"model":"pMedian","minutes":[[1,2,3],[3,4,5]],"siteCount":2,"forbiddenSites":[0,2]}', code: 'E_SITE_COUNT', where: ['file', 'field'] },
  { name: 'i-fixed-forbidden.json', text: '{"model":"maximalCovering","minutes":[[1,2],[3,4]],"siteCount":1,"standardMinutes":3,"fixedSites":[0],"forbiddenSites":[0]}', code: 'E_SITE_CONFLICT', where: ['file', 'field'] },
  { name: 'i-unknown-model.json', text: '{"model":"pMedium","minutes":[[1]],"siteCount":1}', code: 'E_MODEL', where: ['file', 'field'] },
];

beforeAll(() => {
  mkdirSync(scenarios);
  for (const name of ['small.json', 'hazards.geojson', 'regions.geojson', 'bases.geojson']) cpSync(fixturePath('scenario', name), join(scenarios, name));
  for (const bad of [...geoJsonFiles, ...scenarioFiles, ...sweepFiles, ...instanceFiles]) writeFileSync(join(scenarios, bad.name), bad.text);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const path = (name: string) => join(scenarios, name);
const blamed = (bad: BadFile) => (bad.blames ? bad.blames : bad.name);

function libraryCases(): BadCase[] {
  const cases: BadCase[] = [];
  for (const bad of geoJsonFiles) {
    cases.push({ entry: 'readGeoJsonFile', name: bad.name, run: () => readGeoJsonFile(path(bad.name), { kind: 'hazard' }), code: bad.code, where: bad.where });
  }
  cases.push({ entry: 'readGeoJsonFile', name: 'missing file', run: () => readGeoJsonFile(path('missing.geojson')), code: 'E_FILE_READ', where: ['file'] });
  cases.push({ entry: 'readGeoJsonFile', name: 'a folder', run: () => readGeoJsonFile(scenarios), code: 'E_FILE_READ', where: ['file'] });
  for (const bad of scenarioFiles) {
    // Syntax, schema, `extends` and path errors surface from loadScenario; layers, aircraft and budget from the pipelines.
    const failsOnLoad =
      bad.name === 's-missing-extends.json' ||
      (['E_JSON_SYNTAX', 'E_SCENARIO', 'E_EXTENDS_CYCLE', 'E_PATH'].includes(bad.code) && !bad.name.startsWith('s-layer-') && !['s-no-hazards.json', 's-no-bases.json', 's-standards-huge.json'].includes(bad.name));
    if (failsOnLoad) cases.push({ entry: 'loadScenario', name: bad.name, run: () => loadScenario(path(bad.name)), code: bad.code, where: bad.where });
    cases.push({ entry: 'runCoverage', name: bad.name, run: () => runCoverage(path(bad.name), { outFolder: outOf(`rc-${bad.name}`) }), code: bad.code, where: bad.where });
    cases.push({ entry: 'runScenario', name: bad.name, run: () => runScenario(path(bad.name), { outFolder: outOf(`rs-${bad.name}`) }), code: bad.code, where: bad.where });
  }
  for (const bad of scenarioFiles.filter((_, i) => i % 4 === 0)) {
    cases.push({ entry: 'compareScenarios', name: `small.json vs ${bad.name}`, run: () => compareScenarios([path('small.json'), path(bad.name)], { outFolder: outOf(`cmp-${bad.name}`) }), code: bad.code, where: bad.where });
  }
  cases.push({ entry: 'compareScenarios', name: 'one scenario only', run: () => compareScenarios([path('small.json')], { outFolder: outOf('cmp-one') }), code: 'E_OPTION', where: ['field'] });
  for (const bad of instanceFiles) {
    cases.push({ entry: 'readInstanceFile', name: bad.name, run: () => readInstanceFile(path(bad.name)), code: bad.code, where: bad.where });
    cases.push({ entry: 'solveInstance', name: bad.name, run: async () => solveInstance(await readInstanceFile(path(bad.name))), code: bad.code, where: bad.where });
  }
  cases.push({ entry: 'readInstanceFile', name: 'missing file', run: () => readInstanceFile(path('nothing.json')), code: 'E_FILE_READ', where: ['file'] });
  return cases;
}

describe('bad files through the library: typed error, location, nothing written', () => {
  const cases = libraryCases();
  it.each(cases)('$entry: $name → $code', async (c) => {
    const error = await expectBadCase(log, c);
    const bad = [...scenarioFiles, ...instanceFiles, ...geoJsonFiles].find((b) => c.name.endsWith(b.name));
    if (bad && c.where.includes('file')) expect(error.message).toContain(blamed(bad));
    // The case's own output folder must not even exist: nothing is written before the inputs are good.
    expect(existsSync(outOf(c.name)) || (existsSync(join(root, 'out')) && readdirSync(join(root, 'out')).some((f) => f.endsWith(c.name)))).toBe(false);
  });
});

const cli = runCli;

interface CliCase {
  name: string;
  argv: () => string[];
  exitCode: number;
  /** Text stderr must hold: the error code and the file it blames. */
  mentions: string[];
  out?: string;
}

function cliCases(): CliCase[] {
  const cases: CliCase[] = [];
  for (const bad of scenarioFiles) {
    for (const command of ['coverage', 'run']) {
      const out = outOf(`cli-${command}-${bad.name}`);
      cases.push({ name: `${command} ${bad.name}`, argv: () => [command, path(bad.name), '--out', out, '--quiet'], exitCode: 2, mentions: [bad.code, blamed(bad)], out });
    }
  }
  for (const bad of scenarioFiles.filter((_, i) => i % 3 === 0)) {
    const out = outOf(`cli-compare-${bad.name}`);
    cases.push({ name: `compare small.json ${bad.name}`, argv: () => ['compare', path('small.json'), path(bad.name), '--out', out, '--quiet'], exitCode: 2, mentions: [bad.code, blamed(bad)], out });
  }
  for (const bad of sweepFiles) {
    const out = outOf(`cli-sweep-${bad.name}`);
    cases.push({ name: `sweep ${bad.name}`, argv: () => ['sweep', path(bad.name), '--out', out, '--quiet'], exitCode: 2, mentions: [bad.code, blamed(bad)], out });
  }
  cases.push({ name: 'sweep without a sweep block', argv: () => ['sweep', path('small.json'), '--out', outOf('cli-sweep-none'), '--quiet'], exitCode: 2, mentions: ['E_SCENARIO', '/sweep', 'small.json'], out: outOf('cli-sweep-none') });
  for (const bad of instanceFiles) cases.push({ name: `solve ${bad.name}`, argv: () => ['solve', path(bad.name)], exitCode: 2, mentions: [bad.code, bad.name] });
  cases.push({ name: 'solve --time-limit -1', argv: () => ['solve', fixturePath('cli', 'mclp-tiny.json'), '--time-limit', '-1'], exitCode: 2, mentions: ['-1'] });
  cases.push({ name: 'solve --time-limit abc', argv: () => ['solve', fixturePath('cli', 'mclp-tiny.json'), '--time-limit', 'abc'], exitCode: 2, mentions: ['abc'] });
  cases.push({ name: 'unknown command', argv: () => ['cover', path('small.json')], exitCode: 2, mentions: ['cover'] });
  cases.push({ name: 'coverage without a scenario', argv: () => ['coverage'], exitCode: 2, mentions: ['scenario'] });
  cases.push({ name: 'compare -s 0', argv: () => ['compare', path('small.json'), path('small.json'), '-s', '0'], exitCode: 2, mentions: ['0'] });
  return cases;
}

describe('bad input through the CLI (main in-process): exit code 2, the code and file on stderr, no output folder', () => {
  it.each(cliCases())('airreach $name', async (c) => {
    const { code, stdout, stderr } = await cli(c.argv());
    const entry = `cli ${c.name.split(' ')[0]}`;
    log.record(entry, code === c.exitCode ? `exit ${code}` : `exit ${code}!`);
    expect(code, stderr).toBe(c.exitCode);
    for (const text of c.mentions) expect(stderr).toContain(text);
    expect(stderr).not.toContain('unexpected failure');
    expect(stdout).toBe('');
    if (c.out) expect(existsSync(c.out) ? readdirSync(c.out) : 'absent', stderr).toBe('absent');
  });
});
