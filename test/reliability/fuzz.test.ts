// Issue 16: a fuzz test (fast-check) over scenario and instance JSON through the airreach CLI.
// Every generated case must end with exit 0 and finite numbers in every output (and no "optimal"
// answer with more sites than its p), or exit 2 with a coded error — never a stack trace, never a
// hang (the cases run in a child process that must report each case within CASE_SECONDS) and never
// more than the stated memory (the child's heap is capped at HEAP_MIB and its resident memory
// checked after every case). Replay a failure with FC_SEED=<seed>.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { fixturePath } from './reliabilityFixtures.js';
import { TriedLog } from './triedLog.js';

const seed = Number(process.env.FC_SEED ?? 20_261_216);
const log = new TriedLog(`fuzz: scenario and instance JSON through the CLI (fast-check seed ${seed})`);
afterAll(() => log.print());

/** The stated limits: V8 heap of the child, its resident memory after a case, and seconds per case. */
const HEAP_MIB = 2048;
const RSS_MIB = 3072;
const CASE_SECONDS = 90;

const repo = fileURLToPath(new URL('../..', import.meta.url));
const childScript = fileURLToPath(new URL('./fuzzChild.ts', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'airreach-fuzz-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// ── hostile values ──
const hostileNumber = fc.oneof(
  fc.constantFrom(0, -0, -1, 1, 2, 3, 7, 15, 16, 20, 60, 120, 600, 1440, 1441, 1e-308, 5e-324, 1e15, 1e16, 1e200, 1e300, 1.7976931348623157e308, -1e308, 2 ** 31, 2 ** 53 + 2, 1e7, 1e9, 2e9),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -5, max: 40 }),
);
const hostileString = fc.oneof(
  fc.constantFrom('', ' ', 'day', 'night', 'all', 'hazard', 'demand', 'H135', 'AW139', 'x', '../outside.geojson', '/dev/zero', 'nope.geojson', 'hazards.geojson', '=1+1', '\u001b[31m', '\u202e', '__proto__', 'constructor'),
  fc.string({ maxLength: 12 }),
);
const leaf = fc.oneof(hostileNumber, hostileString, fc.boolean(), fc.constant(null));
/** Nested arrays and objects, up to 100 levels (the readers allow 64). */
const deep = fc.integer({ min: 1, max: 100 }).map((depth) => {
  let value: unknown = 1;
  for (let d = 0; d < depth; d++) value = d % 2 === 0 ? [value] : { a: value };
  return value;
});
const reservedKey = fc.constantFrom('__proto__', 'constructor', 'prototype').map((key) => JSON.parse(`{"${key}": [1]}`) as unknown);
// Deep nesting and reserved keys are rare per field (a scenario has dozens of fields), so most
// cases get past the parser and reach the schema, the grid and the solvers.
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 40, arbitrary: leaf },
  { weight: 4, arbitrary: fc.array(leaf, { maxLength: 4 }) },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: reservedKey },
  { weight: 2, arbitrary: fc.dictionary(fc.constantFrom('a', 'file', 'id', 'model', 'count', 'role'), leaf, { maxKeys: 3 }) },
);
/**
 * The scenario settings, in two kinds: `hostile` false gives only values of the expected kind
 * (limits included) so that runs get through to the grid, the solvers and the outputs; true mixes
 * hostile values into every field.
 */
function scenarioSettingsOf(hostileMode: boolean) {
  /** A field's expected kind of value, or (hostile mode) sometimes a hostile one. */
  const maybe = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<unknown> => (hostileMode ? fc.oneof({ weight: 3, arbitrary: arbitrary as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: hostile }) : arbitrary);
  /** An optional field: absent, or (hostile mode) a hostile value. */
  const rarely: fc.Arbitrary<unknown> = hostileMode ? fc.oneof(fc.constant(undefined), hostile) : fc.constant(undefined);

// ── scenarios: small.json's layers, with generated settings ──
const question = fc.record(
  {
    model: maybe(fc.constantFrom('setCovering', 'maximalCovering', 'backupCovering', 'expectedCovering', 'pMedian', 'pCenter')),
    standardMinutes: maybe(fc.constantFrom(10, 30, 60)),
    siteCount: maybe(fc.integer({ min: 1, max: 8 })),
    additionalSites: maybe(fc.integer({ min: 1, max: 3 })),
    budget: rarely,
    busyFraction: rarely,
    period: maybe(fc.constantFrom('day', 'night')),
    demand: maybe(fc.constantFrom('all', 'hazard')),
    keepExisting: maybe(fc.boolean()),
  },
  { requiredKeys: ['model'] },
);
return fc.record(
  {
    name: maybe(fc.string({ minLength: 1, maxLength: 20 })),
    grid: fc.record({ resolution: maybe(fc.integer({ min: 3, max: 7 })), cellBudget: rarely, populationWeightPerPerson: rarely }, { requiredKeys: [] }),
    standardsMinutes: maybe(fc.array(maybe(fc.constantFrom(15, 30, 60, 120)), { minLength: 1, maxLength: 3 })),
    periods: maybe(fc.constantFrom(['day'], ['night'], ['day', 'night'])),
    defaultFleet: maybe(fc.array(fc.record({ aircraftTypeId: maybe(fc.constantFrom('H135', 'AW139', 'X')), count: maybe(fc.integer({ min: 1, max: 3 })) }), { minLength: 1, maxLength: 2 })),
    aircraft: maybe(fc.dictionary(fc.constantFrom('H135', 'X', 'AW139'), fc.record({ basedOn: maybe(fc.constant('H135')), cruiseSpeedKmh: maybe(fc.integer({ min: 100, max: 400 })), activationMinutesDay: rarely, rangeKm: rarely }, { requiredKeys: ['basedOn'] }), { maxKeys: 2 })),
    // Today's bases and the candidates (each file once: a site id must not repeat), and sometimes an inline site.
    bases: maybe(
      fc
        .tuple(
          fc.record({ file: maybe(fc.constant('bases.geojson')), role: maybe(fc.constantFrom('existing', 'required')), where: rarely, cost: rarely }, { requiredKeys: ['file', 'role'] }),
          fc.option(fc.record({ file: maybe(fc.constant('candidates.geojson')), role: maybe(fc.constantFrom('candidate', 'forbidden', 'existing')), cost: rarely }, { requiredKeys: ['file', 'role'] })),
          fc.option(fc.record({ id: maybe(fc.constantFrom('A', 'Z9')), latDeg: maybe(fc.double({ min: 40.5, max: 42.5, noNaN: true })), lngDeg: maybe(fc.double({ min: 122, max: 125, noNaN: true })), role: maybe(fc.constantFrom('existing', 'candidate')), cost: rarely }, { requiredKeys: ['id', 'latDeg', 'lngDeg', 'role'] })),
        )
        .map(([today, candidates, inline]) => [today, ...(candidates ? [candidates] : []), ...(inline ? [inline] : [])]),
    ),
    questions: maybe(fc.array(question, { maxLength: 3 })),
    curve: maybe(fc.record({ standardsMinutes: maybe(fc.constant([30])), additionalSites: maybe(fc.integer({ min: 1, max: 3 })), period: rarely })),
    depots: maybe(
      fc.record(
        {
          model: maybe(fc.constantFrom('pMedian', 'facilityLocation')),
          siteCount: maybe(fc.integer({ min: 1, max: 3 })),
          candidates: fc.record({ file: maybe(fc.constant('candidates.geojson')), capacityTonnes: maybe(fc.constantFrom(50, 500, 5000)), where: rarely }, { requiredKeys: ['file', 'capacityTonnes'] }),
          fixed: maybe(fc.array(fc.record({ id: maybe(fc.constantFrom('D', 'C1')), latDeg: maybe(fc.constant(41.5)), lngDeg: maybe(fc.constant(123)), capacityTonnes: maybe(fc.constantFrom(50, 500)) }), { maxLength: 2 })),
          tonnesPerBase: rarely,
          tonnesPerHazardDemand: rarely,
          clientResolution: rarely,
        },
        { requiredKeys: ['candidates'] },
      ),
    ),
    conditions: maybe(
      fc.record(
        {
          daylight: maybe(fc.record({ year: maybe(fc.constant(2025)), month: rarely }, { requiredKeys: ['year'] })),
          weather: maybe(fc.record({ file: maybe(fc.constant('weather.json')), zone: maybe(fc.constantFrom('inland', 'coastal', 'nowhere')), month: rarely }, { requiredKeys: ['file'] })),
          busyFraction: rarely,
          hospitals: maybe(fc.record({ file: maybe(fc.constant('hospitals.geojson')), kinds: maybe(fc.constant(['hospital'])) }, { requiredKeys: ['file', 'kinds'] })),
          onSceneMinutes: rarely,
        },
        { requiredKeys: [] },
      ),
    ),
    simulation: maybe(
      fc.record(
        {
          incidentsPerYear: maybe(fc.constantFrom(50, 2000, 1e9)),
          durationDays: maybe(fc.constantFrom(10, 60)),
          replications: maybe(fc.integer({ min: 1, max: 3 })),
          noFreeAircraft: maybe(fc.constantFrom('queue', 'lost')),
          maxWaitMinutes: rarely,
          answers: maybe(fc.boolean()),
          onSceneMinutes: rarely,
        },
        { requiredKeys: [] },
      ),
    ),
    outputs: maybe(fc.record({ cells: maybe(fc.constantFrom('all', 'demand')) })),
  },
  { requiredKeys: [] },
  );
}

/** Effort is not what is fuzzed: every generated solve gets a 1 s clock cap so a case stays short. */
function capEffort(settings: Record<string, unknown>): Record<string, unknown> {
  const capped = { ...settings };
  if (Array.isArray(capped.questions)) capped.questions = capped.questions.map((q) => (typeof q === 'object' && q !== null && !Array.isArray(q) ? { ...q, timeLimitSeconds: 1 } : q));
  for (const key of ['curve', 'depots'] as const) {
    const block = capped[key];
    if (typeof block === 'object' && block !== null && !Array.isArray(block)) capped[key] = { ...block, timeLimitSeconds: 1 };
  }
  return capped;
}

const baseScenario = {
  layers: { regions: { file: 'regions.geojson', nameField: 'label' }, hazards: ['hazards.geojson'], population: 'places.geojson' },
  grid: { resolution: 5 },
  bases: [{ file: 'bases.geojson', role: 'existing' }, { file: 'candidates.geojson', role: 'candidate' }],
  standardsMinutes: [30, 60],
  periods: ['day'],
};

/** A scenario case: generated settings over the base, written as JSON; one in eight garbled as text. */
const scenarioCase = fc.tuple(fc.oneof({ weight: 2, arbitrary: scenarioSettingsOf(false) }, { weight: 1, arbitrary: scenarioSettingsOf(true) }), fc.integer({ min: 0, max: 7 }), fc.nat(), fc.constantFrom('}', '[', '"', ',', '\u0000', '{"a":')).map(([settings, garble, cut, insert]) => {
  const merged = { ...baseScenario, ...capEffort(settings as Record<string, unknown>), grid: { ...baseScenario.grid, ...((settings as { grid?: object }).grid ?? {}) } };
  let text = JSON.stringify(merged);
  if (garble === 0) {
    const at = cut % text.length;
    text = `${text.slice(0, at)}${insert}${text.slice(at + 1)}`;
  }
  return { files: { 'scenario.json': text }, argv: ['run', '{dir}/scenario.json', '--out', '{dir}/out', '-q'] };
});

// ── matrix instances ──
/** An instance field of the expected kind, or a hostile value one time in ten. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 9, arbitrary: arbitrary as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: hostile });
const models = ['setCovering', 'maximalCovering', 'backupCovering', 'expectedCovering', 'pMedian', 'pCenter', 'capacitatedPMedian', 'capacitatedFacilityLocation'];
const minutesValue = fc.oneof({ weight: 60, arbitrary: fc.integer({ min: 0, max: 90 }) }, { weight: 1, arbitrary: hostileNumber });
/** The fields each model takes (schema/instance.schema.json); a case sometimes adds a foreign one. */
const MODEL_FIELDS: Record<string, string[]> = {
  setCovering: ['standardMinutes', 'siteCosts'],
  maximalCovering: ['standardMinutes', 'siteCount', 'budget', 'siteCosts'],
  backupCovering: ['standardMinutes', 'siteCount'],
  expectedCovering: ['standardMinutes', 'busyFraction', 'aircraftCount', 'aircraftPerSite', 'siteCount'],
  pMedian: ['siteCount', 'unreachableMinutes'],
  pCenter: ['siteCount'],
  capacitatedPMedian: ['siteCount', 'demands', 'capacities'],
  capacitatedFacilityLocation: ['demands', 'capacities', 'openingCosts', 'siteCount'],
};
const positiveish = fc.oneof({ weight: 30, arbitrary: fc.integer({ min: 1, max: 50 }) as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: hostileNumber as fc.Arbitrary<unknown> });
const instanceCase = fc
  .record({
    model: sometimes(fc.constantFrom(...models)),
    rows: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 1, max: 6 }) }, { weight: 1, arbitrary: fc.constant(0) }),
    columns: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 1, max: 6 }) }, { weight: 1, arbitrary: fc.constant(0) }),
    sparse: fc.boolean(),
    minutes: fc.array(fc.array(minutesValue, { minLength: 6, maxLength: 6 }), { minLength: 6, maxLength: 6 }),
    demandWeights: fc.option(sometimes(fc.array(positiveish, { minLength: 6, maxLength: 6 }))),
    values: fc.record({
      standardMinutes: sometimes(fc.constantFrom(30, 60)),
      siteCount: sometimes(fc.integer({ min: 1, max: 4 })),
      budget: positiveish,
      siteCosts: fc.array(positiveish, { minLength: 6, maxLength: 6 }),
      busyFraction: sometimes(fc.constantFrom(0, 0.2, 0.5, 0.99)),
      aircraftCount: sometimes(fc.constantFrom(1, 3, 8, 1e7, 1e9)),
      aircraftPerSite: sometimes(fc.constantFrom(1, 2, 100)),
      unreachableMinutes: sometimes(fc.constantFrom(120, 600)),
      demands: fc.array(positiveish, { minLength: 6, maxLength: 6 }),
      capacities: fc.array(positiveish, { minLength: 6, maxLength: 6 }),
      openingCosts: fc.array(positiveish, { minLength: 6, maxLength: 6 }),
    }),
    candidateCount: sometimes(fc.constantFrom(6, 2e9)),
    extra: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom('unknownField', '__proto__', 'fixedSites', 'forbiddenSites', 'standardMinutes', 'siteCount'), hostile) }),
  })
  .map((g) => {
    const instance: Record<string, unknown> = { model: g.model };
    const matrix = g.minutes.slice(0, g.rows).map((row) => row.slice(0, g.columns));
    if (g.sparse) {
      instance.cover = matrix.map((row) => row.map((minutes, j) => [j, minutes]));
      instance.candidateCount = g.candidateCount === 6 ? g.columns : g.candidateCount;
    } else {
      instance.minutes = matrix;
    }
    if (g.demandWeights !== null) instance.demandWeights = Array.isArray(g.demandWeights) ? g.demandWeights.slice(0, g.rows) : g.demandWeights;
    const values = g.values as Record<string, unknown>;
    for (const field of MODEL_FIELDS[String(g.model)] ?? ['siteCount']) {
      const value = values[field];
      instance[field] = Array.isArray(value) ? value.slice(0, ['demands'].includes(field) ? g.rows : g.columns) : value;
    }
    let text = JSON.stringify(instance);
    if (g.extra) text = `${text.slice(0, -1)},${JSON.stringify(g.extra[0])}:${JSON.stringify(g.extra[1]) ?? 'null'}}`;
    const siteCount = instance.siteCount;
    return {
      files: { 'instance.json': text },
      argv: ['solve', '{dir}/instance.json', '--time-limit', '2'],
      siteCount: typeof siteCount === 'number' && Number.isInteger(siteCount) && g.extra?.[0] !== 'siteCount' ? siteCount : undefined,
    };
  });

interface CaseResult {
  k: number;
  code: number;
  problems: string[];
  rssMiB: number;
  error: string | null;
}

/** Runs the cases in one child process; stops it when a case takes longer than CASE_SECONDS. */
function runCases(name: string, cases: unknown[]): Promise<{ results: CaseResult[]; stopped: string | null }> {
  const fixtures: Record<string, string> = {};
  for (const file of ['hazards.geojson', 'regions.geojson', 'bases.geojson', 'candidates.geojson', 'hospitals.geojson', 'places.geojson']) fixtures[file] = readFileSync(fixturePath('scenario', file), 'utf8');
  fixtures['weather.json'] = readFileSync(new URL('../../data/liaoning/conditions/weather.json', import.meta.url), 'utf8');
  const casesFile = join(work, `${name}.json`);
  writeFileSync(casesFile, JSON.stringify({ cases, work: join(work, name), fixtures }));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MIB}`, '--import', 'tsx', childScript, casesFile], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    const results: CaseResult[] = [];
    let stopped: string | null = null;
    let pending = '';
    let stderr = '';
    let current = -1;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stopped = `case ${current} did not finish within ${CASE_SECONDS} s: ${JSON.stringify(cases[current]).slice(0, 400)}`;
        child.kill('SIGKILL');
      }, CASE_SECONDS * 1000);
    };
    arm();
    child.stdout.on('data', (chunk) => {
      pending += String(chunk);
      let newline;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = JSON.parse(pending.slice(0, newline)) as CaseResult & { started?: boolean };
        pending = pending.slice(newline + 1);
        if (line.started) current = line.k;
        else results.push(line);
        arm();
      }
    });
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (!stopped && results.length < cases.length) stopped = `the child ended (${signal ?? `exit ${code}`}) at case ${current}: ${stderr.slice(-600)} — ${JSON.stringify(cases[current]).slice(0, 400)}`;
      resolvePromise({ results, stopped });
    });
  });
}

function record(entry: string, results: CaseResult[]): void {
  for (const r of results) log.record(entry, r.problems.length > 0 ? 'FAILED' : r.code === 0 ? 'exit 0, finite' : `exit 2 ${r.error?.split(':')[0] ?? ''}`);
}

/** Runs generated cases through the CLI child and checks the outcome of each (see the file's head). */
async function fuzz(name: string, entry: string, cases: Array<{ files: Record<string, string> }>, inputName: string): Promise<void> {
  const { results, stopped } = await runCases(name, cases);
  record(entry, results);
  expect(stopped).toBeNull();
  const bad = results.filter((r) => r.problems.length > 0 || r.rssMiB > RSS_MIB).map((r) => ({ ...r, input: cases[r.k].files[inputName].slice(0, 2000) }));
  expect(bad).toEqual([]);
  // The generator must reach both ends: runs that finish and inputs that are refused.
  expect(results.some((r) => r.code === 0)).toBe(true);
  expect(results.some((r) => r.code === 2)).toBe(true);
}

describe('fuzzing the CLI with generated JSON', () => {
  it('scenarios: exit 0 with finite outputs or exit 2 with a coded error; no stack trace, hang or memory beyond the cap', { timeout: 900_000 }, async () => {
    await fuzz('scenarios', 'airreach run <generated scenario>', fc.sample(scenarioCase, { seed, numRuns: 150 }), 'scenario.json');
  });

  it('matrix instances: exit 0 with finite numbers (never "optimal" beyond p) or exit 2 with a coded error; no stack trace, hang or memory beyond the cap', { timeout: 900_000 }, async () => {
    await fuzz('instances', 'airreach solve <generated instance>', fc.sample(instanceCase, { seed, numRuns: 300 }), 'instance.json');
  });
});
