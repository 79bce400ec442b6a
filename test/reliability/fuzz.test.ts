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
    defaultFleet: maybe(fc.array(fc.record({ aircraftTypeId: maybe(fc.constantFrom('H135', 'AW139', 'X')), count: maybe(fc.integer({ min: 1, max: 3 })) }), { maxLength: 2 })),
    aircraft: maybe(fc.dictionary(fc.constantFrom('H135', 'X', 'AW139'), fc.record({ basedOn: maybe(fc.constant('H135')), cruiseSpeedKmh: maybe(fc.integer({ min: 100, max: 400 })), activationMinutesDay: rarely, rangeKm: rarely }, { requiredKeys: ['basedOn'] }), { maxKeys: 2 })),
    bases: maybe(
      fc.array(
        fc.oneof(
          fc.record({ file: maybe(fc.constantFrom('bases.geojson', 'candidates.geojson')), role: maybe(fc.constantFrom('existing', 'candidate', 'required', 'forbidden')), where: rarely, cost: rarely }, { requiredKeys: ['file', 'role'] }),
          fc.record({ id: maybe(fc.constantFrom('A', 'B1')), latDeg: maybe(fc.double({ min: 40.5, max: 42.5, noNaN: true })), lngDeg: maybe(fc.double({ min: 122, max: 125, noNaN: true })), role: maybe(fc.constantFrom('existing', 'candidate')), cost: rarely }, { requiredKeys: ['id', 'latDeg', 'lngDeg', 'role'] }),
        ),
        { minLength: 1, maxLength: 3 },
      ),
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
const scenarioCase = fc.tuple(fc.oneof(scenarioSettingsOf(false), scenarioSettingsOf(true)), fc.integer({ min: 0, max: 7 }), fc.nat(), fc.constantFrom('}', '[', '"', ',', '\u0000', '{"a":')).map(([settings, garble, cut, insert]) => {
  const merged = { ...baseScenario, ...capEffort(settings as Record<string, unknown>), grid: { ...baseScenario.grid, ...((settings as { grid?: object }).grid ?? {}) } };
  let text = JSON.stringify(merged);
  if (garble === 0) {
    const at = cut % text.length;
    text = `${text.slice(0, at)}${insert}${text.slice(at + 1)}`;
  }
  return { files: { 'scenario.json': text }, argv: ['run', '{dir}/scenario.json', '--out', '{dir}/out', '-q'] };
});

// ── matrix instances ──
/** An instance field of the expected kind, or a hostile value one time in four. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 3, arbitrary: arbitrary as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: hostile });
const models = ['setCovering', 'maximalCovering', 'backupCovering', 'expectedCovering', 'pMedian', 'pCenter', 'capacitatedPMedian', 'capacitatedFacilityLocation'];
const minutesValue = fc.oneof(fc.integer({ min: 0, max: 90 }), hostileNumber);
const instanceCase = fc
  .record({
    model: sometimes(fc.constantFrom(...models)),
    rows: fc.integer({ min: 0, max: 6 }),
    columns: fc.integer({ min: 0, max: 6 }),
    sparse: fc.boolean(),
    minutes: fc.array(fc.array(minutesValue, { minLength: 6, maxLength: 6 }), { minLength: 6, maxLength: 6 }),
    demandWeights: sometimes(fc.array(hostileNumber, { minLength: 6, maxLength: 6 })),
    siteCount: sometimes(fc.integer({ min: 1, max: 4 })),
    standardMinutes: sometimes(fc.constantFrom(30, 60)),
    candidateCount: hostile,
    aircraftCount: sometimes(fc.constantFrom(1, 3, 1e7, 1e9)),
    busyFraction: hostile,
    demands: sometimes(fc.array(hostileNumber, { minLength: 6, maxLength: 6 })),
    capacities: sometimes(fc.array(hostileNumber, { minLength: 6, maxLength: 6 })),
    extra: fc.option(fc.tuple(fc.constantFrom('unknownField', '__proto__', 'fixedSites', 'forbiddenSites', 'siteCosts', 'budget'), hostile)),
  })
  .map((g) => {
    const instance: Record<string, unknown> = { model: g.model, demandWeights: Array.isArray(g.demandWeights) ? g.demandWeights.slice(0, g.rows) : g.demandWeights };
    const matrix = g.minutes.slice(0, g.rows).map((row) => row.slice(0, g.columns));
    if (g.sparse) {
      instance.cover = matrix.map((row) => row.map((minutes, j) => [j, minutes]));
      instance.candidateCount = typeof g.candidateCount === 'number' ? g.candidateCount : g.columns;
    } else {
      instance.minutes = matrix;
    }
    for (const key of ['siteCount', 'standardMinutes', 'aircraftCount', 'busyFraction'] as const) if (g[key] !== undefined) instance[key] = g[key];
    if (Array.isArray(g.demands)) instance.demands = g.demands.slice(0, g.rows);
    if (Array.isArray(g.capacities)) instance.capacities = g.capacities.slice(0, g.columns);
    let text = JSON.stringify(instance);
    if (g.extra) text = `${text.slice(0, -1)},${JSON.stringify(g.extra[0])}:${JSON.stringify(g.extra[1]) ?? 'null'}}`;
    return {
      files: { 'instance.json': text },
      argv: ['solve', '{dir}/instance.json', '--time-limit', '2'],
      siteCount: typeof g.siteCount === 'number' && Number.isInteger(g.siteCount) ? g.siteCount : undefined,
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

describe('fuzzing the CLI with generated JSON', () => {
  it('scenarios: exit 0 with finite outputs or exit 2 with a coded error; no stack trace, hang or memory beyond the cap', { timeout: 900_000 }, async () => {
    const cases = fc.sample(scenarioCase, { seed, numRuns: 60 });
    const { results, stopped } = await runCases('scenarios', cases);
    record('airreach run <generated scenario>', results);
    if (process.env.FUZZ_DEBUG) console.log(results.map((r) => r.error?.replace(/^.*?scenario.json, /, '').slice(0, 150)), (cases[0] as { files: Record<string, string> }).files['scenario.json']);
    expect(stopped).toBeNull();
    const bad = results.filter((r) => r.problems.length > 0 || r.rssMiB > RSS_MIB).map((r) => ({ ...r, input: (cases[r.k] as { files: Record<string, string> }).files['scenario.json'].slice(0, process.env.FUZZ_DEBUG ? 1e5 : 600) }));
    expect(bad).toEqual([]);
    // The generator must reach both ends: runs that finish and inputs that are refused.
    expect(results.some((r) => r.code === 0)).toBe(true);
    expect(results.some((r) => r.code === 2)).toBe(true);
  });

  it('matrix instances: exit 0 with finite numbers (never "optimal" beyond p) or exit 2 with a coded error; no stack trace, hang or memory beyond the cap', { timeout: 900_000 }, async () => {
    const cases = fc.sample(instanceCase, { seed, numRuns: 150 });
    const { results, stopped } = await runCases('instances', cases);
    record('airreach solve <generated instance>', results);
    expect(stopped).toBeNull();
    const bad = results.filter((r) => r.problems.length > 0 || r.rssMiB > RSS_MIB).map((r) => ({ ...r, input: (cases[r.k] as { files: Record<string, string> }).files['instance.json'].slice(0, 600) }));
    expect(bad).toEqual([]);
    expect(results.some((r) => r.code === 0)).toBe(true);
    expect(results.some((r) => r.code === 2)).toBe(true);
  });
});
